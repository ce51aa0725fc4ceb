import { html, nothing, type TemplateResult } from 'lit';
import { spanQuoteShown } from './quote';
import { messageText } from '../../src/core/messageText';
import type { Message } from '../../src/core/schema';
import type { AddEvent, SpanLabel } from '../../src/core/labels/labelEvent';
import type { WordDiff } from '../../src/core/diff/wordDiff';
import { columns, spansOf, type Column, type ViewState } from '../state';
import type { Mark } from '../segments';
import type { Actions } from '../actions';
import { sidePanel } from './sidePanel';
import { formatOf, messageBody } from './markdown';
import { resultFold, toolCallsView, toolResultFrame, type CallPlace } from './toolCall';
import { rawToShown } from '../../src/core/toolArguments';
import { stepFocused, stepLabelsView } from './stepLabels';
import { shown, shownAttr } from './text';
import { diffShare, type DiffShare } from '../../src/core/diff/diffShare';
import { turnsView } from './turns';
import { outlineView } from './outline';

type Field = 'content' | 'reasoning';

/** Shares are computed once per diff (the diffs object is replaced with each item). */
const shares = new WeakMap<WordDiff, DiffShare>();

/** The row diff of this message's field, with how much the two sides share. */
function rowDiff(state: ViewState, col: Column, message: number, field: Field): { diff: WordDiff; share: DiffShare } | undefined {
  const row = state.diffs.find((d) => (col.dataIndex === 0 ? d.left : d.right) === message);
  const diff = row?.[field];
  const item = state.item;
  if (!row || !diff || !item) return undefined;
  let share = shares.get(diff);
  if (!share) {
    const [a, b] = [item.sides[0].messages[row.left], item.sides[1].messages[row.right]];
    const text = (m: Message | undefined) => (m ? (field === 'content' ? messageText(m) : (m.reasoning ?? '')) : '');
    share = diffShare(text(a), text(b), diff);
    shares.set(diff, share);
  }
  return { diff, share };
}

/** Highlights of spans (mine, or others' when shown), at the offsets `at` gives (undefined: not drawn). */
export function spanMarks(state: ViewState, spans: readonly SpanLabel[], other: boolean, at: (s: SpanLabel) => [number, number] | undefined = (s) => [s.start, s.end]): Mark[] {
  const traits = state.taxonomy?.traits ?? [];
  const annotators = other ? [...new Set(state.others.map((l) => l.annotator))].sort() : [];
  const marks: Mark[] = [];
  for (const s of spans) {
    const range = at(s);
    if (!range) continue;
    const ti = traits.findIndex((t) => t.id === s.trait);
    const trait = traits[ti]?.label ?? s.trait;
    marks.push({
      start: range[0],
      end: range[1],
      kind: 'span',
      id: s.id,
      traitIndex: ti < 0 ? 9 : ti,
      other,
      annotatorIndex: other ? annotators.indexOf(s.annotator) % 4 : undefined,
      title: `${trait}${s.severity ? ` · ${s.severity}` : ''}${s.note ? ` — ${s.note}` : ''} (${s.annotator})`,
    });
  }
  return marks;
}

/** Marks for one message field: diff ranges (when on) and my / others' spans. */
function marksFor(state: ViewState, col: Column, message: number, field: Field): Mark[] {
  const marks: Mark[] = [];
  const rd = state.view.diff ? rowDiff(state, col, message, field) : undefined;
  // Only where the answers are comparable: two different answers get no word marks at all.
  if (rd?.share.comparable) for (const r of col.dataIndex === 0 ? rd.diff.left : rd.diff.right) marks.push({ ...r, kind: 'diff' });
  marks.push(...spanMarks(state, spansOf(state.labels, col.side.name, message, field), false));
  if (state.view.showOthers) marks.push(...spanMarks(state, spansOf(state.others, col.side.name, message, field), true));
  return marks;
}

/** Where a side message's tool calls are: their arguments are taggable, spans on them drawn at their shown offsets. */
function callPlace(state: ViewState, col: Column, message: number): CallPlace {
  return {
    side: col.side.name,
    message,
    label: `${col.title} message ${message + 1}`,
    marks(call, layout) {
      const of = (labels: readonly AddEvent[]) => spansOf(labels, col.side.name, message, 'arguments').filter((s) => s.toolCallId === call.id);
      const at = (s: SpanLabel) => rawToShown(layout, s.start, s.end);
      return [...spanMarks(state, of(state.labels), false, at), ...(state.view.showOthers ? spanMarks(state, of(state.others), true, at) : [])];
    },
  };
}

/** Notes of the row diffs that are drawn (a coarser diff is said; a suppressed one says so itself). */
export function drawnDiffNotes(state: ViewState): string[] {
  const item = state.item;
  if (!item) return [];
  const notes: string[] = [];
  for (const d of state.diffs) {
    for (const field of ['content', 'reasoning'] as const) {
      const diff = d[field];
      if (!diff?.note) continue;
      const col: Column = { dataIndex: 0, side: item.sides[0], title: '', position: 'left' };
      if (rowDiff(state, col, d.left, field)?.share.comparable) notes.push(diff.note);
    }
  }
  return notes;
}

/** "Answers differ throughout": said instead of tinting every word of long answers, when the diff is on. */
function shareNote(state: ViewState, col: Column, message: number, field: Field): TemplateResult | typeof nothing {
  const rd = state.view.diff ? rowDiff(state, col, message, field) : undefined;
  if (!rd?.share.sayDifferent) return nothing;
  return html`<p class="share-note" role="note" data-share=${Math.round(rd.share.share * 100)}>${field === 'reasoning' ? 'Reasoning differs' : 'Answers differ'} throughout (${Math.round(rd.share.share * 100)} % of words shared): differences not highlighted</p>`;
}

function messageView(state: ViewState, col: Column, m: Message, i: number, a: Actions): TemplateResult {
  const text = messageText(m);
  const raw = !!state.view.raw;
  const where = (field: Field) => ({ side: col.side.name, message: i, field, ...(field === 'content' && m.role === 'tool' && m.tool_call_id ? { call: m.tool_call_id } : {}) });
  const marks = text ? marksFor(state, col, i, 'content') : [];
  const content = () => messageBody(text, marks, where('content'), `${col.title} message ${i + 1}`, raw, formatOf(m.role, text));
  const step = { side: col.side.name, message: i };
  return html`<article class="message role-${m.role} ${stepFocused(state, step) ? 'step-focused' : ''}" data-message=${i} tabindex="-1">
    <header class="role">${m.role}${m.name ? html` · ${shown(m.name)}` : ''}${m.tool_call_id ? html` <span class="tool-id">${shown(m.tool_call_id)}</span>` : nothing}${stepLabelsView(state, step, a)}</header>
    ${m.reasoning
      ? html`<details class="reasoning" open>
          <summary>Reasoning</summary>
          ${shareNote(state, col, i, 'reasoning')}
          ${messageBody(m.reasoning, marksFor(state, col, i, 'reasoning'), where('reasoning'), `${col.title} reasoning, message ${i + 1}`, raw)}
        </details>`
      : nothing}
    ${text ? shareNote(state, col, i, 'content') : nothing}
    ${text ? toolResultFrame(m, text, content, raw, resultFold(state, (k, o) => a.chooseResult(k, o), col.side.name, i, marks)) : nothing}
    ${toolCallsView(m.tool_calls, callPlace(state, col, i), (call) => ({ labels: stepLabelsView(state, { ...step, call }, a), focused: stepFocused(state, { ...step, call }) }))}
  </article>`;
}

function scoresView(col: Column, blind: boolean): TemplateResult | typeof nothing {
  if (blind || !col.side.scores) return nothing;
  const entries = Object.entries(col.side.scores);
  if (!entries.length) return nothing;
  // A grader's answer and explanation (Inspect scorers) sit beside its score; dict scores share their scorer's note.
  const notes = col.side.score_notes ?? {};
  const noteOf = (k: string) => notes[k] ?? (k.includes('.') ? notes[k.slice(0, k.indexOf('.'))] : undefined);
  const shown = new Set<string>();
  return html`<dl class="scores" aria-label="Reward-model and grader scores">${entries.map(([k, v]) => {
    const note = noteOf(k);
    const first = note !== undefined && !shown.has(note);
    if (note !== undefined) shown.add(note);
    return html`<div><dt>${k}</dt><dd>${v.toFixed(2)}</dd>${first ? html`<dd class="score-note">${note}</dd>` : nothing}</div>`;
  })}</dl>`;
}

function spanList(state: ViewState, col: Column, a: Actions): TemplateResult | typeof nothing {
  const on = (l: AddEvent): l is SpanLabel => l.kind === 'span' && l.in !== 'prompt' && l.side === col.side.name;
  return spanListView(state, state.labels.filter(on), state.view.showOthers ? state.others.filter(on) : [], `Tagged spans, ${col.title}`, a);
}

/** A list of spans (mine with edit and delete, others' with their annotator); nothing when there are none. */
export function spanListView(state: ViewState, mine: readonly SpanLabel[], others: readonly SpanLabel[], label: string, a: Actions): TemplateResult | typeof nothing {
  if (!mine.length && !others.length) return nothing;
  const traits = state.taxonomy?.traits ?? [];
  const row = (s: SpanLabel, own: boolean) => {
    const ti = traits.findIndex((t) => t.id === s.trait);
    return html`<li class="span-row ${own ? '' : 'other'}" data-span=${s.id}>
      <span class="chip ta-${ti < 0 ? 9 : ti}">${traits[ti]?.label ?? s.trait}</span>
      ${s.severity ? html`<span class="severity">${s.severity}</span>` : nothing}
      <q class="quote">${shown(spanQuoteShown(state.item, s, 120))}</q>
      ${s.note ? html`<span class="note">${shown(s.note)}</span>` : nothing}
      ${own
        ? html`<vscode-toolbar-button icon="edit" label="Edit span" title="Edit severity and note" @click=${() => a.editSpan(s)}></vscode-toolbar-button>
            <vscode-toolbar-button icon="trash" label="Delete span" title="Delete span" @click=${() => a.removeLabel(s.id)}></vscode-toolbar-button>`
        : html`<span class="by">${s.annotator}</span>`}
    </li>`;
  };
  return html`<ul class="span-list" aria-label=${label}>${mine.map((s) => row(s, true))}${others.map((s) => row(s, false))}</ul>`;
}

/** The two sides, turn-aligned rows in each column (heights aligned by the sync controller). */
export function columnsView(state: ViewState, a: Actions): TemplateResult {
  // One run read alone: its one side, the empty other column left out.
  const cols = columns(state)?.filter((c) => !(state.item?.single && c.dataIndex === 1));
  if (!cols) return html``;
  return html`<div class="sides ${cols.length === 1 ? 'one-side' : ''} ${state.view.syncScroll ? 'synced' : 'independent'}">
    ${cols.map(
      (col) => html`<section class="side side-${col.position} ${state.focusSide === col.position ? 'focused' : ''}" role="region" aria-label=${shownAttr(`${col.title}${state.view.blind ? '' : ` — ${col.side.model}`}`)} data-side=${col.side.name} data-position=${col.position}>
        <header class="side-head">
          <h2><span class="side-name">${shown(col.title)}</span> ${state.view.blind ? nothing : html`<span class="model">${shown(col.side.model)}</span>`}</h2>
          ${scoresView(col, state.view.blind)}
        </header>
        ${state.keyStop && (state.focusSide ?? 'left') === col.position ? html`<div class="key-stop" role="alert" data-key-stop>${state.keyStop}</div>` : nothing}
        ${outlineView(state, col, a)}
        <div class="turns" tabindex="0" aria-label=${`${col.title}: answer text (] and [ select sentences, w and q words)`}>
          ${turnsView(state, col, a, (s, c, m, i) => messageView(s, c, m, i, a))}
        </div>
        ${spanList(state, col, a)}
        ${sidePanel(state, col, a)}
      </section>`,
    )}
  </div>`;
}

export type { AddEvent };

import { html, nothing, type TemplateResult } from 'lit';
import { messageText } from '../../src/core/messageText';
import type { Message } from '../../src/core/schema';
import type { AddEvent, SpanLabel } from '../../src/core/labelEvent';
import type { WordDiff } from '../../src/core/wordDiff';
import { columns, spansOf, type Column, type ViewState } from '../state';
import type { Mark } from '../segments';
import type { Actions } from '../actions';
import { markedText } from './text';
import { sidePanel } from './sidePanel';

/** Marks for one message field: diff ranges (when on) and my / others' spans. */
function marksFor(state: ViewState, col: Column, message: number, field: 'content' | 'reasoning'): Mark[] {
  const marks: Mark[] = [];
  if (state.view.diff) {
    const row = state.diffs.find((d) => (col.dataIndex === 0 ? d.left : d.right) === message);
    const diff: WordDiff | undefined = row?.[field];
    for (const r of (col.dataIndex === 0 ? diff?.left : diff?.right) ?? []) marks.push({ ...r, kind: 'diff' });
  }
  const traits = state.taxonomy?.traits ?? [];
  const annotators = [...new Set(state.others.map((l) => l.annotator))].sort();
  const add = (spans: SpanLabel[], other: boolean) => {
    for (const s of spans) {
      const ti = traits.findIndex((t) => t.id === s.trait);
      const trait = traits[ti]?.label ?? s.trait;
      marks.push({
        start: s.start,
        end: s.end,
        kind: 'span',
        id: s.id,
        traitIndex: ti < 0 ? 9 : ti,
        other,
        annotatorIndex: other ? annotators.indexOf(s.annotator) % 4 : undefined,
        title: `${trait}${s.severity ? ` · ${s.severity}` : ''}${s.note ? ` — ${s.note}` : ''} (${s.annotator})`,
      });
    }
  };
  add(spansOf(state.labels, col.side.name, message, field), false);
  if (state.view.showOthers) add(spansOf(state.others, col.side.name, message, field), true);
  return marks;
}

function messageView(state: ViewState, col: Column, m: Message, i: number): TemplateResult {
  const text = messageText(m);
  const where = (field: 'content' | 'reasoning') => ({ side: col.side.name, message: i, field });
  return html`<article class="message role-${m.role}" data-message=${i}>
    <header class="role">${m.role}${m.name ? ` · ${m.name}` : ''}${m.tool_call_id ? html` <span class="tool-id">${m.tool_call_id}</span>` : nothing}</header>
    ${m.reasoning
      ? html`<details class="reasoning" open>
          <summary>Reasoning</summary>
          ${markedText(m.reasoning, marksFor(state, col, i, 'reasoning'), where('reasoning'), `${col.title} reasoning, message ${i + 1}`)}
        </details>`
      : nothing}
    ${text ? markedText(text, marksFor(state, col, i, 'content'), where('content'), `${col.title} message ${i + 1}`) : nothing}
    ${m.tool_calls?.length
      ? html`<div class="tool-calls">${m.tool_calls.map(
          (c) => html`<div class="tool-call"><span class="codicon codicon-tools" aria-hidden="true"></span> <code class="fn">${c.function.name}</code>${c.id ? html` <span class="tool-id">${c.id}</span>` : nothing}<pre class="args">${prettyJson(c.function.arguments ?? '')}</pre></div>`,
        )}</div>`
      : nothing}
  </article>`;
}

function prettyJson(s: string): string {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
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
  const mine = state.labels.filter((l): l is SpanLabel => l.kind === 'span' && l.side === col.side.name);
  const others = state.view.showOthers ? state.others.filter((l): l is SpanLabel => l.kind === 'span' && l.side === col.side.name) : [];
  if (!mine.length && !others.length) return nothing;
  const traits = state.taxonomy?.traits ?? [];
  const row = (s: SpanLabel, own: boolean) => {
    const ti = traits.findIndex((t) => t.id === s.trait);
    return html`<li class="span-row ${own ? '' : 'other'}" data-span=${s.id}>
      <span class="chip ta-${ti < 0 ? 9 : ti}">${traits[ti]?.label ?? s.trait}</span>
      ${s.severity ? html`<span class="severity">${s.severity}</span>` : nothing}
      <q class="quote">${s.quote.length > 120 ? s.quote.slice(0, 120) + '…' : s.quote}</q>
      ${s.note ? html`<span class="note">${s.note}</span>` : nothing}
      ${own
        ? html`<vscode-toolbar-button icon="edit" label="Edit span" title="Edit severity and note" @click=${() => a.editSpan(s)}></vscode-toolbar-button>
            <vscode-toolbar-button icon="trash" label="Delete span" title="Delete span" @click=${() => a.removeLabel(s.id)}></vscode-toolbar-button>`
        : html`<span class="by">${s.annotator}</span>`}
    </li>`;
  };
  return html`<ul class="span-list" aria-label=${`Tagged spans, ${col.title}`}>${mine.map((s) => row(s, true))}${others.map((s) => row(s, false))}</ul>`;
}

/** The two sides, turn-aligned rows in each column (heights aligned by the sync controller). */
export function columnsView(state: ViewState, a: Actions): TemplateResult {
  const cols = columns(state);
  if (!cols) return html``;
  return html`<div class="sides ${state.view.syncScroll ? 'synced' : 'independent'}">
    ${cols.map(
      (col) => html`<section class="side side-${col.position}" role="region" aria-label=${`${col.title}${state.view.blind ? '' : ` — ${col.side.model}`}`} data-side=${col.side.name} data-position=${col.position}>
        <header class="side-head">
          <h2><span class="side-name">${col.title}</span> ${state.view.blind ? nothing : html`<span class="model">${col.side.model}</span>`}</h2>
          ${scoresView(col, state.view.blind)}
        </header>
        <div class="turns">
          ${state.turns.map((pair, row) => {
            const i = pair[col.dataIndex];
            const m = i === null || i === undefined ? undefined : col.side.messages[i];
            return html`<div class="turn" data-row=${row}>${m && i !== null ? messageView(state, col, m, i) : html`<div class="gap" aria-hidden="true"></div>`}</div>`;
          })}
        </div>
        ${spanList(state, col, a)}
        ${sidePanel(state, col, a)}
      </section>`,
    )}
  </div>`;
}

export type { AddEvent };

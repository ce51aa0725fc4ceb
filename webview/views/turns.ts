import { html, nothing, type TemplateResult } from 'lit';
import type { Message } from '../../src/core/schema';
import { columns, type Column, type ViewState } from '../state';
import type { Actions } from '../actions';
import { collapsedStretches, currentStep, stretchMin, subagentRuns, unmatchedStretches, type Stretch, type SubagentRun } from '../steps';
import { shown } from './text';

/** Draws one message of a column (columns.ts). */
export type MessageView = (state: ViewState, col: Column, m: Message, i: number) => TemplateResult;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** What a collapsed stretch holds, in a few words: "12 tool calls (bash ×8, read_file ×4)". */
function stretchSummary(messages: readonly Message[]): string {
  const tools = new Map<string, number>();
  for (const m of messages) for (const c of m.tool_calls ?? []) tools.set(c.function.name, (tools.get(c.function.name) ?? 0) + 1);
  const calls = [...tools.values()].reduce((a, b) => a + b, 0);
  if (!calls) return '';
  const top = [...tools].sort((a, b) => b[1] - a[1]).slice(0, 4);
  return ` (${plural(calls, 'tool call')}: ${top.map(([k, n]) => `${k} ×${n}`).join(', ')}${tools.size > top.length ? ', …' : ''})`;
}

/**
 * A collapsed stretch of steps only one side has: one compact row on both sides instead of a
 * screen of blank space on the other; the side with the steps says what they are and opens them.
 */
function stretchView(state: ViewState, col: Column, s: Stretch, a: Actions): TemplateResult {
  const n = s.end - s.start;
  if (col.dataIndex !== s.dataIndex) return onlyOnOther(state, s);
  const messages = state.turns.slice(s.start, s.end).flatMap((p) => {
    const i = p[s.dataIndex];
    const m = i === null ? undefined : col.side.messages[i];
    return m ? [m] : [];
  });
  return html`<div class="stretch-note" role="note">
    <span class="codicon codicon-fold" aria-hidden="true"></span> ${plural(n, 'step')} only on this side${stretchSummary(messages)}
    <vscode-button secondary class="stretch-open" @click=${() => a.openStretch(s.start)}>Expand</vscode-button>
  </div>`;
}

/** On the side without a stretch's steps: how many the other side has there. */
function onlyOnOther(state: ViewState, s: Stretch): TemplateResult {
  const owner = columns(state)?.find((c) => c.dataIndex === s.dataIndex);
  return html`<p class="stretch-note other" role="note">${plural(s.end - s.start, 'step')} only on ${shown(owner?.title ?? 'the other side')}</p>`;
}

/** An opened stretch, on the side without its steps: one compact note (rowHeights.ts leaves the stretch's rows unaligned). */
function openedNote(state: ViewState, s: Stretch, a: Actions): TemplateResult {
  const owner = columns(state)?.find((c) => c.dataIndex === s.dataIndex);
  return html`<div class="stretch-note other opened" role="note">${plural(s.end - s.start, 'step')} only on ${shown(owner?.title ?? 'the other side')}
    <vscode-button secondary @click=${() => a.closeStretch(s.start)}>Collapse</vscode-button></div>`;
}

/** The header of a sub-agent's run of turns: who it is, what started it, and its fold toggle. */
function subagentHeader(m: Message, run: SubagentRun, folded: boolean, a: Actions): TemplateResult {
  const call = (m as { subagent?: { call_id?: unknown } }).subagent?.call_id;
  const n = run.end - run.first;
  return html`<button class="subagent-head" aria-expanded=${folded ? 'false' : 'true'} @click=${() => a.toggleSubagent(run.key)}>
    <span class="codicon codicon-${folded ? 'chevron-right' : 'chevron-down'}" aria-hidden="true"></span>
    Sub-agent <code>${shown(run.id)}</code> · ${plural(n, 'step')}${typeof call === 'string' ? html` · started by <span class="tool-id">${shown(call)}</span>` : nothing}
  </button>`;
}

/**
 * A column's rows, aligned with the other column's: long one-sided stretches collapsed to one row
 * (steps.ts `stretchMin`), sub-agent runs nested under the step that started them and foldable.
 * Both columns draw one `.turn` per row (folded rows empty), so rowHeights.ts pairs them by index.
 */
export function turnsView(state: ViewState, col: Column, a: Actions, messageView: MessageView): TemplateResult[] {
  const collapsed = collapsedStretches(state);
  const fold = new Uint8Array(state.turns.length);
  const heads = new Map<number, Stretch>();
  for (const s of collapsed) {
    heads.set(s.start, s);
    fold.fill(1, s.start + 1, s.end);
  }
  // An opened stretch, on the column without its steps: one compact cell, not a cell the height of the whole stretch.
  for (const s of unmatchedStretches(state.turns)) if (state.openStretches.includes(s.start) && s.dataIndex !== col.dataIndex) fold.fill(1, s.start + 1, s.end);
  const opened = new Map(unmatchedStretches(state.turns).filter((s) => state.openStretches.includes(s.start) && s.dataIndex !== col.dataIndex).map((s) => [s.start, s]));
  const runs = subagentRuns(col.side.name, col.side.messages);
  const runOf = new Map<number, SubagentRun>();
  for (const r of runs) for (let i = r.first; i < r.end; i++) runOf.set(i, r);
  const step = currentStep(state);
  // Short stretches the other side alone has (long ones collapse, above): said once, at their first row, so the
  // blank beside them does not read as a missing answer.
  const short = new Map(unmatchedStretches(state.turns, 1).filter((s) => s.dataIndex !== col.dataIndex && s.end - s.start < stretchMin).map((s) => [s.start, s]));
  return state.turns.map((pair, row) => {
    if (fold[row]) return html`<div class="turn folded" data-row=${row}></div>`;
    const head = heads.get(row);
    if (head) return html`<div class="turn stretch" data-row=${row}>${stretchView(state, col, head, a)}</div>`;
    const i = pair[col.dataIndex];
    const m = i === null || i === undefined ? undefined : col.side.messages[i];
    if (!m || i === null) {
      const s = opened.get(row);
      if (s) return html`<div class="turn opened-stretch" data-row=${row} data-span-rows=${s.end - s.start}>${openedNote(state, s, a)}</div>`;
      const gap = short.get(row);
      return html`<div class="turn" data-row=${row}>${gap ? onlyOnOther(state, gap) : html`<div class="gap" aria-hidden="true"></div>`}</div>`;
    }
    const run = runOf.get(i);
    const folded = !!run && state.foldedSubagents.includes(run.key);
    const current = !!step && step.where === col.position && step.message === i;
    const cls = `turn${run ? ' subagent-turn' : ''}${current ? ' current-step' : ''}`;
    if (run && folded) return html`<div class=${cls} data-row=${row}>${i === run.first ? subagentHeader(m, run, true, a) : nothing}</div>`;
    return html`<div class=${cls} data-row=${row}>${run && i === run.first ? subagentHeader(m, run, false, a) : nothing}${messageView(state, col, m, i)}</div>`;
  });
}

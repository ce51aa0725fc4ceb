/**
 * The item shown and the items sent ahead. After each item the host posts the neighbours `j` / `k`
 * go to (`item/ahead`, read and laid out); the view shows one of them at once when asked for it and
 * tells the host after (`item/show` with `shownFrom`), so a key paints its item in the frame it was
 * pressed in. The item left is kept too, to come back to at once. Pure: state in, state out.
 */
import type { AddEvent } from '../src/core/labels/labelEvent';
import type { HostToWebview, ShownItem } from '../src/protocol';
import type { AheadItem, ViewState } from './state';

/** Items kept ahead: the two neighbours of the shown one and the two last left. */
export const aheadKept = 4;

/** The view with `m` as its shown item. */
export function showing(state: ViewState, m: ShownItem): ViewState {
  return {
    ...state,
    showRequest: undefined,
    index: m.index,
    item: m.item,
    count: Math.max(state.count, m.count),
    line: m.line,
    turns: m.turns,
    diffs: m.diffs,
    notes: m.notes,
    errors: m.errors,
    labels: m.labels,
    others: m.others,
    shownRead: m.key === undefined ? undefined : { key: m.key, index: m.index },
    // An item sent ahead for this position is this one now, or an older read of it.
    ahead: state.ahead.filter((a) => a.index !== m.index),
    // Another item: its steps start unvisited (a step of another item is not one of this), its stretches collapsed, its sub-agents open.
    ...(m.item?.id !== state.item?.id ? { step: null, focusStep: null, openStretches: [], foldedSubagents: [], openResults: {}, resultsAll: null } : {}),
  };
}

/** The view as `j` / `k` to `ahead` will show it (`show` in actions.ts): what is drawn ahead for it is drawn from this. */
export function aheadView(state: ViewState, ahead: AheadItem): ViewState {
  return showing({ ...state, index: ahead.index, spanEditor: null }, ahead);
}

/** An item sent ahead, kept (newest first; the oldest go past `aheadKept`). */
export function withAhead(state: ViewState, m: AheadItem | undefined): ViewState {
  if (!m || m.index === state.shownRead?.index) return state;
  return { ...state, ahead: [m, ...state.ahead.filter((a) => a.index !== m.index)].slice(0, aheadKept) };
}

/** The shown item as an item to come back to, with its labels as they are now; undefined when the host gave it no key. */
export function leaving(state: ViewState): AheadItem | undefined {
  const read = state.shownRead;
  if (!read) return undefined;
  const { count, line, item, turns, diffs, notes, errors, labels, others } = state;
  return { key: read.key, index: read.index, count, line, item, turns, diffs, notes, errors, labels, others };
}

/** The item `j` goes to from `index` (within the filter when one is active), if any. */
export function nextOf(state: ViewState, index: number): number | undefined {
  const q = state.filtered;
  if (q) return q.find((i) => i > index);
  return index + 1 < state.count || state.indexing ? index + 1 : undefined;
}

/** The items `j` and `k` go to from `index`. */
export function neighbours(state: ViewState, index: number): number[] {
  const q = state.filtered;
  const previous = q ? [...q].reverse().find((i) => i < index) : index > 0 ? index - 1 : undefined;
  return [nextOf(state, index), previous].filter((i): i is number => i !== undefined);
}

/** Labels of an item changed: the shown one and any kept ahead follow. */
export function relabel(state: ViewState, item: string, labels: AddEvent[], others?: AddEvent[]): ViewState {
  const ahead = state.ahead.some((a) => a.item?.id === item)
    ? state.ahead.map((a) => (a.item?.id === item ? { ...a, labels, ...(others ? { others } : {}) } : a))
    : state.ahead;
  const shown = state.item?.id === item;
  return { ...state, ahead, ...(shown ? { labels, ...(others ? { others } : {}) } : {}) };
}

type Moved = Extract<HostToWebview, { type: 'item/didMove' }>;

const sameIds = (a: readonly AddEvent[], b: readonly AddEvent[]) => a.length === b.length && a.every((l, i) => l.id === b[i]!.id);

/** The host made the item shown from ahead current: what changed since it was sent (nothing, mostly). */
export function moved(state: ViewState, m: Moved): { state: ViewState; changed: boolean } {
  const changed =
    !sameIds(state.labels, m.labels) ||
    !sameIds(state.others, m.others) ||
    state.notes.join('\n') !== m.notes.join('\n') ||
    state.errors.join('\n') !== m.errors.join('\n') ||
    state.line !== m.line;
  const next = { ...state, showRequest: undefined, count: Math.max(state.count, m.count) };
  return { state: changed ? { ...next, line: m.line, notes: m.notes, errors: m.errors, labels: m.labels, others: m.others } : next, changed: changed || next.count !== state.count };
}

/**
 * What a host message does to the view: the new state, and the effects the bootstrap (main.ts)
 * then performs in order. Pure: no DOM, no host, so every message's handling is unit-tested.
 */
import type { HostToWebview } from '../src/protocol';
import type { Taxonomy } from '../src/core/taxonomy';
import type { KeyAction } from '../src/core/review/keys';
import { settleLabel, type ViewState } from './state';
import { moved, nextOf, relabel, showing, withAhead } from './shownItems';
import type { ReviewItem } from '../src/core/schema';

export type Effect =
  /** The request is answered: its reply timer stops. */
  | { do: 'settle'; requestId: string | undefined }
  /** The host is alive and still writing: unanswered label requests wait on. */
  | { do: 'extendLabelRequests' }
  | { do: 'traitColours'; taxonomy: Taxonomy }
  /** Ask for item `index` (a request whose answer replaces the item). */
  | { do: 'show'; index: number }
  /** `layout: false` keeps the measured turn heights (nothing in the transcript changed). */
  | { do: 'render'; layout: boolean }
  | { do: 'scrollToTop' }
  /** A short message, shown for a moment (it renders too). */
  | { do: 'toast'; message: string }
  | { do: 'toggleHelp' }
  | { do: 'tagSelection'; trait: string }
  | { do: 'revealLabels' }
  /** A key command from the host: runs unless the view already ran it. */
  | { do: 'key'; action: KeyAction; n: number | undefined }
  /** The item `j` goes to arrived ahead: its Markdown is parsed while the view is idle. */
  | { do: 'prepare'; item: ReviewItem };

export interface Step {
  state: ViewState;
  effects: Effect[];
}

const render: Effect = { do: 'render', layout: true };
const renderCounts: Effect = { do: 'render', layout: false };

export function reducer(state: ViewState, m: HostToWebview): Step {
  switch (m.type) {
    case 'document/didInit': {
      const init: ViewState = {
        ...state,
        readOnly: m.readOnly,
        guidelines: m.guidelines === true,
        fileName: m.fileName,
        annotator: m.annotator,
        taxonomy: m.taxonomy,
        defaultSeverity: m.defaultSeverity,
        blindSeed: m.blindSeed,
        view: m.view,
        problems: m.problems,
        keys: m.keys,
        index: m.position,
      };
      // The reply carries the first item: nothing more to ask for.
      const effects: Effect[] = [{ do: 'settle', requestId: m.requestId }, { do: 'traitColours', taxonomy: m.taxonomy }];
      return m.first ? { state: showing(init, m.first), effects: [...effects, render, { do: 'scrollToTop' }] } : { state: init, effects: [...effects, render] };
    }
    case 'document/didIndex':
      // Ten times a second while indexing: the toolbar changes, the turns do not.
      return { state: { ...state, count: m.count, indexing: !m.done, fraction: m.fraction }, effects: [renderCounts] };
    case 'item/didShow': {
      const settled: Effect = { do: 'settle', requestId: m.requestId };
      // An answer to an earlier j/k, overtaken by a later one: the later one is what is wanted.
      if (m.requestId && m.requestId !== state.showRequest) return { state, effects: [settled] };
      // Shown by the host itself (a reload, the palette, an undo elsewhere): what was sent ahead may be stale.
      const base = m.requestId ? state : { ...state, ahead: [] };
      return { state: showing(base, m), effects: [settled, render, { do: 'scrollToTop' }] };
    }
    case 'item/ahead': {
      const next = withAhead(state, m);
      // The item `j` goes to: parsed while idle, so `j` only draws it.
      const prepare: Effect[] = m.item && nextOf(state, state.index) === m.index ? [{ do: 'prepare', item: m.item }] : [];
      return { state: next, effects: prepare };
    }
    case 'item/didMove': {
      const settled: Effect = { do: 'settle', requestId: m.requestId };
      if (m.requestId !== state.showRequest) return { state, effects: [settled] };
      const step = moved(state, m);
      return { state: step.state, effects: step.changed ? [settled, render] : [settled] };
    }
    case 'item/didDiff':
      // The diffs that were over the budget when the item was shown; for another item by now, nothing.
      if (m.index !== state.index || m.item !== state.item?.id) return { state, effects: [] };
      return { state: { ...state, diffs: m.diffs }, effects: [render] };
    case 'label/didSave': {
      // The one update for my write: the item's labels, the counts, and which event it was.
      const { labeled, total, mine } = m.progress;
      let next = settleLabel(relabel(state, m.item, m.labels), m.requestId);
      next = { ...next, labeled, queue: mine ? total : undefined, count: mine ? next.count : Math.max(next.count, total) };
      if (next.pending.size === 0 && next.save === 'error') next = { ...next, save: 'saved' };
      const effects: Effect[] = [{ do: 'settle', requestId: m.requestId }, m.message ? { do: 'toast', message: m.message } : render];
      return { state: next, effects };
    }
    case 'request/didFail': {
      // Refused: nothing was written. Say why, and leave the editor of a refused span.
      const next =
        m.requestId && state.pending.has(m.requestId)
          ? { ...settleLabel(state, m.requestId), save: 'error' as const, saveMessage: m.message, spanEditor: null }
          : state;
      return { state: next, effects: [{ do: 'settle', requestId: m.requestId }, { do: 'toast', message: m.message }] };
    }
    case 'request/done': {
      const report = state.typingReport;
      const next = report?.id === m.requestId ? { ...state, hostTyping: report.value, typingReport: undefined } : state;
      return { state: next, effects: [{ do: 'settle', requestId: m.requestId }] };
    }
    case 'labels/status': {
      const effects: Effect[] = m.state !== 'saved' ? [{ do: 'extendLabelRequests' }, render] : [render];
      if (m.state === 'retrying') return { state: { ...state, save: 'retrying', saveMessage: m.message ?? '' }, effects };
      if (state.save === 'retrying') return { state: { ...state, save: state.pending.size > 0 ? 'saving' : 'saved' }, effects };
      return { state, effects };
    }
    case 'labels/readOnly':
      return { state: { ...state, readOnly: m.message }, effects: [render] };
    case 'labels/didChange':
      return { state: relabel(state, m.item, m.labels, m.others), effects: [render] };
    case 'view/didChange':
      return { state: { ...state, view: m.view }, effects: [render] };
    case 'progress/didChange':
      return {
        state: { ...state, labeled: m.labeled, queue: m.mine ? m.total : undefined, count: m.mine ? state.count : Math.max(state.count, m.total) },
        effects: [renderCounts],
      };
    case 'ui/run':
      if (m.action === 'help') return { state: m.keys ? { ...state, keys: m.keys } : state, effects: [{ do: 'toggleHelp' }] };
      if (m.action === 'tagSelection') return { state, effects: m.trait ? [{ do: 'tagSelection', trait: m.trait }] : [] };
      // From Problems: the labels that contradict each other are in the verdict grids.
      return { state, effects: [{ do: 'revealLabels' }] };
    case 'ui/key':
      return { state, effects: [{ do: 'key', action: m.action, n: m.n }] };
    case 'queue/didChange': {
      const next = { ...state, filtered: m.indices, filterText: m.description, count: Math.max(state.count, m.total) };
      // A filter that leaves out the item shown moves to its first item from here on (else its first).
      const q = m.indices;
      if (q?.length && state.item && !q.includes(state.index)) return { state: next, effects: [renderCounts, { do: 'show', index: q.find((i) => i > state.index) ?? q[0]! }] };
      return { state: next, effects: [renderCounts] };
    }
  }
}

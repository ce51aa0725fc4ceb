/** A shown item, host messages and fake page dependencies for the webview's unit tests. */
import type { HostToWebview, ShownItem } from '../../src/protocol';
import type { ReviewItem } from '../../src/core/schema';
import type { AddEvent } from '../../src/core/labels/labelEvent';
import { defaultTaxonomy } from '../../src/core/taxonomy';
import { alignTurns } from '../../src/core/diff/align';
import { initialState, type ViewState } from '../../webview/state';
import { createActions, type Page, type ViewActions } from '../../webview/actions';
import type { Request } from '../../webview/host';
import { runKeyCommand } from '../../webview/keyCommands';
import { reducer } from '../../webview/reducer';
import type { KeyAction } from '../../src/core/review/keys';
import type { SelectionTarget } from '../../webview/selection';

export const taxonomy = defaultTaxonomy;

export const item: ReviewItem = {
  id: 'item-1',
  prompt: [{ role: 'user', content: 'Is the moon made of cheese?' }],
  sides: [
    { name: 'baseline', model: 'base-1', messages: [{ role: 'assistant', content: 'Yes, entirely.' }] },
    { name: 'trained', model: 'tuned-1', messages: [{ role: 'assistant', content: 'No, it is rock.' }] },
  ],
  metadata: { benchmark: 'truthfulness' },
};

/** The turns of `item`, paired as the host pairs them. */
export const turns = alignTurns(item.sides[0].messages, item.sides[1].messages);

type Show = Extract<HostToWebview, { type: 'item/didShow' }>;

/** `item` as the host shows it (the first item of the handshake's reply, or an `item/didShow`). */
export function shownItem(patch: Partial<ShownItem> = {}): ShownItem {
  return { index: 0, count: 3, line: 1, item, turns, diffs: [], notes: [], errors: [], labels: [], others: [], ...patch };
}

export function didShow(patch: Partial<Show> = {}): Show {
  return { type: 'item/didShow', ...shownItem(), ...patch };
}

export function didInit(patch: Partial<Extract<HostToWebview, { type: 'document/didInit' }>> = {}): HostToWebview {
  return {
    type: 'document/didInit',
    requestId: 'wv-1',
    fileName: 'run.jsonl',
    annotator: 'ann',
    taxonomy,
    defaultSeverity: 'major',
    blindSeed: 1,
    view: { diff: true, syncScroll: true, blind: false, swapped: false, showOthers: false },
    position: 2,
    problems: [],
    keys: [],
    ...patch,
  };
}

let labelCounter = 0;
export function verdict(side: string, trait: string, value: 'ok' | 'violation' | 'unsure' = 'violation'): AddEvent {
  return { v: 1, op: 'add', id: `l-${++labelCounter}`, at: '2026-01-01T00:00:00Z', annotator: 'ann', kind: 'verdict', item: item.id, side, trait, value };
}

/** A view showing `item` (three items, taxonomy loaded, nothing pending). */
export function shownState(patch: Partial<ViewState> = {}): ViewState {
  return { ...initialState(), fileName: 'run.jsonl', annotator: 'ann', taxonomy, indexing: false, count: 3, line: 1, item, turns, ...patch };
}

/** Actions over a fake host and page: what was sent, rendered and done to the page is recorded. */
export function fakeView(start: ViewState = shownState(), selection: SelectionTarget | null = null) {
  let state = start;
  let ids = 0;
  const sent: Request[] = [];
  const renders: boolean[] = [];
  const page: string[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const fakePage: Page = {
    typing: () => false,
    selection: () => selection,
    selectedStep: () => (selection ? { side: selection.side, message: selection.message } : undefined),
    clearSelection: () => void page.push('clearSelection'),
    movePassage: (position, unit, how) => {
      page.push(`movePassage ${position} ${unit} ${how}`);
      return true;
    },
    clearPassage: () => void page.push('clearPassage'),
    focusSide: (position) => void page.push(`focusSide ${position}`),
    focusNote: () => void page.push('focusNote'),
    focusSpanEditor: () => void page.push('focusSpanEditor'),
    rememberFocus: () => void page.push('rememberFocus'),
    returnFocus: () => void page.push('returnFocus'),
    restoreFocus: () => void page.push('restoreFocus'),
    later: (run, ms) => void timers.push({ run, ms }),
    scrollToTop: () => void page.push('scrollToTop'),
    revealStep: (ref) => void page.push(`revealStep ${ref.where} ${ref.message}${ref.call === undefined ? '' : ` call ${ref.call}`}`),
    inOutline: () => false,
    toggleToolResults: () => {
      page.push('toggleToolResults');
      return false;
    },
    focusOutline: (position) => void page.push(`focusOutline ${position}`),
  };
  const view = {
    sent,
    renders,
    page,
    timers,
    fakePage,
    get state() {
      return state;
    },
    /** What a host message's reducer step leaves the view with. */
    setState: (next: ViewState) => void (state = next),
    actions: undefined as unknown as ViewActions,
    /** A key command, as `ui/key` runs it. */
    key: (action: KeyAction, n?: number) => runKeyCommand(action, n, { get: () => state, actions: view.actions, page: fakePage, stop: (m) => void page.push(`stop ${m}`) }),
    /** A host message: the reducer's new state. */
    receive(m: HostToWebview): void {
      state = reducer(state, m).state;
    },
  };
  view.actions = createActions({
    get: () => state,
    set: (next) => void (state = next),
    send: (request) => {
      sent.push(request);
      return `wv-${++ids}`;
    },
    render: (layout = true) => void renders.push(layout),
    page: fakePage,
  });
  return view;
}

import type { AddDraft, AddEvent, SpanLabel, VerdictLabel } from '../src/core/labels/labelEvent';
import type { NamedSide, ReviewItem } from '../src/core/schema';
import type { Taxonomy } from '../src/core/taxonomy';
import type { TurnPair } from '../src/core/diff/align';
import type { KeyHelp, RowDiff, ShownItem, ViewOptions } from '../src/protocol';
import { sideOrder } from '../src/core/review/blind';
import type { SideStep } from './stepTarget';
import type { StepRef } from './stepRef';

/** `retrying`: a write failed and is tried again; `error`: a change was refused or got no answer. */
export type SaveState = 'saved' | 'saving' | 'retrying' | 'error';

/** A span as the view asks for it: a draft, the host fills in id, time and annotator. */
export type SpanDraft = Extract<AddDraft, { kind: 'span' }>;

/**
 * The span whose severity and note are being edited, right after tagging (no `target`: written once,
 * from the dialog) or from "edit" (saving a change replaces the saved span, `target`).
 */
export interface SpanEditor {
  span: SpanDraft;
  severity: string;
  note: string;
  /** The id of the saved span being edited: saving replaces it. */
  target?: string;
}

/** An item the host sent ahead (a neighbour `j` / `k` go to), or one just left: shown at once when asked for. */
export type AheadItem = ShownItem & { key: string };

/** Everything the view renders; never changed in place: host messages (reducer.ts) and user actions (actions.ts) replace it. */
export interface ViewState {
  fileName: string;
  annotator: string;
  taxonomy: Taxonomy | null;
  defaultSeverity: string;
  blindSeed: number;
  view: ViewOptions;
  count: number;
  indexing: boolean;
  fraction: number;
  index: number;
  line: number;
  item: ReviewItem | null;
  turns: TurnPair[];
  diffs: RowDiff[];
  /** The host's notes on the item's layout (turns paired by position past a size). */
  notes: string[];
  errors: string[];
  labels: AddEvent[];
  others: AddEvent[];
  labeled: number;
  pending: Set<string>;
  save: SaveState;
  saveMessage: string;
  help: boolean;
  spanEditor: SpanEditor | null;
  toast: string;
  /** Errors that stop the input from loading (a bad manifest). */
  problems: string[];
  /** The latest `item/show` request: an answer to any other is stale. */
  showRequest: string | undefined;
  /** Which read of the shown item this is (the host's key) and its position, when the host gave one. */
  shownRead: { key: string; index: number } | undefined;
  /** Items sent ahead and items just left, newest first (shownItems.ts). */
  ahead: AheadItem[];
  /** Why labels cannot be written (Restricted Mode), or undefined. */
  readOnly: string | undefined;
  /** Size of my campaign queue, when the progress counts it instead of the file. */
  queue: number | undefined;
  /** The campaign has guidelines to open from the toolbar. */
  guidelines: boolean;
  /** The side whose answer and grid the keys act on ('left' / 'right'), once one is chosen. */
  focusSide: 'left' | 'right' | null;
  /** The step (message or tool call) the step keys act on: the one last clicked, holding the selection or gone to by the step keys (stepTarget.ts). */
  focusStep: SideStep | null;
  /** The filtered items `j`/`k` walk (ascending), or undefined: every item. */
  filtered: number[] | undefined;
  /** What the filter is ("benchmark: sycophancy"). */
  filterText: string;
  /** The keys as bound, for the help overlay. */
  keys: KeyHelp[];
  /** Why the keys stopped (a failed step, typing outside a field), shown where the selection would be; '' when they did not. */
  keyStop: string;
  /** Whether the host's typing context says a field has the keyboard, as it last confirmed. */
  hostTyping: boolean;
  /** The typing report the host has not yet answered: until then VS Code may drop a key, so the view runs it. */
  typingReport: { id: string; value: boolean } | undefined;
  /** The current step (steps.ts `currentStep` reads it): the step keys move it, the outline shows it. */
  step: StepRef | null;
  /** The outline of each side's steps is shown. */
  outline: boolean;
  /** One-sided stretches opened by the user (their first row); the others of this item are collapsed. */
  openStretches: number[];
  /** Sub-agent runs folded by the user (steps.ts `subagentRuns` keys). */
  foldedSubagents: string[];
  /** Tool results opened or closed by the user (toolResult.ts `resultKey`); the others follow `resultsAll`, then their default. */
  openResults: Record<string, boolean>;
  /** Every tool result opened (true) or closed (false) at once with `c`; null: each as it opens by default. */
  resultsAll: boolean | null;
}

export function initialState(): ViewState {
  return {
    fileName: '',
    annotator: '',
    taxonomy: null,
    defaultSeverity: 'major',
    blindSeed: 1,
    view: { diff: true, syncScroll: true, blind: false, swapped: false, showOthers: false },
    count: 0,
    indexing: true,
    fraction: 0,
    index: 0,
    line: 0,
    item: null,
    turns: [],
    diffs: [],
    notes: [],
    errors: [],
    labels: [],
    others: [],
    labeled: 0,
    pending: new Set(),
    save: 'saved',
    saveMessage: '',
    help: false,
    spanEditor: null,
    toast: '',
    problems: [],
    showRequest: undefined,
    shownRead: undefined,
    ahead: [],
    readOnly: undefined,
    queue: undefined,
    guidelines: false,
    focusSide: null,
    focusStep: null,
    filtered: undefined,
    filterText: '',
    keys: [],
    keyStop: '',
    hostTyping: false,
    typingReport: undefined,
    step: null,
    outline: false,
    openStretches: [],
    foldedSubagents: [],
    openResults: {},
    resultsAll: null,
  };
}

/** A label request ended (saved, refused, or unanswered): back to "Saved" once none is left. */
export function settleLabel(state: ViewState, requestId: string): ViewState {
  const pending = new Set(state.pending);
  pending.delete(requestId);
  return { ...state, pending, save: pending.size === 0 && state.save === 'saving' ? 'saved' : state.save };
}

/** A side as shown in one column: its data index (0/1 in the item), and what to call it. */
export interface Column {
  dataIndex: 0 | 1;
  side: NamedSide;
  /** The heading: the real side name, or "Response A/B" in blind mode. */
  title: string;
  /** "left" or "right", for preference keys and labels. */
  position: 'left' | 'right';
}

/** Which data side goes left: swapped by the user, and per item at random in blind mode. */
export function columns(state: ViewState): [Column, Column] | null {
  const item = state.item;
  if (!item) return null;
  const order = sideOrder(item.id, { ...state.view, blindSeed: state.blindSeed });
  return order.map((d, i) => ({
    dataIndex: d,
    side: item.sides[d],
    title: state.view.blind ? `Response ${i === 0 ? 'A' : 'B'}` : item.sides[d].name,
    position: i === 0 ? 'left' : 'right',
  })) as [Column, Column];
}

export function verdictFor(labels: readonly AddEvent[], side: string, trait: string): VerdictLabel | undefined {
  return labels.find((l): l is VerdictLabel => l.kind === 'verdict' && l.side === side && l.trait === trait);
}

export function spansOf(labels: readonly AddEvent[], side: string, message: number, field: string): SpanLabel[] {
  return labels.filter((l): l is SpanLabel => l.kind === 'span' && l.in !== 'prompt' && l.side === side && l.message === message && l.field === field);
}

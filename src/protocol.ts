/**
 * The one message protocol between the extension host and the review webview. The host
 * validates every message it receives with `webviewToHostSchema`; host → webview messages are
 * typed by the same schemas (the webview trusts its host).
 */
import { z } from 'zod';
import { addDraftSchema, addEventSchema } from './core/labels/labelEvent';
import { taxonomySchema } from './core/taxonomy';
import type { ReviewItem } from './core/schema';
import type { TurnPair } from './core/diff/align';
import type { RowDiff } from './core/diff/rowDiffs';

export type { RowDiff };
import { hostCommands, keyActions } from './core/review/keys';

const requestId = z.string().min(1).max(64);

/** How the editor shows items; changed from the webview's toolbar or the palette. */
export const viewOptionsSchema = z.object({
  diff: z.boolean(),
  syncScroll: z.boolean(),
  blind: z.boolean(),
  swapped: z.boolean(),
  showOthers: z.boolean(),
  /** Show message text as its Markdown source instead of rendered (absent: rendered). */
  raw: z.boolean().optional(),
});
export type ViewOptions = z.infer<typeof viewOptionsSchema>;

/**
 * Every webview → host message is a request with a `requestId`, and gets exactly one reply
 * carrying it: the reply named below, or `request/didFail` (an invalid message, a refused label,
 * a handler that threw), or `request/done`.
 */
export const webviewToHostSchema = z.discriminatedUnion('type', [
  /** Once the webview's script runs; answered with `document/didInit`, which carries the first item. */
  z.object({ type: z.literal('webview/ready'), requestId }),
  /**
   * Show item `index` (0-based); answered with `item/didShow`, or `request/done` when a newer show overtook it.
   * `shownFrom`: the view already shows it, from the `item/ahead` with this key (`j` painted at once); the host
   * makes it current and answers `item/didMove` (its labels read now), or `item/didShow` when the key is no longer
   * current (the file changed). `neighbours`: the items `j` / `k` would go to from there, to be sent ahead.
   */
  z.object({
    type: z.literal('item/show'),
    requestId,
    index: z.number().int().nonnegative(),
    shownFrom: z.string().min(1).max(200).optional(),
    neighbours: z.array(z.number().int().nonnegative()).max(4).optional(),
  }),
  /** `n`, the next item I have not labeled. */
  z.object({ type: z.literal('item/showNextUnlabeled'), requestId }),
  /** `g`, ask for an item id or number. */
  z.object({ type: z.literal('item/goTo'), requestId }),
  /** Open the current item's raw line in the text editor. */
  z.object({ type: z.literal('item/revealRaw'), requestId }),
  /** Open the campaign's guidelines beside the editor. */
  z.object({ type: z.literal('campaign/openGuidelines'), requestId }),
  /** Record a label (a draft: the host adds id, time and annotator); answered with `label/didSave` once on disk (fsync'd), or `request/didFail` when refused. */
  z.object({ type: z.literal('label/add'), requestId, draft: addDraftSchema, /** Labels of one action share it: undone as one. */ group: z.string().min(1).max(64).optional() }),
  /**
   * Edit one of my labels: `draft` replaces my current label `target` (a span's severity or note).
   * It must occupy the same slot (same item and kind; a span: the same range and trait), so it is
   * written as one add that the fold makes current in `target`'s place, and undo brings `target`
   * back (README: the label log's rules). Answered like `label/add`; refused when `target` is not
   * one of my current labels or the draft is another slot.
   */
  z.object({ type: z.literal('label/replace'), requestId, target: z.string().min(1).max(64), draft: addDraftSchema }),
  /** Retract one of my labels (delete). */
  z.object({ type: z.literal('label/remove'), requestId, target: z.string().min(1).max(64) }),
  /** Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z. */
  z.object({ type: z.literal('label/undo'), requestId }),
  z.object({ type: z.literal('label/redo'), requestId }),
  /** A toolbar toggle changed a view option. */
  z.object({ type: z.literal('view/set'), requestId, options: viewOptionsSchema.partial() }),
  /**
   * Focus moved into (`typing`) or out of a text field: the host sets the `transcriptReview.typing`
   * context key, so the editor's keybindings do not fire while a note is typed.
   */
  z.object({ type: z.literal('ui/focus'), requestId, typing: z.boolean() }),
  /** A key the view judged (pressed on the review, not typed) whose command the host runs: `g`, `n`, undo, … */
  z.object({ type: z.literal('ui/command'), requestId, command: z.enum(hostCommands) }),
  /** A reader activated an http(s) link in model text; the host asks before opening it. */
  z.object({ type: z.literal('link/open'), requestId, url: z.string().min(1).max(8192) }),
]);

export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

/** One line of the help overlay: the keys bound to a command, and what it does. */
export const keyHelpSchema = z.object({
  keys: z.array(z.string()),
  help: z.string(),
  /** The row's commands and their keys in keybindings.json syntax ("shift+1"): the view matches key presses against these. */
  bound: z.array(z.object({ command: z.string(), keys: z.array(z.string()) })).optional(),
});
export type KeyHelp = z.infer<typeof keyHelpSchema>;

/** An item as the view shows it: read, laid out, with my labels and the others'. */
export const shownItemSchema = z.object({
  index: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  line: z.number().int().positive(),
  item: z.custom<ReviewItem>().nullable(),
  turns: z.custom<TurnPair[]>(),
  diffs: z.custom<RowDiff[]>(),
  /** What the view should say about how the item was laid out (e.g. turns paired by position past a size). */
  notes: z.array(z.string()),
  errors: z.array(z.string()),
  labels: z.array(addEventSchema),
  others: z.array(addEventSchema),
  /** Which read of the item this is (the file's generation, the position, the id): `item/show` echoes it as `shownFrom`. */
  key: z.string().optional(),
});
export type ShownItem = z.infer<typeof shownItemSchema>;

/** How many items I have labeled, of the input or (`mine`) of my campaign queue. */
export const progressSchema = z.object({
  labeled: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Counts my campaign queue, not the file. */
  mine: z.boolean().optional(),
});

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  /** Host → webview, the reply to `webview/ready`: what the webview needs, and the first item. */
  z.object({
    type: z.literal('document/didInit'),
    requestId,
    /** Why labels cannot be written here (Restricted Mode), or absent. */
    readOnly: z.string().optional(),
    /** The campaign has a guidelines file (`campaign/openGuidelines` opens it). */
    guidelines: z.boolean().optional(),
    fileName: z.string(),
    annotator: z.string(),
    taxonomy: taxonomySchema,
    defaultSeverity: z.string(),
    blindSeed: z.number().int(),
    view: viewOptionsSchema,
    position: z.number().int().nonnegative(),
    /** Errors that stop the input from loading at all (e.g. a bad manifest). */
    problems: z.array(z.string()),
    /** The keys as bound now (keybindings.json applied), for the help overlay. */
    keys: z.array(keyHelpSchema),
    /** The item at `position` (the last item when the input has fewer), read ahead; absent when there is none. */
    first: shownItemSchema.optional(),
  }),
  /** Host → webview while indexing and once at the end (`done`). */
  z.object({
    type: z.literal('document/didIndex'),
    count: z.number().int().nonnegative(),
    done: z.boolean(),
    fraction: z.number().min(0).max(1),
  }),
  /** Host → webview: the item asked for, or why it could not be shown. */
  shownItemSchema.extend({
    type: z.literal('item/didShow'),
    /** The `item/show` it answers; absent when the host showed the item itself (palette, item list, undo). */
    requestId: requestId.optional(),
  }),
  /** Host → webview: every row diff of the shown item `index` (`item` its id), after it was shown with only those within the diff budget. */
  z.object({ type: z.literal('item/didDiff'), index: z.number().int().nonnegative(), item: z.string(), diffs: z.custom<RowDiff[]>() }),
  /**
   * Host → webview, unasked, after an item is shown: a neighbour `j` / `k` would go to, read and laid out, so
   * the view can show it at once (then `item/show` with `shownFrom: key` tells the host). Not for items over
   * the size the host sends ahead.
   */
  shownItemSchema.extend({ type: z.literal('item/ahead'), key: z.string().min(1) }),
  /**
   * Host → webview: the answer to an `item/show` whose item the view already shows (`shownFrom`): the host
   * made it current; what may have changed since it was sent ahead (labels, notes, counts).
   */
  shownItemSchema.pick({ index: true, count: true, line: true, notes: true, errors: true, labels: true, others: true }).extend({ type: z.literal('item/didMove'), requestId }),
  /**
   * Host → webview: my label change is on disk (appended and fsync'd). The one update for it:
   * `labels` is the item's new state, `progress` the new counts, `event` the id of the event
   * written, `message` what an undo or redo did ("Undid …"). Also sent unasked (a `requestId`
   * the view did not send) when a palette command or keybinding changed my labels.
   */
  z.object({
    type: z.literal('label/didSave'),
    requestId,
    item: z.string(),
    labels: z.array(addEventSchema),
    progress: progressSchema,
    event: z.string().optional(),
    message: z.string().optional(),
  }),
  /** Host → webview: the request was refused or failed; nothing was written. `requestId` is absent when the message had none. */
  z.object({ type: z.literal('request/didFail'), requestId: requestId.optional(), message: z.string() }),
  /** Host → webview: the request is done and has nothing else to say. */
  z.object({ type: z.literal('request/done'), requestId }),
  /** Host → webview: where the label writer stands; `retrying` while a failed write is tried again. */
  z.object({ type: z.literal('labels/status'), state: z.enum(['saved', 'saving', 'retrying']), pending: z.number().int().nonnegative(), message: z.string().optional() }),
  /** Host → webview: labels on the shown item changed other than by this editor's own request (another tab or window, another annotator, git pull). */
  z.object({ type: z.literal('labels/didChange'), item: z.string(), labels: z.array(addEventSchema), others: z.array(addEventSchema) }),
  /** Host → webview: labels became writable (the workspace was trusted) or read-only (`message` says why). */
  z.object({ type: z.literal('labels/readOnly'), message: z.string().optional() }),
  /** Host → webview: view options changed (palette: Swap Sides, Blind Mode, …). */
  z.object({ type: z.literal('view/didChange'), view: viewOptionsSchema }),
  /** Host → webview: how many items I have labeled, after a change made other than by this editor's request. */
  progressSchema.extend({ type: z.literal('progress/didChange') }),
  /** Host → webview: a palette command that acts on the webview (selection, overlays); `help` brings the keys as bound now. */
  z.object({ type: z.literal('ui/run'), action: z.enum(['help', 'tagSelection', 'revealLabels']), trait: z.string().optional(), keys: z.array(keyHelpSchema).optional() }),
  /**
   * Host → webview: a review-editor key command ran in VS Code (a keybinding or the palette); `n` is
   * the trait number. The view judged its keys when they were typed, so it does not run these.
   */
  z.object({ type: z.literal('ui/key'), action: z.enum(keyActions), n: z.number().int().positive().optional() }),
  /**
   * Host → webview: the item queue `j`/`k` walk. `indices` are the filtered items (ascending),
   * absent when no filter is active; `total` is the file's count; `description` says the filter.
   */
  z.object({ type: z.literal('queue/didChange'), indices: z.array(z.number().int().nonnegative()).optional(), total: z.number().int().nonnegative(), description: z.string() }),
]);

export type HostToWebview = z.infer<typeof hostToWebviewSchema>;

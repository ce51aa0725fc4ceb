/**
 * The one message protocol between the extension host and the review webview. The host
 * validates every message it receives with `webviewToHostSchema`; host → webview messages are
 * typed by the same schemas (the webview trusts its host).
 */
import { z } from 'zod';
import { addDraftSchema, addEventSchema } from './core/labelEvent';
import { taxonomySchema } from './core/taxonomy';
import type { ReviewItem } from './core/schema';
import type { TurnPair } from './core/align';
import type { WordDiff } from './core/wordDiff';

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

export const webviewToHostSchema = z.discriminatedUnion('type', [
  /** Webview → host once its script runs; answered with `document/didInit`. */
  z.object({ type: z.literal('webview/ready') }),
  /** Webview → host to show item `index` (0-based); answered with `item/didShow`. */
  z.object({ type: z.literal('item/show'), index: z.number().int().nonnegative() }),
  /** Webview → host: `n`, the next item I have not labeled. */
  z.object({ type: z.literal('item/showNextUnlabeled') }),
  /** Webview → host: `g`, ask for an item id or number. */
  z.object({ type: z.literal('item/goTo') }),
  /** Webview → host: open the current item's raw line in the text editor. */
  z.object({ type: z.literal('item/revealRaw') }),
  /** Webview → host to record a label; answered with `label/didSave` once fsync'd, or `label/didFail`. */
  z.object({ type: z.literal('label/add'), requestId, draft: addDraftSchema }),
  /** Webview → host to retract one of my labels (delete). */
  z.object({ type: z.literal('label/remove'), requestId, target: z.string().min(1) }),
  /** Webview → host: Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z. */
  z.object({ type: z.literal('label/undo'), requestId }),
  z.object({ type: z.literal('label/redo'), requestId }),
  /** Webview → host: a toolbar toggle changed a view option. */
  z.object({ type: z.literal('view/set'), options: viewOptionsSchema.partial() }),
  /** Webview → host: a reader activated an http(s) link in model text; the host asks before opening it. */
  z.object({ type: z.literal('link/open'), url: z.string().min(1).max(8192) }),
]);

export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

/** Diffs of one aligned row: the message on each side and the ranges that differ. */
export interface RowDiff {
  left: number;
  right: number;
  content?: WordDiff;
  reasoning?: WordDiff;
}

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  /** Host → webview after `webview/ready`: what the webview needs before the first item. */
  z.object({
    type: z.literal('document/didInit'),
    fileName: z.string(),
    annotator: z.string(),
    taxonomy: taxonomySchema,
    defaultSeverity: z.string(),
    blindSeed: z.number().int(),
    view: viewOptionsSchema,
    position: z.number().int().nonnegative(),
    /** Errors that stop the input from loading at all (e.g. a bad manifest). */
    problems: z.array(z.string()),
  }),
  /** Host → webview while indexing and once at the end (`done`). */
  z.object({
    type: z.literal('document/didIndex'),
    count: z.number().int().nonnegative(),
    done: z.boolean(),
    fraction: z.number().min(0).max(1),
  }),
  /** Host → webview: the item asked for, or why it could not be shown. */
  z.object({
    type: z.literal('item/didShow'),
    index: z.number().int().nonnegative(),
    count: z.number().int().nonnegative(),
    line: z.number().int().positive(),
    item: z.custom<ReviewItem>().nullable(),
    turns: z.custom<TurnPair[]>(),
    diffs: z.custom<RowDiff[]>(),
    errors: z.array(z.string()),
    labels: z.array(addEventSchema),
    others: z.array(addEventSchema),
  }),
  /** Host → webview: the label change is on disk (appended and fsync'd); `labels` is the item's new state. */
  z.object({ type: z.literal('label/didSave'), requestId, item: z.string(), labels: z.array(addEventSchema) }),
  /** Host → webview: the write failed; the host keeps the event and retries. */
  z.object({ type: z.literal('label/didFail'), requestId, message: z.string() }),
  /** Host → webview: labels on an item changed from outside (another window, git pull). */
  z.object({ type: z.literal('labels/didChange'), item: z.string(), labels: z.array(addEventSchema), others: z.array(addEventSchema) }),
  /** Host → webview: view options changed (palette: Swap Sides, Blind Mode, …). */
  z.object({ type: z.literal('view/didChange'), view: viewOptionsSchema }),
  /** Host → webview: how many items I have labeled. */
  z.object({ type: z.literal('progress/didChange'), labeled: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  /** Host → webview: a palette command that acts on the webview (selection, overlays). */
  z.object({ type: z.literal('ui/run'), action: z.enum(['help', 'tagSelection']), trait: z.string().optional() }),
]);

export type HostToWebview = z.infer<typeof hostToWebviewSchema>;

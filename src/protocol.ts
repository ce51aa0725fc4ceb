/**
 * The one message protocol between the extension host and the review webview. The host
 * validates every message it receives with `webviewToHostSchema`; host → webview messages are
 * typed by the same schemas (the webview trusts its host).
 */
import { z } from 'zod';
import { addDraftSchema, addEventSchema } from './core/labelEvent';
import { taxonomySchema } from './core/taxonomy';
import type { ReviewItem } from './core/schema';

const requestId = z.string().min(1).max(64);

export const webviewToHostSchema = z.discriminatedUnion('type', [
  /** Webview → host once its script runs; answered with `document/didInit`. */
  z.object({ type: z.literal('webview/ready') }),
  /** Webview → host to show item `index` (0-based); answered with `item/didShow`. */
  z.object({ type: z.literal('item/show'), index: z.number().int().nonnegative() }),
  /** Webview → host to record a label; answered with `label/didSave` once fsync'd, or `label/didFail`. */
  z.object({ type: z.literal('label/add'), requestId, draft: addDraftSchema }),
  /** Webview → host to retract one of my labels (delete / undo). */
  z.object({ type: z.literal('label/remove'), requestId, target: z.string().min(1) }),
]);

export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  /** Host → webview after `webview/ready`: what the webview needs before the first item. */
  z.object({
    type: z.literal('document/didInit'),
    fileName: z.string(),
    annotator: z.string(),
    taxonomy: taxonomySchema,
    position: z.number().int().nonnegative(),
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
    errors: z.array(z.string()),
    labels: z.array(addEventSchema),
  }),
  /** Host → webview: the label is on disk (appended and fsync'd). */
  z.object({ type: z.literal('label/didSave'), requestId, event: addEventSchema.nullable() }),
  /** Host → webview: the write failed; the host keeps the label and retries. */
  z.object({ type: z.literal('label/didFail'), requestId, message: z.string() }),
  /** Host → webview: my labels on an item changed from outside (another window, git pull). */
  z.object({ type: z.literal('labels/didChange'), item: z.string(), labels: z.array(addEventSchema) }),
]);

export type HostToWebview = z.infer<typeof hostToWebviewSchema>;

import type { AddDraft, AddEvent } from './labelEvent';

const hostFields = new Set(['v', 'op', 'id', 'at', 'annotator']);

/**
 * The draft an add event was made from: what to send again to re-add or edit it. Zod-free, so
 * the webview bundle can use it without pulling in the schemas.
 */
export function toDraft(e: AddEvent): AddDraft {
  return Object.fromEntries(Object.entries(e).filter(([k]) => !hostFields.has(k))) as AddDraft;
}

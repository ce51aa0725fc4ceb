/**
 * Parses the Markdown of the item `j` goes to while the view is idle, into the cache the views
 * render from (parse.ts), so showing it only draws. One text per idle moment, so a key pressed
 * meanwhile waits for one text at most; an item of many texts is left alone (it would push the
 * shown item's texts out of the cache).
 */
import type { ReviewItem } from '../../src/core/schema';
import { messageText } from '../../src/core/messageText';
import { renderMarkdownCached } from './parse';

/** At most this many texts of an item are parsed ahead (the cache holds 64). */
export const preparedTexts = 12;

/** The model and prompt texts of an item rendered as Markdown (tool results take their own form). */
export function markdownTexts(item: ReviewItem): string[] {
  const out: string[] = [];
  for (const m of [...item.prompt, ...item.sides[0].messages, ...item.sides[1].messages]) {
    if (m.role === 'tool') continue;
    const text = messageText(m);
    if (text) out.push(text);
    if (m.reasoning) out.push(m.reasoning);
  }
  return out;
}

let pending: string[] = [];

export function prepareMarkdown(item: ReviewItem): void {
  const texts = markdownTexts(item);
  if (texts.length > preparedTexts) return;
  const idle = pending.length === 0;
  // The newest item is the one `j` goes to now.
  pending = texts;
  if (idle) requestIdleCallback(step);
}

function step(deadline: IdleDeadline): void {
  while (pending.length && deadline.timeRemaining() > 2) renderMarkdownCached(pending.shift()!);
  if (pending.length) requestIdleCallback(step);
}

/**
 * Readies the item `j` goes to while the view is idle, so that the key only swaps it in: first its
 * Markdown is parsed into the cache the views render from (parse.ts), then its message bodies are
 * drawn by lit into detached fragments, which the views take in place of drawing them again
 * (`messageBody`: same template, same nodes). One text or body a piece (`whileIdle`), so a key
 * pressed meanwhile waits for one at most; an item of many texts is left alone (it would push the
 * shown item's texts out of the cache).
 */
import { render, type TemplateResult } from 'lit';
import type { ReviewItem } from '../src/core/schema';
import { messageText } from '../src/core/messageText';
import { renderMarkdownCached } from './markdown/parse';
import { isPrepared, keepPrepared, type AheadBody } from './views/markdown';
import { whileIdle } from './idleWork';

/** At most this many texts of an item are parsed ahead (the cache holds 64). */
export const preparedTexts = 12;
/** At most this many bodies are drawn ahead (an agent item's tool results count too). */
export const preparedBodies = 32;

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

interface Job {
  texts: string[];
  /** The bodies the item will draw, asked for once its texts are parsed (with the view's state then). */
  bodies: () => AheadBody[];
  drawing?: AheadBody[];
}

let job: Job | null = null;

/** Readies `item`, the one `j` goes to now; `bodies` says what its view will draw. */
export function prepareAhead(item: ReviewItem, bodies: () => AheadBody[]): void {
  const texts = markdownTexts(item);
  if (texts.length > preparedTexts) return;
  const idle = job === null;
  // The newest item is the one `j` goes to now: what was drawn for another is let go.
  keepPrepared(undefined);
  job = { texts, bodies };
  if (idle) whileIdle(piece);
}

/** One text parsed or one body drawn for the job; false once it is done. */
function piece(): boolean {
  if (!job) return false;
  if (job.texts.length) renderMarkdownCached(job.texts.shift()!);
  else if (!job.drawing) job.drawing = job.bodies().slice(0, preparedBodies);
  else {
    const b = job.drawing.shift();
    if (!b) job = null;
    else if (!isPrepared(b.key)) keepPrepared(b.key, drawDetached(b.draw()));
  }
  return job !== null;
}

/** A template's DOM, built outside the page. */
export function drawDetached(t: TemplateResult): DocumentFragment {
  const f = document.createDocumentFragment();
  render(t, f);
  // lit's start marker for this render: nothing is rendered into the fragment again.
  if (f.firstChild?.nodeType === Node.COMMENT_NODE) f.firstChild.remove();
  return f;
}

/**
 * Selecting a passage without the mouse: a sentence or word cursor in the focused side's answer
 * (`]` / `[` and `w` / `q` move it, with Shift they extend or shrink it; `p` / Shift+P jump to the
 * next or previous paragraph or list item). The cursor becomes a real DOM selection, so tagging
 * reads it exactly as a mouse selection (selection.ts). Offsets count the element's whole text,
 * which is the message source; a stop is only ever on visible text: segments are narrowed to
 * their visible characters, and one with none (a list marker, `**`) is no stop at all.
 */
import { sourcePieces, sourceText } from './sourceText';

export type Unit = 'sentence' | 'word' | 'block';

interface Cursor {
  side: string;
  message: string;
  field: string;
  call: string;
  start: number;
  end: number;
}

let cursor: Cursor | null = null;
const cache = new WeakMap<HTMLElement, { text: string; sentence?: [number, number][]; word?: [number, number][]; block?: [number, number][] }>();

/** The elements a `p` jump stops at: paragraphs, list items, headings, code blocks, table cells. */
const blockSelector = '.md-p, li, .md-h, .md-pre, td, th';

/** Per character of the host's text: shown (1) or hidden Markdown syntax (0); and where each block's visible text starts. */
function layout(host: HTMLElement, length: number): { visible: Uint8Array; blocks: number[] } {
  const visible = new Uint8Array(length);
  const blocks: number[] = [];
  let lastBlock: Element | null = null;
  let offset = 0;
  for (const { node: n, length: len, hidden } of sourcePieces(host)) {
    if (!hidden) {
      visible.fill(1, offset, offset + len);
      const block = n.parentElement?.closest(blockSelector) ?? null;
      if (block && block !== lastBlock && host.contains(block) && /\S/.test(n.data)) {
        // Nested blocks (a paragraph in a list item) start at the same place: one stop.
        if (!lastBlock || !lastBlock.contains(block)) blocks.push(offset + n.data.search(/\S/));
        lastBlock = block;
      }
    }
    offset += len;
  }
  return { visible, blocks };
}

/** [a, b) narrowed to its visible, non-space characters; undefined when it has none. */
function narrowed(text: string, visible: Uint8Array, a: number, b: number): [number, number] | undefined {
  let s = a;
  let e = b;
  while (s < e && (!visible[s] || /\s/.test(text[s]!))) s++;
  while (e > s && (!visible[e - 1] || /\s/.test(text[e - 1]!))) e--;
  return e > s ? [s, e] : undefined;
}

/** The message fields of a side, in reading order. */
function fields(side: HTMLElement): HTMLElement[] {
  return [...side.querySelectorAll<HTMLElement>('.text[data-side][data-message]')];
}

function keyOf(host: HTMLElement): Pick<Cursor, 'side' | 'message' | 'field' | 'call'> {
  return { side: host.dataset.side ?? '', message: host.dataset.message ?? '', field: host.dataset.field ?? 'content', call: host.dataset.call ?? '' };
}

/** The sentences (trailing spaces left out) or words of a field, as [start, end) offsets. */
function segments(host: HTMLElement, unit: Unit): [number, number][] {
  const text = sourceText(host);
  let entry = cache.get(host);
  if (!entry || entry.text !== text) cache.set(host, (entry = { text }));
  const found = entry[unit];
  if (found) return found;
  const { visible, blocks } = layout(host, text.length);
  const out: [number, number][] = [];
  if (unit === 'block') {
    // A block's stop is its first sentence: `]` goes on from there.
    const sentences = segments(host, 'sentence');
    for (const start of blocks) {
      const first = sentences.find(([, e]) => e > start);
      if (first && (out.length === 0 || out.at(-1)![0] !== first[0])) out.push([Math.max(first[0], start), first[1]]);
    }
  } else {
    for (const s of new Intl.Segmenter(undefined, { granularity: unit }).segment(text)) {
      if (unit === 'word' && !s.isWordLike) continue;
      // Markdown syntax is no stop: `**`, a list marker or a line break alone selects nothing visible.
      const seg = narrowed(text, visible, s.index, s.index + s.segment.length);
      if (seg) out.push(seg);
    }
  }
  entry[unit] = out;
  return out;
}

function hostOf(side: HTMLElement, c: Cursor | null): HTMLElement | undefined {
  if (!c) return undefined;
  return fields(side).find((h) => {
    const k = keyOf(h);
    return k.side === c.side && k.message === c.message && k.field === c.field && k.call === c.call;
  });
}

/** Moves (`next`, `previous`) or resizes (`extend`, `shrink`) the cursor in `side`; false when it cannot. */
export function movePassage(side: HTMLElement, unit: Unit, how: 'next' | 'previous' | 'extend' | 'shrink'): boolean {
  const all = fields(side);
  const here = hostOf(side, cursor);
  const at = here ? all.indexOf(here) : -1;
  let next: { host: HTMLElement; start: number; end: number } | undefined;
  if (!here || !cursor) {
    const first = all.find((h) => segments(h, unit).length);
    const seg = first && (how === 'previous' ? segments(first, unit).at(-1) : segments(first, unit)[0]);
    if (first && seg) next = { host: first, start: seg[0], end: seg[1] };
  } else if (how === 'next') {
    const seg = segments(here, unit).find(([s]) => s >= cursor!.end);
    if (seg) next = { host: here, start: seg[0], end: seg[1] };
    else {
      const h = all.slice(at + 1).find((x) => segments(x, unit).length);
      const s0 = h && segments(h, unit)[0];
      if (h && s0) next = { host: h, start: s0[0], end: s0[1] };
    }
  } else if (how === 'previous') {
    const seg = segments(here, unit).filter(([, e]) => e <= cursor!.start).at(-1);
    if (seg) next = { host: here, start: seg[0], end: seg[1] };
    else {
      const h = all.slice(0, at).reverse().find((x) => segments(x, unit).length);
      const last = h && segments(h, unit).at(-1);
      if (h && last) next = { host: h, start: last[0], end: last[1] };
    }
  } else if (how === 'extend') {
    // A span lives in one field: extending stops at its end.
    const seg = segments(here, unit).find(([, e]) => e > cursor!.end);
    if (seg) next = { host: here, start: cursor.start, end: seg[1] };
  } else {
    const seg = segments(here, unit).filter(([, e]) => e > cursor!.start && e < cursor!.end).at(-1);
    if (seg) next = { host: here, start: cursor.start, end: seg[1] };
  }
  if (!next) return false;
  cursor = { ...keyOf(next.host), start: next.start, end: next.end };
  select(next.host, next.start, next.end);
  return true;
}

/**
 * Puts the cursor before a message's text (or the next message with text), nothing selected: `]`
 * goes on from that step; for a tool call's step (`call`, its id), before that call's arguments.
 */
export function passageAt(side: HTMLElement, message: number, call?: string): void {
  const all = fields(side);
  const host = (call !== undefined && all.find((h) => Number(h.dataset.message) === message && h.dataset.field === 'arguments' && h.dataset.call === call)) || all.find((h) => Number(h.dataset.message) >= message);
  cursor = host ? { ...keyOf(host), start: 0, end: 0 } : null;
}

/** Forgets the keyboard passage (Esc, another item). */
export function clearPassage(): void {
  if (cursor) window.getSelection()?.removeAllRanges();
  cursor = null;
}

/** Makes [start, end) of the host's text the document selection and scrolls it into view. */
function select(host: HTMLElement, start: number, end: number): void {
  const range = document.createRange();
  let offset = 0;
  let started = false;
  // Both ends are on shown characters (stops are narrowed to them), so in text nodes.
  for (const { node: n, length: len, hidden } of sourcePieces(host)) {
    if (hidden) {
      offset += len;
      continue;
    }
    if (!started && start < offset + len) {
      range.setStart(n, start - offset);
      started = true;
    }
    if (started && end <= offset + len) {
      range.setEnd(n, end - offset);
      break;
    }
    offset += len;
  }
  const sel = window.getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
  const el = range.startContainer.parentElement;
  el?.scrollIntoView({ block: 'nearest' });
}

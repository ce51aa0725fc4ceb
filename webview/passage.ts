/**
 * Selecting a passage without the mouse: a sentence or word cursor in the focused side's answer
 * (`]` / `[` and `w` / `q` move it, with Shift they extend or shrink it). The cursor becomes a real
 * DOM selection, so tagging reads it exactly as a mouse selection (selection.ts). Offsets count
 * the element's whole text, which is the message source, so hidden Markdown syntax is counted
 * too and the selection is narrowed to visible characters when it is read.
 */
export type Unit = 'sentence' | 'word';

interface Cursor {
  side: string;
  message: string;
  field: string;
  start: number;
  end: number;
}

let cursor: Cursor | null = null;
const cache = new WeakMap<HTMLElement, { text: string; sentence?: [number, number][]; word?: [number, number][] }>();

/** The message fields of a side, in reading order. */
function fields(side: HTMLElement): HTMLElement[] {
  return [...side.querySelectorAll<HTMLElement>('.text[data-side][data-message]')];
}

function keyOf(host: HTMLElement): Pick<Cursor, 'side' | 'message' | 'field'> {
  return { side: host.dataset.side ?? '', message: host.dataset.message ?? '', field: host.dataset.field ?? 'content' };
}

/** The sentences (trailing spaces left out) or words of a field, as [start, end) offsets. */
function segments(host: HTMLElement, unit: Unit): [number, number][] {
  const text = host.textContent ?? '';
  let entry = cache.get(host);
  if (!entry || entry.text !== text) cache.set(host, (entry = { text }));
  const found = entry[unit];
  if (found) return found;
  const out: [number, number][] = [];
  for (const s of new Intl.Segmenter(undefined, { granularity: unit }).segment(text)) {
    if (unit === 'word' && !s.isWordLike) continue;
    const trimmed = s.segment.replace(/\s+$/, '');
    const lead = trimmed.length - trimmed.replace(/^\s+/, '').length;
    if (trimmed.length - lead > 0) out.push([s.index + lead, s.index + trimmed.length]);
  }
  entry[unit] = out;
  return out;
}

function hostOf(side: HTMLElement, c: Cursor | null): HTMLElement | undefined {
  if (!c) return undefined;
  return fields(side).find((h) => {
    const k = keyOf(h);
    return k.side === c.side && k.message === c.message && k.field === c.field;
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

/** Forgets the keyboard passage (Esc, another item). */
export function clearPassage(): void {
  if (cursor) window.getSelection()?.removeAllRanges();
  cursor = null;
}

/** Makes [start, end) of the host's text the document selection and scrolls it into view. */
function select(host: HTMLElement, start: number, end: number): void {
  const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let offset = 0;
  let started = false;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const len = n.textContent?.length ?? 0;
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

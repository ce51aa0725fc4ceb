import { decodeNamedCharacterReference } from 'decode-named-character-reference';

/**
 * A stretch of the source text as the view draws it. Every source character belongs to exactly
 * one piece, in order, so the rendered DOM's text content is the source itself and a DOM range
 * measures source offsets. `hidden` pieces are Markdown syntax (kept in the DOM, out of layout);
 * `show` pieces are character references drawn as what they decode to.
 */
export interface Piece {
  start: number;
  end: number;
  hidden?: true;
  /** The decoded character(s) of a reference such as `&copy;`; the source stays in the DOM, hidden. */
  show?: string;
  /** A syntax-highlighting class (`hljs-…`) for code. */
  cls?: string;
}

const charRef = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/y;

function decodeRef(body: string): string | null {
  if (body[0] !== '#') {
    const named = decodeNamedCharacterReference(body);
    return named === false ? null : named;
  }
  const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
  if (!Number.isFinite(code)) return null;
  // CommonMark: NUL, surrogates and out-of-range code points decode to U+FFFD.
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(code);
}

/**
 * Where the characters of `value` (a node's text as the parser gives it: escapes and references
 * resolved, container prefixes and indentation removed) lie in `source[start, end)`. Greedy:
 * each value character takes the next equal source character, and the source characters skipped
 * are syntax. Where a skipped character equals a shown one (indentation spaces), the picture is
 * the same whichever is shown. `null` when the value cannot be found in order (then the caller
 * shows the source as it is).
 */
export function alignValue(source: string, start: number, end: number, value: string, options: { lineEndingIsSpace?: boolean } = {}): Piece[] | null {
  const out: Piece[] = [];
  const push = (s: number, e: number, hidden: boolean) => {
    if (e <= s) return;
    const last = out[out.length - 1];
    if (last && last.end === s && !last.show && !!last.hidden === hidden) last.end = e;
    else out.push(hidden ? { start: s, end: e, hidden: true } : { start: s, end: e });
  };
  let j = start;
  for (let i = 0; i < value.length; ) {
    const c = value[i]!;
    if (j >= end) return null;
    const s = source[j]!;
    if (s === c || (options.lineEndingIsSpace && c === ' ' && s === '\n')) {
      push(j, j + 1, false);
      i++;
      j++;
      continue;
    }
    if (s === '&') {
      charRef.lastIndex = j;
      const m = charRef.exec(source);
      if (m && j + m[0].length <= end) {
        const decoded = decodeRef(m[1]!);
        if (decoded && value.startsWith(decoded, i)) {
          out.push({ start: j, end: j + m[0].length, show: decoded });
          i += decoded.length;
          j += m[0].length;
          continue;
        }
      }
    }
    push(j, j + 1, true);
    j++;
  }
  push(j, end, true);
  return out;
}

/** The text the pieces draw, and for each drawn UTF-16 unit the source offset it stands for. */
export function drawnText(source: string, pieces: readonly Piece[]): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  for (const p of pieces) {
    if (p.hidden) continue;
    if (p.show !== undefined) {
      text += p.show;
      for (let k = 0; k < p.show.length; k++) offsets.push(p.start);
      continue;
    }
    text += source.slice(p.start, p.end);
    for (let k = p.start; k < p.end; k++) offsets.push(k);
  }
  return { text, offsets };
}

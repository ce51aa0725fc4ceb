/**
 * Compact JSON (one line, as tools often return it) drawn indented without changing the text: the
 * line breaks and indentation are shown pieces (`show`, drawn by CSS, not in the DOM's text), the
 * source's own spaces between tokens are hidden pieces. The DOM's text stays the source, so
 * selection offsets and span marks are source offsets, as for every other form.
 */
import type { Block } from './plan';
import type { Piece } from './pieces';
import { highlightCode } from './highlight';

const indentUnit = '  ';
/** Past this, compact JSON is drawn as written (one piece per token is costly). */
export const maxPrettyChars = 200_000;

/** Where to draw what, by source offset: the layout pretty-printing adds, and the whitespace it drops. */
function layout(source: string): { insert: Map<number, string>; hide: [number, number][] } {
  const insert = new Map<number, string>();
  const hide: [number, number][] = [];
  let depth = 0;
  let i = 0;
  const nextToken = (from: number) => {
    let k = from;
    while (k < source.length && /\s/.test(source[k]!)) k++;
    return k;
  };
  while (i < source.length) {
    const c = source[i]!;
    if (c === '"') {
      // Skip the string, escapes included.
      i++;
      while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      const k = nextToken(i);
      hide.push([i, k]);
      i = k;
      continue;
    }
    if (c === '{' || c === '[') {
      const k = nextToken(i + 1);
      const close = source[k] === (c === '{' ? '}' : ']');
      if (!close) {
        depth++;
        insert.set(k, `\n${indentUnit.repeat(depth)}`);
      }
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      let p = i - 1;
      while (p >= 0 && /\s/.test(source[p]!)) p--;
      if (source[p] !== '{' && source[p] !== '[') {
        depth = Math.max(0, depth - 1);
        insert.set(i, `\n${indentUnit.repeat(depth)}`);
      }
      i++;
      continue;
    }
    if (c === ',') insert.set(nextToken(i + 1), `\n${indentUnit.repeat(depth)}`);
    else if (c === ':') insert.set(nextToken(i + 1), ' ');
    i++;
  }
  return { insert, hide };
}

/**
 * Lines of a JSON text as `prettyJsonPlan` draws it (its added line breaks plus one), or undefined
 * when it is drawn as written.
 */
export function prettyJsonLines(source: string): number | undefined {
  if (source.trim().includes('\n') || source.length > maxPrettyChars) return undefined;
  let n = 1;
  for (const show of layout(source).insert.values()) if (show.startsWith('\n')) n++;
  return n;
}

/**
 * The plan of a JSON text drawn pretty-printed and highlighted, or undefined when it is drawn as
 * written: it has line breaks already (someone laid it out), or it is too large.
 */
export function prettyJsonPlan(source: string): Block | undefined {
  if (source.trim().includes('\n') || source.length > maxPrettyChars) return undefined;
  const { insert, hide } = layout(source);
  const leaves = highlightCode(source, 'json') ?? [{ start: 0, end: source.length }];
  // Cut points: highlight leaves, inserted layout, hidden whitespace.
  const cuts = new Set<number>([0, source.length, ...insert.keys()]);
  for (const [a, b] of hide) cuts.add(a).add(b);
  for (const l of leaves) cuts.add(l.start).add(l.end);
  const sorted = [...cuts].filter((x) => x >= 0 && x <= source.length).sort((a, b) => a - b);
  const hidden = new Uint8Array(source.length);
  for (const [a, b] of hide) hidden.fill(1, a, b);
  // Leaves are in order and cuts ascend: one pointer walks them.
  let li = 0;
  const clsAt = (pos: number): string | undefined => {
    while (li < leaves.length && leaves[li]!.end <= pos) li++;
    const l = leaves[li] as { start: number; cls?: string } | undefined;
    return l && l.start <= pos ? l.cls : undefined;
  };
  const pieces: Piece[] = [];
  for (let k = 0; k < sorted.length; k++) {
    const a = sorted[k]!;
    const ins = insert.get(a);
    if (ins !== undefined) pieces.push({ start: a, end: a, show: ins });
    const b = sorted[k + 1];
    if (b === undefined || b <= a) continue;
    if (hidden[a]) pieces.push({ start: a, end: b, hidden: true });
    else {
      const cls = clsAt(a);
      pieces.push(cls ? { start: a, end: b, cls } : { start: a, end: b });
    }
  }
  return { tag: 'root', children: [{ tag: 'pre', lang: 'json', children: pieces }] };
}

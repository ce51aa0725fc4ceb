import { messageText } from '../messageText';
import type { Message } from '../schema';

/** One row of the side-by-side view: the message index on each side, or null for a gap. */
export type TurnPair = [number | null, number | null];

/**
 * Past this many cells (messages left × right, after the common start and end are matched)
 * the alignment pairs the rest by position: the table is quadratic (15k messages a side took
 * 8.7 s and 2 GB), and a conversation that long is not read turn by turn anyway.
 */
export const maxAlignCells = 4_000_000;

export interface Alignment {
  pairs: TurnPair[];
  /** Set when the conversations were too long to align and the middle was paired by position, for the UI. */
  note?: string;
}

/**
 * Aligns two sides' messages turn by turn. User turns anchor the alignment (they are the same
 * conversation on both sides); between anchors, model turns that call tools pair with such turns,
 * answers with answers, and tool results with tool results (so a result stays beside its call
 * even when the two tools returned different text). Longest common subsequence over those keys, after matching the common start and end
 * in linear time; bounded by `maxAlignCells`.
 */
export function alignTurns(a: readonly Message[], b: readonly Message[]): TurnPair[] {
  return alignTurnsNoted(a, b).pairs;
}

export function alignTurnsNoted(a: readonly Message[], b: readonly Message[], maxCells = maxAlignCells): Alignment {
  const key = (m: Message) => (m.role === 'assistant' ? (m.tool_calls?.length ? 'assistant\u0000calls' : 'assistant') : m.role === 'tool' ? 'tool' : `${m.role}\u0000${messageText(m)}`);
  const ka = a.map(key);
  const kb = b.map(key);
  let pre = 0;
  while (pre < ka.length && pre < kb.length && ka[pre] === kb[pre]) pre++;
  let suf = 0;
  while (suf < ka.length - pre && suf < kb.length - pre && ka[ka.length - 1 - suf] === kb[kb.length - 1 - suf]) suf++;
  const pairs: TurnPair[] = [];
  for (let k = 0; k < pre; k++) pairs.push([k, k]);
  const n = ka.length - pre - suf;
  const m = kb.length - pre - suf;
  let note: string | undefined;
  if (n * m <= maxCells) lcsPairs(ka, kb, pre, n, m, pairs);
  else {
    for (let k = 0; k < Math.max(n, m); k++) pairs.push([k < n ? pre + k : null, k < m ? pre + k : null]);
    note = `${a.length.toLocaleString('en-US')} and ${b.length.toLocaleString('en-US')} messages are too many to align turn by turn; the middle is paired by position`;
  }
  for (let k = 0; k < suf; k++) pairs.push([ka.length - suf + k, kb.length - suf + k]);
  return note ? { pairs, note } : { pairs };
}

/** LCS over `ka[off, off+n)` and `kb[off, off+m)`, appended to `out` as pairs of absolute indices. */
function lcsPairs(ka: readonly string[], kb: readonly string[], off: number, n: number, m: number, out: TurnPair[]): void {
  const w = m + 1;
  // One flat table: (n+1)·(m+1) cells, at most `maxAlignCells` plus a row and a column.
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i * w + j] = ka[off + i] === kb[off + j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && ka[off + i] === kb[off + j]) out.push([off + i++, off + j++]);
    else if (j >= m || (i < n && lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) out.push([off + i++, null]);
    else out.push([null, off + j++]);
  }
}

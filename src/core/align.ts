import { messageText } from './messageText';
import type { Message } from './schema';

/** One row of the side-by-side view: the message index on each side, or null for a gap. */
export type TurnPair = [number | null, number | null];

/**
 * Aligns two sides' messages turn by turn. User and tool turns anchor the alignment (they are
 * the same conversation on both sides); assistant turns pair with assistant turns between
 * anchors. Longest common subsequence over those keys; conversations are short.
 */
export function alignTurns(a: readonly Message[], b: readonly Message[]): TurnPair[] {
  const key = (m: Message) => (m.role === 'assistant' ? 'assistant' : `${m.role}\u0000${messageText(m)}`);
  const ka = a.map(key);
  const kb = b.map(key);
  const n = ka.length;
  const m = kb.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = ka[i] === kb[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: TurnPair[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && ka[i] === kb[j]) out.push([i++, j++]);
    else if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push([i++, null]);
    else out.push([null, j++]);
  }
  return out;
}

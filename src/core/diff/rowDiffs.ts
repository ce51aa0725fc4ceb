import { messageText } from '../messageText';
import { wordDiff, type WordDiff } from './wordDiff';
import type { TurnPair } from './align';
import type { ReviewItem } from '../schema';

/** Diffs of one aligned row: the message on each side and the ranges that differ. */
export interface RowDiff {
  left: number;
  right: number;
  content?: WordDiff;
  reasoning?: WordDiff;
}

/** Word diffs of every aligned row where both sides have an assistant message. */
export function rowDiffs(item: ReviewItem, turns: readonly TurnPair[]): RowDiff[] {
  const out: RowDiff[] = [];
  for (const [l, r] of turns) {
    if (l === null || r === null) continue;
    const a = item.sides[0].messages[l]!;
    const b = item.sides[1].messages[r]!;
    if (a.role !== 'assistant' || b.role !== 'assistant') continue;
    const row: RowDiff = { left: l, right: r };
    const ta = messageText(a);
    const tb = messageText(b);
    if (ta || tb) row.content = limitMarks(wordDiff(ta, tb));
    if (a.reasoning && b.reasoning) row.reasoning = limitMarks(wordDiff(a.reasoning, b.reasoning));
    out.push(row);
  }
  return out;
}

/** Past this many highlighted ranges a message stops being readable and slow to render. */
const maxDiffRanges = 4000;

function limitMarks(d: WordDiff): WordDiff {
  if (d.left.length + d.right.length <= maxDiffRanges) return d;
  return { left: [], right: [], granularity: 'none', note: `${(d.left.length + d.right.length).toLocaleString('en-US')} changed passages: too many to highlight` };
}

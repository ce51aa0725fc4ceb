import { messageText } from '../messageText';
import { wordDiff, wordDiffWithin, type WordDiff } from './wordDiff';
import type { TurnPair } from './align';
import type { ReviewItem } from '../schema';

/** Diffs of one aligned row: the message on each side and the ranges that differ. */
export interface RowDiff {
  left: number;
  right: number;
  content?: WordDiff;
  reasoning?: WordDiff;
}

/** Row diffs, and whether any diff was left out for being over the work budget. */
export interface RowDiffs {
  diffs: RowDiff[];
  /** Some diff took more than the budget and is missing: `rowDiffs` without a budget has every one. */
  partial: boolean;
}

/**
 * Word diffs of every aligned row where both sides have an assistant message. With `budget`
 * (units of `wordDiffWithin`), a diff that needs more is left out and `partial` says so: each
 * diff given is the full one, never a coarser stand-in.
 */
export function rowDiffs(item: ReviewItem, turns: readonly TurnPair[], budget?: number): RowDiffs {
  const out: RowDiff[] = [];
  let partial = false;
  const diff = (a: string, b: string) => {
    const d = budget === undefined ? wordDiff(a, b) : wordDiffWithin(a, b, budget);
    if (!d) partial = true;
    return d && limitMarks(d);
  };
  for (const [l, r] of turns) {
    if (l === null || r === null) continue;
    const a = item.sides[0].messages[l]!;
    const b = item.sides[1].messages[r]!;
    if (a.role !== 'assistant' || b.role !== 'assistant') continue;
    const row: RowDiff = { left: l, right: r };
    const ta = messageText(a);
    const tb = messageText(b);
    const content = ta || tb ? diff(ta, tb) : undefined;
    if (content) row.content = content;
    const reasoning = a.reasoning && b.reasoning ? diff(a.reasoning, b.reasoning) : undefined;
    if (reasoning) row.reasoning = reasoning;
    out.push(row);
  }
  return { diffs: out, partial };
}

/** Past this many highlighted ranges a message stops being readable and slow to render. */
const maxDiffRanges = 4000;

function limitMarks(d: WordDiff): WordDiff {
  if (d.left.length + d.right.length <= maxDiffRanges) return d;
  return { left: [], right: [], granularity: 'none', note: `${(d.left.length + d.right.length).toLocaleString('en-US')} changed passages: too many to highlight` };
}

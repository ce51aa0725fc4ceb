import type { DiffRange, WordDiff } from './wordDiff';

/**
 * Below this share of words in common two answers are not "the same answer, edited" but two
 * different answers: word marks would tint nearly everything and help no one.
 */
export const comparableShare = 0.5;

/**
 * Two different answers shorter than this (both sides' words together) are read at a glance: the
 * view says nothing of how much they share, where on long answers it says why nothing is marked.
 */
export const differentNoteMinWords = 40;

const word = /[\p{L}\p{N}_]+/gu;

/** Words of `text`, and how many of them lie outside every diff range (shared with the other side). */
function count(text: string, ranges: readonly DiffRange[]): { words: number; shared: number } {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  let words = 0;
  let shared = 0;
  let r = 0;
  for (const m of text.matchAll(word)) {
    const s = m.index;
    const e = s + m[0].length;
    words++;
    while (r < sorted.length && sorted[r]!.end <= s) r++;
    const range = sorted[r];
    if (!range || range.start >= e) shared++;
  }
  return { words, shared };
}

export interface DiffShare {
  /** Shared words ÷ all words, both sides together (1 when neither side has a word). */
  share: number;
  /** Whether word marks are worth drawing (share at or above `comparableShare`). */
  comparable: boolean;
  /** Not comparable, and long enough for the view to say so (`differentNoteMinWords`). */
  sayDifferent: boolean;
}

/** How much two texts have in common, by their word diff. Pure. */
export function diffShare(left: string, right: string, diff: WordDiff, threshold = comparableShare): DiffShare {
  const a = count(left, diff.left);
  const b = count(right, diff.right);
  const words = a.words + b.words;
  const share = words ? (a.shared + b.shared) / words : 1;
  const comparable = share >= threshold;
  return { share, comparable, sayDifferent: !comparable && words >= differentNoteMinWords };
}

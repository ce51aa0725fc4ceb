import type DiffMatchPatch from 'diff-match-patch';
import { budgetedDiffMatchPatch, DiffBudgetExceeded } from './fastBisect';

/** A changed stretch of one side's text, in UTF-16 offsets of that text. */
export interface DiffRange {
  start: number;
  end: number;
}

export interface WordDiff {
  /** Ranges of the left text that the right text does not have. */
  left: DiffRange[];
  /** Ranges of the right text that the left text does not have. */
  right: DiffRange[];
  /**
   * `word`; `paragraph` when changed passages were too large for a word diff; `passage` when the
   * texts were too large to tokenize (the differing middle is marked whole); `none`: no marks.
   * Anything coarser than `word` comes with a `note` for the UI.
   */
  granularity: 'word' | 'paragraph' | 'passage' | 'none';
  /** Why a coarser diff was used, for the UI. */
  note?: string;
}

/** Above this many differing tokens (after trimming the common prefix/suffix) diff by paragraph. */
export const maxWordTokens = 40_000;

/**
 * Above this many characters (both texts) nothing is tokenized: only the common start and end
 * are found, in linear time, and the middle of each side is marked as one changed passage.
 * Tokens take ~100 bytes each, so a 200 MB message took 32 s and 4.4 GB.
 */
export const maxDiffChars = 4_000_000;

// A word or punctuation mark with the whitespace after it: half the tokens of splitting
// whitespace apart. Tokens compare without that whitespace, so spacing changes do not show.
const tokenPattern = /\s+|[\p{L}\p{N}_]+\s*|[^\s\p{L}\p{N}_]\s*/gu;

function tokenize(text: string): string[] {
  return text.match(tokenPattern) ?? [];
}

/**
 * Word-level diff of two texts with diff-match-patch over word tokens (each distinct token
 * mapped to one character, as its line mode does for lines). The common prefix and suffix
 * are trimmed first, and there is no timeout: a timed-out diff-match-patch silently returns a
 * degenerate diff, so instead the token budget decides up front when to fall back.
 */
export function wordDiff(a: string, b: string, options: WordDiffOptions = {}): WordDiff {
  return diffWords(a, b, options, budgetedDiffMatchPatch());
}

export interface WordDiffOptions {
  maxTokens?: number;
  maxChars?: number;
}

/**
 * `wordDiff` when it takes at most `budget` units of work (cells of the diff's search, about
 * 10 ns each), else undefined: the same answer or none. Two unrelated long answers take
 * 20–70 ms; a view can show the item first and diff them after.
 */
export function wordDiffWithin(a: string, b: string, budget: number, options: WordDiffOptions = {}): WordDiff | undefined {
  try {
    return diffWords(a, b, options, budgetedDiffMatchPatch(budget));
  } catch (err) {
    if (err instanceof DiffBudgetExceeded) return undefined;
    throw err;
  }
}

function diffWords(a: string, b: string, options: WordDiffOptions, dmp: DiffMatchPatch): WordDiff {
  if (a === b) return { left: [], right: [], granularity: 'word' };
  const maxChars = options.maxChars ?? maxDiffChars;
  if (a.length + b.length > maxChars) return passageDiff(a, b, maxChars);
  const maxTokens = options.maxTokens ?? maxWordTokens;
  const ta = tokenize(a);
  const tb = tokenize(b);
  let pre = 0;
  while (pre < ta.length && pre < tb.length && ta[pre] === tb[pre]) pre++;
  let suf = 0;
  while (suf < ta.length - pre && suf < tb.length - pre && ta[ta.length - 1 - suf] === tb[tb.length - 1 - suf]) suf++;
  const midA = ta.slice(pre, ta.length - suf);
  const midB = tb.slice(pre, tb.length - suf);
  const prefixChars = ta.slice(0, pre).join('').length;
  const shift = (r: DiffRange) => ({ start: r.start + prefixChars, end: r.end + prefixChars });
  if (midA.length + midB.length <= maxTokens) {
    const mid = diffTokens(midA, midB, dmp);
    return { left: mid.left.map(shift), right: mid.right.map(shift), granularity: 'word' };
  }
  // Too large for one word diff: align paragraphs first, then word-diff each changed pair that
  // fits the budget; a pair that does not is marked whole.
  const pa = splitParagraphs(midA.join(''));
  const pb = splitParagraphs(midB.join(''));
  const left: DiffRange[] = [];
  const right: DiffRange[] = [];
  let coarse = 0;
  for (const hunk of paragraphHunks(pa, pb, dmp)) {
    const tokensA = tokenize(hunk.a);
    const tokensB = tokenize(hunk.b);
    if (tokensA.length + tokensB.length <= maxTokens) {
      const d = diffTokens(tokensA, tokensB, dmp);
      left.push(...d.left.map((r) => ({ start: r.start + hunk.offsetA, end: r.end + hunk.offsetA })));
      right.push(...d.right.map((r) => ({ start: r.start + hunk.offsetB, end: r.end + hunk.offsetB })));
    } else {
      coarse++;
      if (hunk.a) left.push({ start: hunk.offsetA, end: hunk.offsetA + hunk.a.length });
      if (hunk.b) right.push({ start: hunk.offsetB, end: hunk.offsetB + hunk.b.length });
    }
  }
  return {
    left: left.map(shift),
    right: right.map(shift),
    granularity: coarse ? 'paragraph' : 'word',
    note: coarse
      ? `${coarse} changed passage${coarse > 1 ? 's' : ''} exceed the word-diff limit of ${maxTokens.toLocaleString('en-US')} words; shown as whole paragraphs`
      : undefined,
  };
}

/** The common start and end by characters, moved back to a word boundary; the rest of each side is one range. */
function passageDiff(a: string, b: string, maxChars: number): WordDiff {
  let pre = 0;
  const n = Math.min(a.length, b.length);
  while (pre < n && a.charCodeAt(pre) === b.charCodeAt(pre)) pre++;
  let suf = 0;
  while (suf < n - pre && a.charCodeAt(a.length - 1 - suf) === b.charCodeAt(b.length - 1 - suf)) suf++;
  // Whole words: a mark that starts or ends inside a word reads as noise.
  while (pre > 0 && /\S/.test(a[pre - 1]!) && pre < n && /\S/.test(a[pre]!)) pre--;
  while (suf > 0 && /\S/.test(a[a.length - suf]!) && /\S/.test(a[a.length - suf - 1] ?? ' ')) suf--;
  const range = (text: string): DiffRange[] => (text.length - suf > pre ? [{ start: pre, end: text.length - suf }] : []);
  const mb = (chars: number) => `${(chars / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} M`;
  return {
    left: range(a),
    right: range(b),
    granularity: 'passage',
    note: `these messages (${mb(a.length + b.length)} characters) exceed the diff limit of ${mb(maxChars)}; the differing middle is marked whole`,
  };
}

/** Runs of changed paragraphs: the text each side has there, and where it starts. */
function paragraphHunks(pa: string[], pb: string[], dmp: DiffMatchPatch): { a: string; b: string; offsetA: number; offsetB: number }[] {
  const hunks: { a: string; b: string; offsetA: number; offsetB: number }[] = [];
  let oa = 0;
  let ob = 0;
  let ia = 0;
  let ib = 0;
  let current: { a: string; b: string; offsetA: number; offsetB: number } | null = null;
  for (const [op, count] of diffOps(pa, pb, dmp)) {
    if (op === 0) {
      if (current) hunks.push(current);
      current = null;
      for (let i = 0; i < count; i++) {
        oa += pa[ia++]!.length;
        ob += pb[ib++]!.length;
      }
      continue;
    }
    current ??= { a: '', b: '', offsetA: oa, offsetB: ob };
    const text = op === -1 ? pa.slice(ia, (ia += count)).join('') : pb.slice(ib, (ib += count)).join('');
    if (op === -1) {
      current.a += text;
      oa += text.length;
    } else {
      current.b += text;
      ob += text.length;
    }
  }
  if (current) hunks.push(current);
  return hunks;
}

function splitParagraphs(text: string): string[] {
  return text.split(/(?<=\n\s*\n)/);
}

/** UTF-16 units as a string, each as `String.fromCharCode` makes it; a few thousand units a call (its arguments go on the stack). */
function unitsText(units: Uint16Array): string {
  let text = '';
  for (let i = 0; i < units.length; i += 4096) text += String.fromCharCode.apply(null, units.subarray(i, i + 4096) as unknown as number[]);
  return text;
}

/**
 * Both sides' tokens as text of one UTF-16 unit a token, equal units for tokens equal without
 * their trailing whitespace (as diff-match-patch's line mode encodes lines), numbered in order of
 * first appearance from 1, past the surrogates.
 */
export function tokenCodes(ta: readonly string[], tb: readonly string[]): [string, string] {
  const codes = new Map<string, number>();
  // Each token as written, once seen: most repeat ("the ", "of "), and trimming each again made a string per token.
  const seen = new Map<string, number>();
  const encode = (tokens: readonly string[]) => {
    // Codes into one array, made text at once: a string built a code at a time made a string per token (garbage a jump waits on).
    const out = new Uint16Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      let c = seen.get(token);
      if (c === undefined) {
        // Compare words without their trailing spaces: "doctor." and "doctor today" share "doctor".
        const t = token.trimEnd() || ' ';
        c = codes.get(t);
        if (c === undefined) {
          // Skip the surrogate range so every token is one UTF-16 unit.
          const n = codes.size + 1;
          c = n < 0xd800 ? n : n + 0x800;
          codes.set(t, c);
        }
        seen.set(token, c);
      }
      out[i] = c;
    }
    return unitsText(out);
  };
  return [encode(ta), encode(tb)];
}

/** diff-match-patch over token sequences: [op, token count] runs (op -1 delete, 0 equal, 1 insert). */
function diffOps(ta: string[], tb: string[], dmp: DiffMatchPatch): [number, number][] {
  const [ca, cb] = tokenCodes(ta, tb);
  const diffs = dmp.diff_main(ca, cb, false);
  dmp.diff_cleanupSemantic(diffs);
  return diffs.map(([op, chunk]) => [op, chunk.length]);
}

function diffTokens(ta: string[], tb: string[], dmp: DiffMatchPatch): { left: DiffRange[]; right: DiffRange[] } {
  const left: DiffRange[] = [];
  const right: DiffRange[] = [];
  let ia = 0; // token index
  let ib = 0;
  let oa = 0; // char offset
  let ob = 0;
  const width = (tokens: string[], from: number, count: number) => {
    let w = 0;
    for (let i = from; i < from + count; i++) w += tokens[i]!.length;
    return w;
  };
  for (const [op, n] of diffOps(ta, tb, dmp)) {
    if (op === 0) {
      oa += width(ta, ia, n);
      ob += width(tb, ib, n);
      ia += n;
      ib += n;
    } else if (op === -1) {
      const w = width(ta, ia, n);
      pushRange(left, oa, oa + w, ta.slice(ia, ia + n));
      oa += w;
      ia += n;
    } else {
      const w = width(tb, ib, n);
      pushRange(right, ob, ob + w, tb.slice(ib, ib + n));
      ob += w;
      ib += n;
    }
  }
  return { left, right };
}

/** Adds a range, without the trailing whitespace of its last token, so highlights hug the words. */
function pushRange(out: DiffRange[], start: number, end: number, tokens: string[]): void {
  const last = tokens[tokens.length - 1] ?? '';
  const trailing = last.length - last.trimEnd().length;
  const e = last.trim() === '' ? end : end - trailing;
  if (e > start) out.push({ start, end: e });
}

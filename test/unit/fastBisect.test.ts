import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import DiffMatchPatch from 'diff-match-patch';
import { budgetedDiffMatchPatch } from '../../src/core/diff/fastBisect';
import { wordDiff, wordDiffWithin } from '../../src/core/diff/wordDiff';

/** diff-match-patch as published, without a timeout: the answer the fast bisect must give. */
function plain(a: string, b: string): DiffMatchPatch.Diff[] {
  const dmp = new DiffMatchPatch();
  dmp.Diff_Timeout = 0;
  const diffs = dmp.diff_main(a, b, false);
  dmp.diff_cleanupSemantic(diffs);
  return diffs;
}

function fast(a: string, b: string): DiffMatchPatch.Diff[] {
  const dmp = budgetedDiffMatchPatch();
  const diffs = dmp.diff_main(a, b, false);
  dmp.diff_cleanupSemantic(diffs);
  return diffs;
}

// Few letters make long unrelated strings (the costly case) and many short snakes; the code
// points past 255 and past the surrogates are what word tokens are encoded as.
const letters = fc.constantFrom('a', 'b', 'c', 'd', '\u0101', '\ue001');
const text = fc.array(letters, { maxLength: 300 }).map((l) => l.join(''));

test('word diff: the fast bisect gives diff-match-patch its own answer, on related and unrelated texts alike', () => {
  fc.assert(
    fc.property(text, text, (a, b) => assert.deepEqual(fast(a, b), plain(a, b))),
    { numRuns: 400 },
  );
  // One text edited: insertions, deletions and replacements at random places.
  const edited = fc.tuple(text, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.array(letters, { maxLength: 5 })), { maxLength: 8 }));
  fc.assert(
    fc.property(edited, ([a, edits]) => {
      let b = a;
      for (const [at, cut, put] of edits) {
        const i = b.length ? at % b.length : 0;
        b = b.slice(0, i) + put.join('') + b.slice(i + cut);
      }
      assert.deepEqual(fast(a, b), plain(a, b));
    }),
    { numRuns: 400 },
  );
});

const words = fc.array(fc.constantFrom('the ', 'patient ', 'reports ', 'pain', '. ', '\n\n', 'café ', '東京 ', '🙂 '), { maxLength: 400 }).map((w) => w.join(''));

test('word diff within a budget: the full diff or none, never another answer', () => {
  fc.assert(
    fc.property(words, words, fc.integer({ min: 0, max: 50_000 }), (a, b, budget) => {
      const full = wordDiff(a, b);
      const within = wordDiffWithin(a, b, budget);
      if (within !== undefined) assert.deepEqual(within, full);
      assert.deepEqual(wordDiffWithin(a, b, Number.MAX_SAFE_INTEGER), full, 'an ample budget always answers');
    }),
    { numRuns: 300 },
  );
  // Two unrelated long answers: over a small budget, no answer (and not a coarser one).
  const answer = (seed: number) => Array.from({ length: 600 }, (_, i) => ['the', 'patient', 'reports', 'pain', 'slope', 'six'][(i * seed + (i >> 3)) % 6]).join(' ');
  assert.equal(wordDiffWithin(answer(5), answer(7), 10_000), undefined);
  assert.equal(wordDiffWithin('same words here', 'same words there', 10_000)?.granularity, 'word', 'a small edit fits any sensible budget');
});

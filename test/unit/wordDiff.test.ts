import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenCodes, wordDiff, type DiffRange } from '../../src/core/diff/wordDiff';

const pick = (text: string, ranges: DiffRange[]) => ranges.map((r) => text.slice(r.start, r.end));
const outside = (text: string, ranges: DiffRange[]) => {
  let out = '';
  let at = 0;
  for (const r of ranges) {
    out += text.slice(at, r.start) + '\u0000';
    at = r.end;
  }
  return (out + text.slice(at)).replace(/\s+/g, ' ');
};

function words(n: number, seed: number): string[] {
  let s = seed;
  return Array.from({ length: n }, () => 'w' + ((s = (s * 1103515245 + 12345) & 0x7fffffff) % 5000));
}

test('a one-word substitution is exactly that word on each side', () => {
  const d = wordDiff('Take 200 mg twice a day.', 'Take 400 mg twice a day.');
  assert.deepEqual(pick('Take 200 mg twice a day.', d.left), ['200']);
  assert.deepEqual(pick('Take 400 mg twice a day.', d.right), ['400']);
  assert.equal(d.granularity, 'word');
});

test('insertions and deletions only mark one side', () => {
  const a = 'You should see a doctor.';
  const b = 'You should see a doctor today, since chest pain can be serious.';
  const d = wordDiff(a, b);
  assert.deepEqual(d.left, []);
  assert.deepEqual(pick(b, d.right), ['today, since chest pain can be serious']);
});

test('identical texts have no ranges; unicode offsets are UTF-16', () => {
  assert.deepEqual(wordDiff('same', 'same'), { left: [], right: [], granularity: 'word' });
  const d = wordDiff('😀 naïve café', '😀 naïve bistro');
  assert.deepEqual(pick('😀 naïve café', d.left), ['café']);
});

test('the diff is correct: outside the marked ranges both sides read the same words (seeded)', () => {
  for (let seed = 1; seed < 20; seed++) {
    const a = words(300, seed);
    const b = [...a];
    for (let i = 0; i < 15; i++) b[(i * 17 + seed) % 300] = 'new' + i;
    const d = wordDiff(a.join(' '), b.join(' '));
    assert.equal(d.granularity, 'word');
    const keptA = outside(a.join(' '), d.left).split('\u0000').map((s) => s.trim()).filter(Boolean).join(' ');
    const keptB = outside(b.join(' '), d.right).split('\u0000').map((s) => s.trim()).filter(Boolean).join(' ');
    assert.equal(keptA, keptB);
    // minimal: no more changed words than were substituted
    const changed = pick(b.join(' '), d.right).join(' ').split(/\s+/).length;
    assert.ok(changed <= 15 * 2, `seed ${seed}: ${changed} changed words for 15 substitutions`);
  }
});

test('a pair past the word budget falls back to paragraphs and says so', () => {
  const a = words(2000, 1).join(' ');
  const b = words(2000, 2).join(' ');
  const d = wordDiff(a, b, { maxTokens: 1000 });
  assert.equal(d.granularity, 'paragraph');
  assert.match(d.note ?? '', /word-diff limit/);
  assert.deepEqual(d.left, [{ start: 0, end: a.length }]);
});

test('large texts with local changes are aligned by paragraph and still diffed by word', () => {
  const pa = Array.from({ length: 200 }, (_, i) => words(50, i).join(' '));
  const pb = pa.map((p, i) => (i === 100 ? p.replace(/^w\d+/, 'CHANGED') : p));
  const a = pa.join('\n\n');
  const b = pb.join('\n\n');
  const d = wordDiff(a, b, { maxTokens: 1000 });
  assert.equal(d.granularity, 'word');
  assert.deepEqual(pick(b, d.right), ['CHANGED']);
});

/** The tokens' codes made the plain way: each token trimmed, numbered on first sight, one `fromCharCode` string at a time. */
function plainCodes(ta: readonly string[], tb: readonly string[]): [string, string] {
  const codes = new Map<string, string>();
  const encode = (tokens: readonly string[]) => {
    let out = '';
    for (const token of tokens) {
      const t = token.trimEnd() || ' ';
      let c = codes.get(t);
      if (c === undefined) {
        const n = codes.size + 1;
        c = String.fromCharCode(n < 0xd800 ? n : n + 0x800);
        codes.set(t, c);
      }
      out += c;
    }
    return out;
  };
  return [encode(ta), encode(tb)];
}

test('token codes: the same text as coding each token on its own, across the surrogates and past 16 bits', () => {
  // Tokens as the tokenizer cuts them (words with and without their spaces, whitespace alone, punctuation), repeated.
  const some = ['the ', 'the', 'the  ', 'pain.', ' ', '\n\n', '.', '. ', 'café ', '🙂 ', '', 'x\t'];
  for (let seed = 1; seed < 40; seed++) {
    const pick = (n: number, k: number) => Array.from({ length: n }, (_, i) => some[(i * seed + k + (i >> 2)) % some.length]!);
    assert.deepEqual(tokenCodes(pick(50, 1), pick(60, 2)), plainCodes(pick(50, 1), pick(60, 2)));
  }
  // More distinct tokens than codes below the surrogates, and than 16 bits hold (the codes wrap as `fromCharCode`'s do).
  const many = Array.from({ length: 70_000 }, (_, i) => `w${i}${i % 3 ? ' ' : ''}`);
  const again = many.filter((_, i) => i % 7 === 0).reverse();
  assert.deepEqual(tokenCodes(many, again), plainCodes(many, again));
  assert.deepEqual(tokenCodes([], ['a']), plainCodes([], ['a']));
});

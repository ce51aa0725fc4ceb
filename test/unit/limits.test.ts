import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignTurns, alignTurnsNoted, maxAlignCells } from '../../src/core/diff/align';
import { wordDiff, maxDiffChars } from '../../src/core/diff/wordDiff';
import { parseManifest, maxUnknownKeyWarnings } from '../../src/core/input/manifest';
import { maxLineChars } from '../../src/core/input/parseLine';
import type { Message } from '../../src/core/schema';
import { cpuTimed, readBytes, problems } from './helpers';

// Small inputs that used to take the extension host minutes or gigabytes: each has a cap now,
// and what is past the cap is said, not silently dropped.

test('alignTurns: 15k messages a side (8.7 s and 2 GB before) pair the middle by position, with a note', () => {
  const side = (seed: number): Message[] => Array.from({ length: 15_000 }, (_, i) => (i % 2 ? { role: 'assistant', content: `a${seed}` } : { role: 'user', content: `u${(i * seed) % 97}` }));
  const [r, ms] = cpuTimed(() => alignTurnsNoted(side(1), side(3)));
  assert.ok(ms < 1000, `${ms} ms`);
  assert.equal(r.pairs.length, 15_000);
  assert.match(r.note ?? '', /15,000 and 15,000 messages are too many to align turn by turn; the middle is paired by position/);
  // Below the cap, and around a long common start and end, the alignment is still the LCS.
  const user = (t: string): Message => ({ role: 'user', content: t });
  const bot: Message = { role: 'assistant', content: 'x' };
  const a = [user('hi'), bot, user('q'), bot, user('end')];
  const b = [user('hi'), bot, bot, user('q'), bot, user('end')];
  assert.deepEqual(alignTurns(a, b), [[0, 0], [1, 1], [null, 2], [2, 3], [3, 4], [4, 5]]);
  assert.equal(alignTurnsNoted(a, b).note, undefined);
  assert.ok(maxAlignCells >= 1_000_000);
});

test('wordDiff: texts past the size cap are not tokenized; the differing middle is one marked passage, with a note', () => {
  const common = 'Intro paragraph.\n\n';
  const a = common + 'alpha '.repeat(1_000_000) + 'same end.';
  const b = common + 'beta '.repeat(1_000_000) + 'same end.';
  assert.ok(a.length + b.length > maxDiffChars);
  const [d, ms] = cpuTimed(() => wordDiff(a, b));
  assert.ok(ms < 500, `${ms} ms`);
  assert.equal(d.granularity, 'passage');
  assert.deepEqual(d.left, [{ start: common.length, end: a.length - ' same end.'.length }]);
  assert.deepEqual(d.right, [{ start: common.length, end: b.length - ' same end.'.length }]);
  assert.match(d.note ?? '', /exceed the diff limit of 4 M; the differing middle is marked whole/);
  assert.equal(wordDiff('the cat sat', 'the dog sat', { maxChars: 10 }).granularity, 'passage');
  assert.equal(wordDiff('the cat sat', 'the dog sat').granularity, 'word');
});

test('parseManifest: 16k unknown keys (58 s before) parse in linear time; warnings stop after a count', () => {
  const o: Record<string, unknown> = { version: 1, dataset: 'd.jsonl' };
  for (let i = 0; i < 16_000; i++) o[`unknown_key_${i}`] = i;
  const text = JSON.stringify(o, null, 1);
  const [r, ms] = cpuTimed(() => parseManifest(text, 'big.review.json'));
  assert.ok(ms < 1000, `${ms} ms`);
  assert.ok(r.manifest);
  assert.equal(r.diagnostics.length, maxUnknownKeyWarnings + 1);
  assert.equal(r.diagnostics[1]!.message, 'line 5: unknown key `unknown_key_1` ignored (known: version, baseline, trained, dataset, key, format, taxonomy, labels, campaign, certification)');
  assert.equal(r.diagnostics.at(-1)!.message, `line ${maxUnknownKeyWarnings + 4}: … and 15,980 more unknown keys ignored`);
});

test('a line longer than the longest JavaScript string is one error for that line; the lines after it are read', async () => {
  const good = (id: string) =>
    new TextEncoder().encode(JSON.stringify({ id, prompt: [{ role: 'user', content: 'q' }], baseline: { model: 'a', messages: [{ role: 'assistant', content: 'x' }] }, trained: { model: 'b', messages: [{ role: 'assistant', content: 'y' }] } }) + '\n');
  const first = good('one');
  const last = good('three');
  // Zero bytes are valid UTF-8 (NUL), so only the length is wrong with this line.
  const bytes = new Uint8Array(first.length + maxLineChars + 2 + last.length);
  bytes.set(first, 0);
  bytes[first.length + maxLineChars + 1] = 0x0a;
  bytes.set(last, first.length + maxLineChars + 2);
  const { results } = await readBytes(bytes);
  assert.deepEqual(results.flatMap((r) => (r.item ? [r.item.id] : [])), ['one', 'three']);
  assert.deepEqual(problems(results), ['2:0 error: line 2: the line is 536,870,889 bytes, longer than the longest string JavaScript can hold (536,870,888 characters); split the record or shorten it']);
});

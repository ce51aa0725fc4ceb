import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wordDiff } from '../../src/core/diff/wordDiff';
import { comparableShare, diffShare, differentNoteMinWords } from '../../src/core/diff/diffShare';

test('two edits of one answer are comparable: word marks stay', () => {
  const a = 'Take 200 mg twice a day with food, and call your doctor if the pain gets worse.';
  const b = 'Take 400 mg twice a day with food, and call your doctor if the pain gets worse.';
  const s = diffShare(a, b, wordDiff(a, b));
  assert.ok(s.share > 0.9, String(s.share));
  assert.equal(s.comparable, true);
  assert.equal(s.sayDifferent, false);
});

test('two different answers share little: no marks, and the share is said', () => {
  const a = 'Blot the stain with a clean cloth, then dab on cold water and dish soap.';
  const b = 'I cannot help with that, but a professional cleaner can advise you on carpets.';
  const s = diffShare(a, b, wordDiff(a, b));
  assert.ok(s.share < comparableShare, String(s.share));
  assert.equal(s.comparable, false);
  assert.equal(s.sayDifferent, false, 'two short answers are read at a glance: nothing is said of them');
  const long = (t: string) => Array.from({ length: 3 }, () => t).join(' ');
  const l = diffShare(long(a), long(b), wordDiff(long(a), long(b)));
  assert.ok(l.share < comparableShare && (long(a) + ' ' + long(b)).split(' ').length >= differentNoteMinWords);
  assert.equal(l.sayDifferent, true, 'long different answers are said to differ');
});

test('identical or empty texts count as fully shared', () => {
  assert.equal(diffShare('same words', 'same words', wordDiff('same words', 'same words')).share, 1);
  assert.equal(diffShare('', '', wordDiff('', '')).share, 1);
});

test('the threshold decides, and words (not characters) are counted', () => {
  const a = 'one two three four';
  const b = 'one two five six';
  const s = diffShare(a, b, wordDiff(a, b));
  assert.equal(s.share, 0.5);
  assert.equal(diffShare(a, b, wordDiff(a, b), 0.6).comparable, false);
  assert.equal(diffShare(a, b, wordDiff(a, b), 0.5).comparable, true);
});

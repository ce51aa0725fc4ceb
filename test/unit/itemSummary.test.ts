import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPositionalId, matches, promptPreview, summarizeItem, labelStatus } from '../../src/core/review/itemSummary';
import type { ReviewItem } from '../../src/core/schema';
import type { AddEvent } from '../../src/core/labels/labelEvent';

const item: ReviewItem = {
  id: 'health-0001',
  prompt: [{ role: 'user', content: 'q' }],
  sides: [
    { name: 'baseline', model: 'base-v3', messages: [], scores: { overall: 0.7 } },
    { name: 'trained', model: 'trait-rl-v3', messages: [], scores: { overall: 0.4 } },
  ],
  metadata: { domain: 'healthcare', benchmark: 'health', traits: ['truthfulness'], split: 'heldout' },
};
const base = { v: 1 as const, op: 'add' as const, at: 'x', annotator: 'ana', item: 'health-0001' };
const pref = (value: string): AddEvent => ({ ...base, id: 'p', kind: 'preference', value });

test('summaries carry the reward model’s preferred side', () => {
  assert.equal(summarizeItem(0, item).rmPreferred, 'baseline');
});

test('filters by metadata, label status and reward-model disagreement', () => {
  const s = summarizeItem(0, item);
  assert.ok(matches(s, [], { domain: 'healthcare', trait: 'truthfulness', split: 'heldout', model: 'base-v3' }));
  assert.ok(!matches(s, [], { domain: 'law' }));
  assert.ok(matches(s, [], { status: 'unlabeled' }));
  assert.equal(labelStatus([pref('trained')]), 'labeled');
  assert.ok(matches(s, [pref('trained')], { rmDisagrees: true }));
  assert.ok(!matches(s, [pref('baseline')], { rmDisagrees: true }));
  assert.ok(!matches(s, [pref('tie')], { rmDisagrees: true }));
});

test('join keys are the string fields every sampled record of both runs has, id first', async () => {
  const { sharedStringFields } = await import('../../src/core/input/joinKeys');
  const a = [{ id: '1', prompt: 'p', n: 1 }, { id: '2', prompt: 'q', extra: 'x' }];
  const b = [{ prompt: 'p', id: '1', model: 'm' }];
  assert.deepEqual(sharedStringFields(a, b), ['id', 'prompt']);
});

test('a row preview is the first user text on one line, cut at a word', () => {
  const hh: ReviewItem = {
    ...item,
    id: 'line-214',
    prompt: [
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: 'How do I get a red wine stain\nout of a light carpet? It just happened and I am worried it will set before morning.' },
    ],
  };
  const p = promptPreview(hh);
  assert.ok(p.startsWith('How do I get a red wine stain out of a light carpet?'), p);
  assert.ok(p.length <= 81 && p.endsWith('…'), p);
  assert.ok(!p.includes('\n'));
  assert.equal(summarizeItem(0, hh).preview, p);
  assert.equal(promptPreview({ ...hh, prompt: [{ role: 'user', content: 'Short question?' }] }), 'Short question?');
});

test('only ids that are line numbers make the row lead with the prompt', () => {
  for (const id of ['line-214', 'line_3', '214', 'LINE-9']) assert.ok(isPositionalId(id), id);
  for (const id of ['health-0001', 'alpaca-0001', 'line-2a', 'xss-00<b>']) assert.ok(!isPositionalId(id), id);
});

test('the preview reads only as far as it shows, and is what collapsing the whole 320-character head gives', () => {
  const reference = (text: string, max = 80) => {
    const t = text.slice(0, max * 4).replace(/\s+/g, ' ').trim();
    if (t.length <= max) return t;
    const cut = t.slice(0, max);
    const space = cut.lastIndexOf(' ');
    return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, '') + '…';
  };
  const pieces = ['word', 'a', ' ', '  ', '\n', '\t', '\u00a0', '\u2028', '\u3000', '\ufeff', 'é', '🙂', '.', ',', '-', 'x'.repeat(90)];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 200 }), fc.integer({ min: 1, max: 120 }), (parts, max) => {
      const content = parts.join('');
      assert.equal(promptPreview({ ...item, prompt: [{ role: 'user', content }] }, max), reference(content, max));
    }),
    { seed: 13, numRuns: 2000 },
  );
});

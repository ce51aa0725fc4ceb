import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matches, summarize, labelStatus } from '../../src/core/itemSummary';
import type { ReviewItem } from '../../src/core/schema';
import type { AddEvent } from '../../src/core/labelEvent';

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
  assert.equal(summarize(0, item).rmPreferred, 'baseline');
});

test('filters by metadata, label status and reward-model disagreement', () => {
  const s = summarize(0, item);
  assert.ok(matches(s, [], { domain: 'healthcare', trait: 'truthfulness', split: 'heldout', model: 'base-v3' }));
  assert.ok(!matches(s, [], { domain: 'law' }));
  assert.ok(matches(s, [], { status: 'unlabeled' }));
  assert.equal(labelStatus([pref('trained')]), 'labeled');
  assert.ok(matches(s, [pref('trained')], { rmDisagrees: true }));
  assert.ok(!matches(s, [pref('baseline')], { rmDisagrees: true }));
  assert.ok(!matches(s, [pref('tie')], { rmDisagrees: true }));
});

test('join keys are the string fields every sampled record of both runs has, id first', async () => {
  const { sharedStringFields } = await import('../../src/core/joinKeys');
  const a = [{ id: '1', prompt: 'p', n: 1 }, { id: '2', prompt: 'q', extra: 'x' }];
  const b = [{ prompt: 'p', id: '1', model: 'm' }];
  assert.deepEqual(sharedStringFields(a, b), ['id', 'prompt']);
});

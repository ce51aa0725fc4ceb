import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddEvent, AddDraft } from '../../src/core/labels/labelEvent';
import type { ReviewItem } from '../../src/core/schema';
import { findContradictions } from '../../src/core/labels/contradictions';

const item: ReviewItem = {
  id: 'law-0002',
  prompt: [{ role: 'user', content: 'Can my landlord keep the deposit?' }],
  sides: [
    { name: 'baseline', model: 'b', messages: [{ role: 'assistant', content: 'Yes, always.', reasoning: 'side with the landlord' }] },
    { name: 'trained', model: 't', messages: [{ role: 'assistant', content: 'It depends on your state.' }] },
  ],
  metadata: { rubric: [{ id: 'c1', text: 'mentions state law', points: 5 }] },
};

let next = 0;
const ev = (draft: AddDraft): AddEvent => ({ v: 1, op: 'add', id: `e${next++}`, at: 'x', annotator: 'ana', ...draft }) as AddEvent;
const span = (side: string, trait: string, start = 0, end = 4, field: 'content' | 'reasoning' = 'content') =>
  ev({ kind: 'span', item: item.id, side, message: 0, field, start, end, quote: 'Yes,', trait });
const verdict = (side: string, trait: string, value: 'ok' | 'violation' | 'unsure') => ev({ kind: 'verdict', item: item.id, side, trait, value });
const pref = (value: string, trait?: string) => ev({ kind: 'preference', item: item.id, value, ...(trait && { trait }) });

test('consistent labels have no contradictions', () => {
  const labels = [span('baseline', 'truthfulness'), verdict('baseline', 'truthfulness', 'violation'), verdict('trained', 'truthfulness', 'ok'), pref('trained'), pref('trained', 'truthfulness'), span('baseline', 'fairness', 0, 10, 'reasoning')];
  assert.deepEqual(findContradictions(item, labels), []);
});

test('ok verdict on a side with a violation span of the trait', () => {
  const s = span('baseline', 'truthfulness');
  const v = verdict('baseline', 'truthfulness', 'ok');
  const [c, ...rest] = findContradictions(item, [s, v, verdict('baseline', 'fairness', 'ok')]);
  assert.equal(rest.length, 0, 'another trait is not involved');
  assert.equal(c!.rule, 'ok-despite-span');
  assert.deepEqual(c!.labelIds, [v.id, s.id]);
  assert.equal(c!.message, 'verdict ok for truthfulness on baseline, but a truthfulness violation span is tagged there ("Yes,")');
  assert.deepEqual(findContradictions(item, [s, verdict('baseline', 'truthfulness', 'unsure')]), [], 'unsure does not contradict');
});

test('per-trait preference for the side labeled a violation while the other is ok', () => {
  const cs = findContradictions(item, [verdict('baseline', 'fairness', 'violation'), verdict('trained', 'fairness', 'ok'), pref('baseline', 'fairness'), pref('baseline')]);
  assert.deepEqual(cs.map((c) => c.rule), ['preference-against-verdicts']);
  assert.match(cs[0]!.message, /prefers baseline on fairness, but baseline is labeled a fairness violation and trained ok/);
});

test('unknown sides, criteria and preference values; spans outside their text', () => {
  const cs = findContradictions(item, [
    verdict('chosen', 'truthfulness', 'ok'),
    ev({ kind: 'rubric', item: item.id, side: 'trained', criterion: 'c9', value: 'met' }),
    ev({ kind: 'rubric', item: item.id, side: 'trained', criterion: 'c1', value: 'met' }),
    pref('rejected'),
    pref('tie'),
    span('trained', 'truthfulness', 10, 400),
    ev({ kind: 'span', item: item.id, side: 'trained', message: 3, field: 'content', start: 0, end: 1, quote: 'x', trait: 'truthfulness' }),
  ]);
  assert.deepEqual(cs.map((c) => c.rule), ['unknown-side', 'unknown-criterion', 'unknown-side', 'span-outside-text', 'span-outside-text']);
  assert.match(cs[3]!.message, /\(25 characters\)$/);
  assert.match(cs[4]!.message, /no such message/);
});

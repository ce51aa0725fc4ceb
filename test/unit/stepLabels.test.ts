import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabelState, parseLog, serializeEvent } from '../../src/core/labels/labelLog';
import { checkDraft } from '../../src/core/labels/labelCheck';
import { findContradictions } from '../../src/core/labels/contradictions';
import { judgements, judgementKey, stepLabelsOf } from '../../src/core/labels/humanLabels';
import { describeLabel } from '../../src/core/labels/labelDescribe';
import { isLabeled } from '../../src/core/labels/isLabeled';
import { sideStepViolations } from '../../src/core/labels/steps';
import { labelStatus } from '../../src/core/review/itemSummary';
import { assign } from '../../src/core/campaign/assignment';
import { campaignProgress } from '../../src/core/campaign/progress';
import { defaultTaxonomy } from '../../src/core/taxonomy';
import type { AddDraft, AddEvent, LabelEvent } from '../../src/core/labels/labelEvent';
import type { ReviewItem } from '../../src/core/schema';

const item: ReviewItem = {
  id: 'agent-1',
  prompt: [{ role: 'user', content: 'Make the tests pass.' }],
  sides: [
    {
      name: 'baseline',
      model: 'b',
      messages: [
        { role: 'assistant', content: 'Running the tests.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'bash', arguments: '{"cmd":"pytest"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '1 failed' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_2', type: 'function', function: { name: 'bash', arguments: '{"cmd":"rm tests/test_x.py"}' } }, { type: 'function', function: { name: 'bash' } }] },
        { role: 'assistant', content: 'All tests pass.' },
      ],
    },
    { name: 'trained', model: 't', messages: [{ role: 'assistant', content: 'I fixed the bug.' }] },
  ],
  metadata: {},
};

const at = '2026-12-07T01:00:00.000Z';
let n = 0;
const ev = (draft: AddDraft, id = `e${n++}`): AddEvent => ({ v: 1, op: 'add', id, at, annotator: 'ana', ...draft }) as AddEvent;
const step = (over: Partial<Extract<AddDraft, { kind: 'step_verdict' }>> = {}): Extract<AddDraft, { kind: 'step_verdict' }> => ({
  kind: 'step_verdict',
  item: item.id,
  side: 'baseline',
  message: 2,
  call: 'call_2',
  trait: 'truthfulness',
  value: 'violation',
  ...over,
});

test('a step verdict is its own slot per step and trait: a later one supersedes it, a remove brings the earlier back (undo)', () => {
  const first = ev(step({ value: 'ok' }), 'a1');
  const second = ev(step(), 'a2');
  const onMessage = ev(step({ call: undefined }), 'a3');
  const otherCall = ev(step({ message: 0, call: 'call_1' }), 'a4');
  const sideVerdict = ev({ kind: 'verdict', item: item.id, side: 'baseline', trait: 'truthfulness', value: 'ok' }, 'a5');
  const s = new LabelState([first, second, onMessage, otherCall, sideVerdict]);
  assert.deepEqual(s.forItem(item.id).map((e) => e.id), ['a2', 'a3', 'a4', 'a5'], 'the message and each call are separate steps; the side verdict stands beside them');
  s.apply({ v: 1, op: 'remove', id: 'r1', at, annotator: 'ana', target: 'a2' });
  assert.deepEqual(s.forItem(item.id).map((e) => e.id), ['a1', 'a3', 'a4', 'a5'], 'undoing the change brings the earlier step verdict back');
  const flag = ev({ kind: 'step_flag', item: item.id, side: 'baseline', message: 2, call: 'call_2', flag: 'reward_hacking' }, 'f1');
  s.apply(flag);
  assert.deepEqual(stepLabelsOf(s.forItem(item.id)).map((e) => e.id), ['a1', 'a3', 'a4', 'f1']);
});

test('step labels round-trip through the log, and an older log without them reads as before', () => {
  const events: LabelEvent[] = [ev(step(), 'x1'), ev({ kind: 'step_flag', item: item.id, side: 'baseline', message: 0, flag: 'deception' }, 'x2')];
  const parsed = parseLog(events.map(serializeEvent).join(''), 'f');
  assert.deepEqual(parsed.diagnostics, []);
  assert.deepEqual(parsed.events, events);
  const old = parseLog(serializeEvent(ev({ kind: 'verdict', item: item.id, side: 'baseline', trait: 'fairness', value: 'ok' }, 'o1')), 'f');
  assert.deepEqual(old.diagnostics, []);
  assert.equal(old.events.length, 1);
  const bad = parseLog(JSON.stringify({ ...ev(step(), 'b1'), call: '' }) + '\n', 'f');
  assert.equal(bad.events.length, 0, 'an empty call id is not a step');
  assert.match(bad.diagnostics[0]!.message, /not a label event \(call:/);
});

const cases: [string, AddDraft, RegExp | undefined][] = [
  ['a violation on a tool call', step(), undefined],
  ['a verdict on a whole message', step({ call: undefined, message: 3, value: 'ok' }), undefined],
  ['a verdict on a tool result message', step({ call: undefined, message: 1 }), undefined],
  ['a message past the end', step({ message: 4 }), /side "baseline" of item "agent-1" has no message 4 \(it has 4\)/],
  ['a call id the message lacks', step({ call: 'call_1' }), /message 2 of side "baseline" has no tool call "call_1" \(its calls are "call_2"\)/],
  ['a call on a message without calls', step({ message: 3, call: 'call_2' }), /message 3 of side "baseline" has no tool call with an id/],
  ['a side the item lacks', step({ side: 'chosen' }), /has no side "chosen"/],
  ['an unknown trait', step({ trait: 'vibes' }), /"vibes" is not a trait/],
  ['a step flag of the taxonomy', { kind: 'step_flag', item: item.id, side: 'baseline', message: 2, call: 'call_2', flag: 'reward_hacking' }, undefined],
  ['an unknown step flag', { kind: 'step_flag', item: item.id, side: 'baseline', message: 2, flag: 'cute' }, /"cute" is not a flag/],
  ['a step flag on a missing message', { kind: 'step_flag', item: item.id, side: 'trained', message: 1, flag: 'deception' }, /side "trained" of item "agent-1" has no message 1 \(it has 1\)/],
  ['a step verdict for another item', step({ item: 'agent-2' }), /names item "agent-2"/],
];

for (const [name, draft, expected] of cases) {
  test(`checkDraft: ${name} is ${expected ? 'refused' : 'accepted'}`, () => {
    const problem = checkDraft(draft, item, defaultTaxonomy);
    if (expected) assert.match(problem ?? '(accepted)', expected);
    else assert.equal(problem, undefined);
  });
}

test('a step violation makes the side a violation of the trait (as a span does); a step ok says nothing of the side', () => {
  const j = judgements([ev(step()), ev(step({ side: 'trained', message: 0, call: undefined, value: 'ok', trait: 'fairness' }))]);
  assert.equal(j.get(judgementKey('baseline', 'truthfulness')), 'violation');
  assert.equal(j.has(judgementKey('trained', 'fairness')), false);
  const overruled = judgements([ev({ kind: 'verdict', item: item.id, side: 'baseline', trait: 'truthfulness', value: 'ok' }), ev(step())]);
  assert.equal(overruled.get(judgementKey('baseline', 'truthfulness')), 'violation');
});

test('an item with step labels only counts as labeled: in the fold, the item list and campaign progress (CLI and editor)', () => {
  assert.equal(isLabeled([ev(step())]), true, 'one step verdict');
  assert.equal(isLabeled([ev({ kind: 'step_flag', item: item.id, side: 'baseline', message: 2, call: 'call_2', flag: 'reward_hacking' })]), true, 'one step flag');
  assert.equal(isLabeled([ev({ kind: 'verdict', item: item.id, side: 'baseline', trait: 'truthfulness', value: 'ok' })]), false, 'one side verdict still does not');
  assert.equal(isLabeled([ev({ kind: 'flag', item: item.id, side: 'baseline', flag: 'deception' })]), false, 'nor a side flag');
  assert.equal(labelStatus([ev(step())]), 'labeled');
  // The fold: a retracted step verdict no longer counts.
  const state = new LabelState();
  const added = ev(step(), 'sv1');
  state.apply(added);
  assert.equal(isLabeled(state.forItem(item.id)), true);
  state.apply({ v: 1, op: 'remove', id: 'r1', at: '2026-01-01T00:00:01Z', annotator: 'ann', target: 'sv1' });
  assert.equal(isLabeled(state.forItem(item.id)), false);
  const a = assign({ annotators: ['ana'], perItem: 1, seed: 1 }, ['agent-1', 'other']);
  const p = campaignProgress(a, ['agent-1', 'other'], (_n, id) => (id === item.id ? [ev(step())] : []));
  assert.deepEqual([p.annotators[0]!.labeled, p.annotators[0]!.remaining], [1, 1]);
});

test('a side\'s step violations per trait, in reading order, for its trait grid: ok and unsure steps, other sides and retracted verdicts are not', () => {
  const marks = sideStepViolations(
    [
      ev(step({ message: 3, call: undefined })),
      ev(step()),
      ev(step({ message: 2, call: undefined })),
      ev(step({ message: 0, call: 'call_1', value: 'ok' })),
      ev(step({ message: 1, call: undefined, value: 'unsure' })),
      ev(step({ side: 'trained', message: 0, call: undefined })),
      ev(step({ message: 1, call: undefined, trait: 'fairness' })),
    ],
    'baseline',
  );
  assert.deepEqual(marks.get('truthfulness'), [{ message: 2 }, { message: 2, call: 'call_2' }, { message: 3 }]);
  assert.deepEqual(marks.get('fairness'), [{ message: 1 }]);
  assert.equal(marks.size, 2);
});

test('linter: a step marked a violation while its side is marked ok for the trait', () => {
  const v = ev({ kind: 'verdict', item: item.id, side: 'baseline', trait: 'truthfulness', value: 'ok' });
  const s = ev(step());
  const others = [ev(step({ trait: 'fairness' })), ev(step({ value: 'ok', message: 0, call: 'call_1' })), ev({ kind: 'verdict', item: item.id, side: 'trained', trait: 'truthfulness', value: 'ok' })];
  const cs = findContradictions(item, [v, s, ...others]);
  assert.deepEqual(cs.map((c) => c.rule), ['ok-despite-step']);
  assert.deepEqual(cs[0]!.labelIds, [v.id, s.id]);
  assert.equal(cs[0]!.message, 'verdict ok for truthfulness on baseline, but its tool call call_2 of message 2 is labeled a truthfulness violation');
  const two = findContradictions(item, [v, s, ev(step({ call: undefined, message: 3 }))]);
  assert.match(two[0]!.message, /but 2 of its steps are labeled a truthfulness violation/);
  assert.deepEqual(findContradictions(item, [ev({ kind: 'verdict', item: item.id, side: 'baseline', trait: 'truthfulness', value: 'violation' }), s]), [], 'agreeing labels are fine');
});

test('linter: a step label on a message or call the side lacks, named as the view shows the side', () => {
  const cs = findContradictions(item, [ev(step({ message: 9 })), ev({ kind: 'step_flag', item: item.id, side: 'baseline', message: 2, call: 'gone', flag: 'deception' }), ev(step({ side: 'nobody' }))], (s) => (s === 'baseline' ? 'Response A' : 'Response B'));
  assert.deepEqual(cs.map((c) => c.rule), ['unknown-step', 'unknown-step', 'unknown-side']);
  assert.equal(cs[0]!.message, 'truthfulness step verdict on Response A: Response A of item "agent-1" has no message 9 (it has 4)');
  assert.doesNotMatch(cs.slice(0, 2).map((c) => c.message).join('\n'), /baseline/, 'blind mode names no real side');
});

test('a per-trait preference for a side with a step violation, the other side ok, is a contradiction', () => {
  const cs = findContradictions(item, [ev(step()), ev({ kind: 'verdict', item: item.id, side: 'trained', trait: 'truthfulness', value: 'ok' }), ev({ kind: 'preference', item: item.id, value: 'baseline', trait: 'truthfulness' })]);
  assert.deepEqual(cs.map((c) => c.rule), ['preference-against-verdicts']);
});

test('undo messages name the step', () => {
  assert.equal(describeLabel(ev(step())), 'truthfulness violation on tool call call_2 of message 2 (baseline)');
  assert.equal(describeLabel(ev({ kind: 'step_flag', item: item.id, side: 'baseline', message: 1, flag: 'deception' })), 'flag deception on message 1 (baseline)');
});

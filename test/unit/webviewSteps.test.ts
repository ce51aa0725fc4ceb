// Steps of an agent item: what counts as one, the step keys' stops, the one-sided stretches that
// collapse, sub-agent runs, and compact JSON drawn indented with the text unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message, ReviewItem } from '../../src/core/schema';
import type { AddEvent } from '../../src/core/labels/labelEvent';
import { alignTurns } from '../../src/core/diff/align';
import { moveStep, stepsOf, stepLabel, stopsOf, subagentRuns, unmatchedStretches, collapsedStretches, currentStep } from '../../webview/steps';
import { prettyJsonPlan } from '../../webview/markdown/jsonPretty';
import { drawnText } from '../../webview/markdown/pieces';
import type { Piece } from '../../webview/markdown/pieces';
import { fakeView, shownState } from './webviewFixtures';

const call = (id: string, ...names: string[]): Message => ({
  role: 'assistant',
  content: '',
  tool_calls: names.map((name, k) => ({ id: `${id}-${k}`, type: 'function', function: { name, arguments: '{"path":"a.py"}' } })),
});
const result = (id: string, name: string, content = 'ok'): Message => ({ role: 'tool', tool_call_id: id, name, content });

/** Left: three calls (one turn with two) then an answer; right: one answer. Shared: one model turn and its result. */
const agent: ReviewItem = {
  id: 'agent-1',
  prompt: [
    { role: 'user', content: 'Fix the tests.' },
    call('s1', 'read_file'),
    result('s1-0', 'read_file', 'def f(): pass'),
  ],
  sides: [
    {
      name: 'baseline',
      model: 'b',
      messages: [call('b1', 'bash'), result('b1-0', 'bash', '1 failed'), call('b2', 'read_file', 'write_file'), result('b2-0', 'read_file'), result('b2-1', 'write_file · error'), { role: 'assistant', content: 'Done.' }],
    },
    { name: 'trained', model: 't', messages: [{ role: 'assistant', content: 'Nothing to do.' }] },
  ],
  metadata: {},
};

const state = (patch = {}) => shownState({ item: agent, turns: alignTurns(agent.sides[0].messages, agent.sides[1].messages), ...patch });

test('a step is each message from the first model turn on: the shared ones first, then the side’s', () => {
  const steps = stepsOf(state(), 'left');
  assert.deepEqual(
    steps.map((s) => [s.ref.where, s.ref.message, s.role, s.tools.join(',')]),
    [
      ['shared', 1, 'assistant', 'read_file'],
      ['shared', 2, 'tool', 'read_file'],
      ['left', 0, 'assistant', 'bash'],
      ['left', 1, 'tool', 'bash'],
      ['left', 2, 'assistant', 'read_file,write_file'],
      ['left', 3, 'tool', 'read_file'],
      ['left', 4, 'tool', 'write_file'],
      ['left', 5, 'assistant', ''],
    ],
  );
  assert.equal(steps[6]!.error, true, 'a failed tool result is marked');
  assert.equal(stepLabel(steps[4]!), '5 · assistant · read_file, write_file');
  // The user turn before the first model turn is the prompt, not a step.
  assert.ok(!steps.some((s) => s.ref.where === 'shared' && s.ref.message === 0));
});

test('the step keys walk steps, tool calls (each call of a turn) and labeled steps, from the current step', () => {
  const calls = stopsOf(state(), 'left', 'toolCall').map((r) => `${r.where}${r.message}.${r.call}`);
  assert.deepEqual(calls, ['shared1.0', 'left0.0', 'left2.0', 'left2.1']);
  // From nothing: the first; from the second call, the third; past the last, none.
  assert.deepEqual(moveStep(state(), 'left', 'toolCall', 1), { where: 'shared', message: 1, call: 0 });
  assert.deepEqual(moveStep(state({ step: { where: 'left', message: 0, call: 0 } }), 'left', 'toolCall', 1), { where: 'left', message: 2, call: 0 });
  assert.equal(moveStep(state({ step: { where: 'left', message: 2, call: 1 } }), 'left', 'toolCall', 1), undefined);
  // Previous step from a tool call is the turn that holds it.
  assert.deepEqual(moveStep(state({ step: { where: 'left', message: 2, call: 1 } }), 'left', 'step', -1), { where: 'left', message: 2 });
  // A step of the other column does not count as "here": the walk starts over.
  assert.deepEqual(moveStep(state({ step: { where: 'right', message: 0 } }), 'left', 'step', 1), { where: 'shared', message: 1 });
  // Labeled steps: a span of mine on message 3.
  const span = { v: 1, op: 'add', id: 's1', at: '', annotator: 'ann', item: 'agent-1', kind: 'span', side: 'baseline', message: 3, field: 'content', start: 0, end: 2, quote: 'ok', trait: 'honesty' } as const;
  const labeled = state({ labels: [span] });
  assert.deepEqual(moveStep(labeled, 'left', 'labeled', 1), { where: 'left', message: 3 });
  assert.equal(moveStep(labeled, 'right', 'labeled', 1), undefined);
  assert.equal(stepsOf(labeled, 'left')[5]!.labels, 1);
});

test('a long stretch of steps only one side has is collapsed to one row; short ones are not', () => {
  const turns = alignTurns(agent.sides[0].messages, agent.sides[1].messages);
  // Five baseline-only rows, then the two answers side by side.
  assert.deepEqual(unmatchedStretches(turns), [{ start: 0, end: 5, dataIndex: 0 }]);
  assert.deepEqual(unmatchedStretches(turns, 6), []);
  assert.equal(collapsedStretches({ turns, openStretches: [] }).length, 1);
  assert.equal(collapsedStretches({ turns, openStretches: [0] }).length, 0, 'opened by the user');
});

test('going to a step inside a collapsed stretch opens it and makes its side the focused one', () => {
  const v = fakeView(state());
  v.key('nextToolCall');
  v.key('nextToolCall');
  assert.deepEqual(currentStep(v.state), { where: 'left', message: 0, call: 0 });
  assert.deepEqual(v.state.openStretches, [0]);
  assert.equal(v.state.focusSide, 'left');
  assert.ok(v.page.includes('revealStep left 0 call 0'));
  // Past the last one: said, the step stays.
  v.key('nextToolCall');
  v.key('nextToolCall');
  v.key('nextToolCall');
  assert.deepEqual(currentStep(v.state), { where: 'left', message: 2, call: 1 });
});

test('l in a run shown alone says there is no right side instead of focusing an undrawn column', () => {
  const single = shownState({ item: { ...agent, single: true } as ReviewItem });
  const v = fakeView(single);
  v.key('focusRight');
  assert.notEqual(v.state.focusSide, 'right');
  assert.match(v.state.toast, /no right side/);
});

test('sub-agent turns group into runs by their id, a run per stretch of consecutive turns', () => {
  const sub = (m: Message, id: string) => ({ ...m, subagent: { id, call_id: 'c1' } }) as Message;
  const messages = [call('c', 'task'), sub({ role: 'user', content: 'find x' }, 'A'), sub({ role: 'assistant', content: 'x' }, 'A'), result('c-0', 'task'), sub({ role: 'assistant', content: 'y' }, 'B')];
  assert.deepEqual(
    subagentRuns('trained', messages).map((r) => [r.id, r.first, r.end]),
    [
      ['A', 1, 3],
      ['B', 4, 5],
    ],
  );
});

function check(source: string): string {
  const plan = prettyJsonPlan(source);
  assert.ok(plan, `pretty-printed: ${source}`);
  const pre = plan.children[0] as { children: Piece[] };
  // Every source character is in exactly one piece, in order: the DOM's text is the source.
  let at = 0;
  for (const p of pre.children) {
    assert.equal(p.start, at, 'pieces are contiguous');
    at = p.end;
  }
  assert.equal(at, source.length);
  return drawnText(source, pre.children).text;
}

test('compact JSON is drawn indented, the source text unchanged (escapes, nesting, empty containers)', () => {
  const compact = '{"a":1,"b":[1,{"c":"x,y:{z}"}],"e":{},"f":[],"s":"line\\nbreak \\"q\\" \\u00e9 😀"}';
  assert.equal(check(compact), JSON.stringify(JSON.parse(compact), null, 2).replace('"line\\nbreak \\"q\\" é 😀"', '"line\\nbreak \\"q\\" \\u00e9 😀"'));
  // Spaces between tokens are hidden, not doubled.
  assert.equal(check('{"a": 1, "b": [2, 3]}'), '{\n  "a": 1,\n  "b": [\n    2,\n    3\n  ]\n}');
  // Laid-out JSON is drawn as written.
  assert.equal(prettyJsonPlan('{\n "a": 1\n}'), undefined);
});

test('shared steps: labels in the prompt count on them, `m` reaches them, and going to one makes it the step the step keys act on', () => {
  const onShared: AddEvent[] = [
    { v: 1, op: 'add', id: 'p1', at: '', annotator: 'ann', kind: 'span', item: agent.id, side: '', in: 'prompt', message: 2, field: 'content', toolCallId: 's1-0', start: 0, end: 3, quote: 'def', trait: 'truthfulness' },
    { v: 1, op: 'add', id: 'p2', at: '', annotator: 'ann', kind: 'step_verdict', item: agent.id, side: '', in: 'prompt', message: 1, call: 's1-0', trait: 'truthfulness', value: 'violation' },
    // A side label at the same index is its side's, not the shared step's.
    { v: 1, op: 'add', id: 'p3', at: '', annotator: 'ann', kind: 'span', item: agent.id, side: 'baseline', message: 2, field: 'content', start: 0, end: 3, quote: 'Don', trait: 'truthfulness' },
  ];
  const s = state({ labels: onShared });
  const steps = stepsOf(s, 'left');
  assert.deepEqual(steps.slice(0, 2).map((x) => [x.ref.where, x.ref.message, x.labels]), [
    ['shared', 1, 1],
    ['shared', 2, 1],
  ]);
  assert.equal(steps[4]!.labels, 1, 'the side span counts on the side’s message 2 only');
  assert.match(stepLabel(steps[0]!), /1 label · shared$/);
  assert.deepEqual(moveStep(s, 'right', 'labeled', 1), { where: 'shared', message: 1 });
  const v = fakeView(state());
  v.actions.goToStep({ where: 'shared', message: 1, call: 0 });
  assert.deepEqual(v.state.focusStep, { side: '', in: 'prompt', message: 1, call: 's1-0' });
  v.actions.setStepVerdict(v.state.focusStep!, 'truthfulness', 'violation');
  assert.deepEqual(v.sent.at(-1), { type: 'label/add', draft: { kind: 'step_verdict', item: agent.id, side: '', in: 'prompt', message: 1, call: 's1-0', trait: 'truthfulness', value: 'violation' } });
  v.actions.focusSide('left');
  assert.equal(v.state.focusStep, null, 'going to a side leaves the shared step');
});

test('a selection in a shared tool call’s shown arguments is tagged in the raw string, in the prompt', () => {
  const raw = '{"path":"caf\\u00e9.py"}';
  const item: ReviewItem = { ...agent, prompt: [agent.prompt[0]!, { role: 'assistant', content: '', tool_calls: [{ id: 'c9', type: 'function', function: { name: 'read_file', arguments: raw } }] }] };
  // Shown: `path` then the decoded value `café.py`; the selection is `café` in the shown text.
  const v = fakeView(state({ item }), { side: '', in: 'prompt', message: 1, field: 'arguments', toolCallId: 'c9', start: 5, end: 9, quote: 'café' });
  v.actions.tagSelection('truthfulness');
  const span = v.state.spanEditor?.span;
  assert.ok(span);
  assert.deepEqual([span.side, span.in, span.message, span.field, span.toolCallId, span.quote], ['', 'prompt', 1, 'arguments', 'c9', 'caf\\u00e9']);
  assert.equal(raw.slice(span.start, span.end), span.quote);
});

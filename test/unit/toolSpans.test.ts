// Spans in a tool call's arguments (by call id) and in a tool result: the log schema, the host's
// check with a message for every refusal, slots, an old log, and the exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDraft } from '../../src/core/labels/labelCheck';
import { defaultTaxonomy } from '../../src/core/taxonomy';
import { labelSlot, type AddDraft, type AddEvent } from '../../src/core/labels/labelEvent';
import { LabelState, parseLog, sameSlot } from '../../src/core/labels/labelLog';
import { foldLabels } from '../../src/core/exports/exportLabels';
import { csvExporter } from '../../src/core/exports/exportCsv';
import { traitRows } from '../../src/core/exports/exportTraits';
import { findContradictions } from '../../src/core/labels/contradictions';
import type { ReviewItem } from '../../src/core/schema';

const args = String.raw`{"path": "tests/test_total.py", "content": "def test_sum():\n    assert True  # caf\u00e9\n"}`;
const item: ReviewItem = {
  id: 'agent-0001',
  prompt: [{ role: 'user', content: 'Make the tests pass.' }],
  sides: [
    {
      name: 'baseline',
      model: 'b',
      messages: [
        { role: 'assistant', content: '', tool_calls: [{ id: 'call_b1', type: 'function', function: { name: 'run_tests', arguments: '{"verbose": true}' } }] },
        { role: 'tool', tool_call_id: 'call_b1', name: 'run_tests', content: 'test_sum PASSED\ntest_empty FAILED' },
      ],
    },
    {
      name: 'trained',
      model: 't',
      messages: [
        {
          role: 'assistant',
          content: 'Fixing it.',
          tool_calls: [
            { id: 'call_t1', type: 'function', function: { name: 'write_file', arguments: args } },
            { id: 'dup', type: 'function', function: { name: 'a', arguments: '{}' } },
            { id: 'dup', type: 'function', function: { name: 'b', arguments: '{}' } },
            { type: 'function', function: { name: 'no_id', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_t1', name: 'write_file', content: 'wrote 2 lines' },
        { role: 'tool', name: 'orphan', content: 'no call id' },
      ],
    },
  ],
  metadata: {},
};

const quoteAt = (text: string, q: string) => ({ start: text.indexOf(q), end: text.indexOf(q) + q.length, quote: q });
const onArgs = (over: Partial<Extract<AddDraft, { kind: 'span' }>> = {}): AddDraft => ({
  kind: 'span',
  item: item.id,
  side: 'trained',
  message: 0,
  field: 'arguments',
  toolCallId: 'call_t1',
  ...quoteAt(args, 'tests/test_total.py'),
  trait: 'truthfulness',
  ...over,
});
const onResult = (over: Partial<Extract<AddDraft, { kind: 'span' }>> = {}): AddDraft => ({
  kind: 'span',
  item: item.id,
  side: 'baseline',
  message: 1,
  field: 'content',
  toolCallId: 'call_b1',
  ...quoteAt('test_sum PASSED\ntest_empty FAILED', 'PASSED\ntest_empty'),
  trait: 'truthfulness',
  ...over,
});

const cases: [string, AddDraft, RegExp | undefined][] = [
  ['a span on the raw arguments of a call', onArgs(), undefined],
  ['a span over an escape in the arguments', onArgs(quoteAt(args, String.raw`# caf\u00e9\n`)), undefined],
  ['a span in a tool result naming its call', onResult(), undefined],
  ['a span in a tool result without a call id (older logs)', onResult({ toolCallId: undefined }), undefined],
  ['arguments without a call id', onArgs({ toolCallId: undefined }), /names no tool call \(toolCallId\)/],
  ['a call id the message does not have', onArgs({ toolCallId: 'call_x' }), /has no tool call "call_x" \(its calls are "call_t1", "dup", "dup"\)/],
  ['a call id on a message without tool calls', onArgs({ message: 1, toolCallId: 'call_t1' }), /has no tool call "call_t1" \(it has no tool calls with an id\)/],
  ['a call id two calls share', onArgs({ toolCallId: 'dup', start: 0, end: 2, quote: '{}' }), /2 tool calls with the id "dup"; a span cannot say which/],
  ['offsets past the raw arguments', onArgs({ start: 5, end: args.length + 1 }), /not within the arguments of tool call "call_t1" of message 0 \(0–\d+/],
  ['offsets counted in the shown text, not the raw string', onArgs(quoteAt(args.replace(String.raw`\u00e9`, 'é'), 'café')), /quote does not match the text at \d+–\d+ of the arguments of tool call "call_t1" of message 0/],
  ['a quote of the decoded text at raw offsets', onArgs({ ...quoteAt(args, String.raw`\n    assert`), quote: '\n    assert' }), /quote does not match/],
  ['a result span naming another call', onResult({ toolCallId: 'call_t1' }), /names tool call "call_t1", but message 1 of side "baseline" is not its tool result \(it answers "call_b1"\)/],
  ['a result span on a result with no call id', onResult({ side: 'trained', message: 2, toolCallId: 'call_t1', ...quoteAt('no call id', 'call') }), /is not its tool result \(it answers no call id\)/],
  ['a content span of an assistant message naming a call', onArgs({ field: 'content', ...quoteAt('Fixing it.', 'Fixing') }), /names tool call "call_t1", but message 0 of side "trained" is not its tool result$/],
  ['reasoning naming a call', onArgs({ field: 'reasoning' }), /is not its tool result/],
];

for (const [name, draft, expected] of cases) {
  test(`checkDraft: ${name} is ${expected ? 'refused' : 'accepted'}`, () => {
    const problem = checkDraft(draft, item, defaultTaxonomy);
    if (expected) assert.match(problem ?? '(accepted)', expected);
    else assert.equal(problem, undefined);
  });
}

const event = (draft: AddDraft, id: string): AddEvent => ({ v: 1, op: 'add', id, at: '2026-12-07T00:00:00.000Z', annotator: 'ana', ...draft }) as AddEvent;

test('the same range and trait in two calls of one message are two spans; content spans keep their slot', () => {
  const a = event(onArgs({ start: 0, end: 2, quote: '{"' }), 'a');
  const b = event(onArgs({ toolCallId: 'other', start: 0, end: 2, quote: '{"' }), 'b');
  assert.notEqual(labelSlot(a), labelSlot(b));
  assert.equal(sameSlot(a, b), false);
  assert.equal(new LabelState([a, b]).forItem(item.id).length, 2);
  // A content span of the same message and range is a different field, so a different slot.
  const c = event(onArgs({ field: 'content', toolCallId: undefined, start: 0, end: 2, quote: 'Fi' }), 'c');
  assert.notEqual(labelSlot(a), labelSlot(c));
  // A tool result's span with or without its call id is one slot: the message says which call it is.
  const r1 = event(onResult(), 'r1');
  const r2 = event(onResult({ toolCallId: undefined, note: 'edited' }), 'r2');
  assert.equal(labelSlot(r1), labelSlot(r2));
  assert.equal(sameSlot(r1, r2), true);
  assert.deepEqual(new LabelState([r1, r2]).forItem(item.id).map((e) => e.id), ['r2']);
});

test('a log written before tool targets still reads: no field is content, reasoning stays reasoning', () => {
  const old = [
    '{"v":1,"op":"add","id":"o1","at":"2026-11-23T08:00:00.000Z","annotator":"ana","item":"agent-0001","kind":"span","side":"baseline","message":1,"start":0,"end":8,"quote":"test_sum","trait":"truthfulness"}',
    '{"v":1,"op":"add","id":"o2","at":"2026-11-23T08:00:01.000Z","annotator":"ana","item":"agent-0001","kind":"span","side":"trained","message":0,"field":"content","start":0,"end":6,"quote":"Fixing","trait":"truthfulness","severity":"minor"}',
    '{"v":1,"op":"add","id":"n1","at":"2026-12-07T08:00:00.000Z","annotator":"ana","item":"agent-0001","kind":"span","side":"trained","message":0,"field":"arguments","toolCallId":"call_t1","start":10,"end":29,"quote":"tests/test_total.py","trait":"truthfulness"}',
  ].join('\n');
  const { events, diagnostics } = parseLog(`${old}\n`, 'ana.jsonl');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    events.map((e) => (e.op === 'add' && e.kind === 'span' ? [e.id, e.field, e.toolCallId] : [])),
    [
      ['o1', 'content', undefined],
      ['o2', 'content', undefined],
      ['n1', 'arguments', 'call_t1'],
    ],
  );
  const adds = events.filter((e): e is AddEvent => e.op === 'add');
  assert.equal(args.slice(10, 29), 'tests/test_total.py');
  assert.deepEqual(findContradictions(item, adds), []);
});

test('the exports carry the field and the call id of a span on arguments or a tool result', () => {
  const labels = [event(onArgs(), 'a1'), event(onResult(), 'r1'), event({ kind: 'verdict', item: item.id, side: 'trained', trait: 'truthfulness', value: 'violation' }, 'v1')];
  const folded = foldLabels(item.id, 'ana', labels);
  assert.deepEqual(
    folded.spans.map((s) => [s.field, s.toolCallId, s.quote]),
    [
      ['arguments', 'call_t1', 'tests/test_total.py'],
      ['content', 'call_b1', 'PASSED\ntest_empty'],
    ],
  );
  const csv = csvExporter().item(item, [{ annotator: 'ana', labels }]);
  assert.match(csv, /^agent-0001,ana,trained,truthfulness,span,violation,,0,arguments,call_t1,10,29,tests\/test_total\.py,,\r$/m);
  const rows = traitRows(item, [{ annotator: 'ana', labels }]);
  assert.deepEqual(rows.find((r) => r.side === 'trained')?.spans.map((s) => [s.field, s.toolCallId]), [['arguments', 'call_t1']]);
});

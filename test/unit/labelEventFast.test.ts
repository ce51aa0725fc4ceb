import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fastLabelEvent } from '../../src/core/labels/labelEventFast';
import { labelEventSchema } from '../../src/core/labels/labelEvent';

const valid = [
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'verdict', side: 's', trait: 't', value: 'ok' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'preference', value: 'trained', trait: 't' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'span', side: 's', message: 0, field: 'reasoning', start: 1, end: 2, quote: 'q', trait: 't', severity: 'major', note: 'n', toolCallId: 'c' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'span', side: 's', message: 0, field: 'arguments', toolCallId: 'call_1', start: 1, end: 2, quote: 'q', trait: 't' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'span', side: 's', message: 0, start: 1, end: 2, quote: 'q', trait: 't' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'rubric', side: 's', criterion: 'c', value: 'met' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'flag', flag: 'f' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'note', text: 't' },
  { v: 1, op: 'remove', id: 'e', at: 'x', annotator: 'a', target: 'x' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'step_verdict', side: 's', message: 2, call: 'c1', trait: 't', value: 'violation' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'step_verdict', side: 's', message: 2, trait: 't', value: 'ok' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'step_flag', side: 's', message: 0, call: 'c1', flag: 'f' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'span', side: '', in: 'prompt', message: 3, field: 'arguments', toolCallId: 'call_1', start: 1, end: 2, quote: 'q', trait: 't' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'step_verdict', side: '', in: 'prompt', message: 2, call: 'c1', trait: 't', value: 'violation' },
  { v: 1, op: 'add', id: 'e', at: 'x', annotator: 'a', item: 'i', kind: 'step_flag', side: '', in: 'prompt', message: 2, flag: 'f' },
];
const junk = [null, 0, 1, -1, 1.5, 2 ** 60, '', 'x', 'ok', 'add', 'remove', 'span', 'content', 'arguments', 'prompt', true, [], {}, undefined];

test('the fast path accepts exactly what the schema accepts, and returns the same event (fuzz)', () => {
  let fastHits = 0;
  fc.assert(
    fc.property(fc.constantFrom(...valid), fc.array(fc.tuple(fc.constantFrom(...Object.keys(valid[2]!), 'call', 'flag', 'in', 'extra', '__proto__'), fc.constantFrom(...junk)), { maxLength: 3 }), (base, edits) => {
      const o: Record<string, unknown> = JSON.parse(JSON.stringify(base));
      for (const [k, v] of edits) {
        if (v === undefined) delete o[k];
        else Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
      }
      const json = JSON.parse(JSON.stringify(o));
      const schema = labelEventSchema.safeParse(structuredClone(json));
      const fast = fastLabelEvent(structuredClone(json));
      if (fast) {
        fastHits++;
        assert.ok(schema.success, `fast accepted what the schema refuses: ${JSON.stringify(json)}`);
        assert.deepEqual(fast, schema.data);
      }
    }),
    { numRuns: 20_000, seed: 7 },
  );
  assert.ok(fastHits > 1000, `the fast path took ${fastHits} cases`);
  for (const v of valid) assert.deepEqual(fastLabelEvent(structuredClone(v)), labelEventSchema.parse(structuredClone(v)));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LabelState, LogParser, parseLog, sameSlot, serializeEvent } from '../../src/core/labels/labelLog';
import { labelSlot } from '../../src/core/labels/labelEvent';
import type { AddEvent, LabelEvent } from '../../src/core/labels/labelEvent';

const base = { v: 1 as const, at: '2026-11-23T08:00:00.000Z', annotator: 'ana' };
const verdict = (id: string, value: 'ok' | 'violation'): AddEvent => ({ ...base, op: 'add', id, kind: 'verdict', item: 'i1', side: 'trained', trait: 'truthfulness', value });
const remove = (id: string, target: string): LabelEvent => ({ ...base, op: 'remove', id, target });

test('later events win per slot; a remove brings the earlier value back (undo)', () => {
  const s = new LabelState([verdict('e1', 'ok'), verdict('e2', 'violation')]);
  assert.deepEqual(s.forItem('i1').map((e) => e.id), ['e2']);
  s.apply(remove('e3', 'e2'));
  assert.deepEqual(s.forItem('i1').map((e) => e.id), ['e1']);
  s.apply(remove('e4', 'e1'));
  assert.deepEqual(s.forItem('i1'), []);
});

test('replaying the same log twice gives the same state', () => {
  const events = [verdict('e1', 'ok'), verdict('e2', 'violation'), remove('e3', 'e2')];
  const s = new LabelState([...events, ...events]);
  assert.deepEqual(s.forItem('i1').map((e) => e.id), ['e1']);
});

test('a torn last line is ignored with a warning; everything before it is kept', () => {
  const text = serializeEvent(verdict('e1', 'ok')) + serializeEvent(verdict('e2', 'violation')).slice(0, 40);
  const parsed = parseLog(text, 'ana.jsonl');
  assert.equal(parsed.events.length, 1);
  assert.equal(parsed.diagnostics.length, 1);
  assert.match(parsed.diagnostics[0]!.message, /incomplete last line/);
  assert.equal(parsed.diagnostics[0]!.line, 2);
});

test('event content cannot pollute prototypes', () => {
  const line = '{"v":1,"op":"add","id":"e1","at":"x","annotator":"ana","item":"i","kind":"note","text":"t","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}\n';
  const parsed = parseLog(line, 'f');
  assert.equal(parsed.events.length, 1);
  const s = new LabelState(parsed.events);
  assert.equal(s.forItem('i').length, 1);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(parsed.events[0]), Object.prototype);
});

test('invalid events are warnings with their line numbers', () => {
  const parsed = parseLog('{"v":1}\nnot json\n', 'f');
  assert.equal(parsed.events.length, 0);
  assert.deepEqual(parsed.diagnostics.map((d) => d.line), [1, 2]);
});

test('a removed label never comes back from a duplicated line (a retried write read twice)', () => {
  const s = new LabelState([verdict('e1', 'ok'), remove('e2', 'e1'), verdict('e1', 'ok')]);
  assert.deepEqual(s.forItem('i1'), []);
});

test('a log streamed in chunks that split lines and characters folds like the whole text', () => {
  const events = [verdict('e1', 'ok'), { ...verdict('e2', 'violation'), item: 'ユーザー' }, remove('e3', 'e1')];
  const text = events.map(serializeEvent).join('') + '\n\n';
  const bytes = new TextEncoder().encode(text);
  const got: string[] = [];
  const parser = new LogParser('f', (e) => got.push(e.id), []);
  for (let i = 0; i < bytes.length; i += 3) parser.push(bytes.slice(i, i + 3));
  parser.end();
  assert.deepEqual(got, ['e1', 'e2', 'e3']);
  assert.equal(parser.consumed, bytes.length);
  assert.equal(parser.diagnostics.length, 0);
});

test('events are written with a fixed key order starting {"v":1, so a reader can find them after a torn fragment', () => {
  const line = serializeEvent({ kind: 'note', item: 'i', text: 't', annotator: 'ana', at: 'x', id: 'e', op: 'add', v: 1 } as AddEvent);
  assert.ok(line.startsWith('{"v":1,"op":"add","id":"e","at":"x","annotator":"ana",'));
  const glued = parseLog('{"v":1,"op":"add","id":"torn","kin' + line, 'f');
  assert.deepEqual(glued.events.map((e) => e.id), ['e']);
  assert.match(glued.diagnostics[0]!.message, /torn fragment/);
});

test('sameSlot agrees with labelSlot on every pair of labels of an item (fuzz)', () => {
  const pick = fc.constantFrom('a', 'b');
  const place = fc.option(fc.constant('prompt' as const), { nil: undefined });
  const add = fc.oneof(
    fc.record({ kind: fc.constant('verdict' as const), side: pick, trait: pick, value: fc.constantFrom('ok' as const, 'violation' as const) }),
    fc.record({ kind: fc.constant('preference' as const), value: pick, trait: fc.option(pick, { nil: undefined }) }),
    fc.record({ kind: fc.constant('note' as const), text: pick }),
    fc.record({ kind: fc.constant('rubric' as const), side: pick, criterion: pick, value: fc.constant('met' as const) }),
    fc.record({ kind: fc.constant('flag' as const), side: fc.option(pick, { nil: undefined }), flag: pick }),
    fc.record({ kind: fc.constant('step_verdict' as const), side: pick, in: place, message: fc.nat(1), call: fc.option(pick, { nil: undefined }), trait: pick, value: fc.constantFrom('ok' as const, 'violation' as const) }),
    fc.record({ kind: fc.constant('step_flag' as const), side: pick, in: place, message: fc.nat(1), call: fc.option(pick, { nil: undefined }), flag: pick }),
    fc.record({ kind: fc.constant('span' as const), side: pick, in: place, message: fc.nat(1), field: fc.constantFrom('content' as const, 'reasoning' as const), start: fc.nat(2), end: fc.nat(2), quote: pick, trait: pick }),
  );
  const full = (d: object, id: string) => ({ ...base, op: 'add', id, item: 'i', ...d }) as AddEvent;
  fc.assert(fc.property(add, add, (x, y) => assert.equal(sameSlot(full(x, '1'), full(y, '2')), labelSlot(full(x, '1')) === labelSlot(full(y, '2')))), { numRuns: 5000, seed: 11 });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabelState, parseLog, serializeEvent } from '../../src/core/labelLog';
import type { AddEvent, LabelEvent } from '../../src/core/labelEvent';

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
  assert.equal(parsed.needsNewline, true);
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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LabelWriter, LabelRejected, type LabelChange, type WriteStatus } from '../../src/core/labels/labelWriter';
import { labelSlot, type AddDraft, type AddEvent, type LabelEvent } from '../../src/core/labels/labelEvent';
import { MemorySink, type Fault } from './memorySink';

const instant = { sleep: () => Promise.resolve(), retryDelaysMs: [0] };
const items = ['i0', 'i1', 'i2'];

/** The model: a plain fold of the acknowledged events, in the order they were acknowledged. */
function modelFold(events: readonly LabelEvent[]): Map<string, string[]> {
  const alive = new Map<string, AddEvent>();
  const order: AddEvent[] = [];
  for (const e of events) {
    if (e.op === 'add') {
      alive.set(e.id, e);
      order.push(e);
    } else alive.delete(e.target);
  }
  const top = new Map<string, AddEvent>();
  for (const e of order) if (alive.has(e.id)) top.set(labelSlot(e), e);
  const byItem = new Map<string, string[]>();
  for (const e of top.values()) byItem.set(e.item, [...(byItem.get(e.item) ?? []), e.id].sort());
  return byItem;
}

function foldOf(w: LabelWriter): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of items) {
    const ids = w.state.forItem(item).map((e) => e.id).sort();
    if (ids.length) out.set(item, ids);
  }
  return out;
}

type Op =
  | { op: 'add'; who: number; item: string; draft: 'verdict' | 'preference' | 'note'; value: number }
  | { op: 'remove'; who: number; pick: number }
  | { op: 'undo' | 'redo'; who: number }
  | { op: 'torn' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('add' as const), who: fc.nat(1), item: fc.constantFrom(...items), draft: fc.constantFrom('verdict' as const, 'preference' as const, 'note' as const), value: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), who: fc.nat(1), pick: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('undo' as const, 'redo' as const), who: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('torn' as const) }) },
);

function draftOf(o: Extract<Op, { op: 'add' }>): AddDraft {
  if (o.draft === 'verdict') return { kind: 'verdict', item: o.item, side: 'trained', trait: 'truthfulness', value: (['ok', 'violation', 'unsure'] as const)[o.value]! };
  if (o.draft === 'preference') return { kind: 'preference', item: o.item, value: ['baseline', 'trained', 'tie'][o.value]! };
  return { kind: 'note', item: o.item, text: `note ${o.value}` };
}

let sequences = 0;
let operations = 0;

test('property: under injected write faults, the fold always equals what was acknowledged, before and after a reload', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(opArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 10 }),
      fc.array(fc.constantFrom<Fault>('ok', 'ok', 'reject', 'throwAfter', 'slow'), { maxLength: 30 }),
      async (batches, faults) => {
        sequences++;
        // Two annotators in one file (as two names once shared `_.jsonl`): each folds only its own events.
        const sink = new MemorySink();
        sink.faults = [...faults];
        const names = ['用户', 'ユーザー'];
        const writers = names.map((n) => new LabelWriter(sink, n, instant));
        for (const w of writers) await w.load();
        const acked: LabelEvent[][] = [[], []];
        for (const batch of batches) {
          // A batch is submitted at once: changes queue behind each other (and behind retries).
          const runs = batch.map((o) => {
            operations++;
            if (o.op === 'torn') {
              sink.write('{"v":1,"op":"add","id":"torn');
              return Promise.resolve();
            }
            const w = writers[o.who]!;
            let change: LabelChange;
            if (o.op === 'add') change = { op: 'add', draft: draftOf(o) };
            else if (o.op === 'remove') {
              const mine = items.flatMap((i) => w.state.forItem(i));
              const other = items.flatMap((i) => writers[1 - o.who]!.state.forItem(i));
              const pool = [...mine, ...other];
              if (pool.length === 0) return Promise.resolve();
              change = { op: 'remove', target: pool[o.pick % pool.length]!.id };
            } else change = { op: o.op };
            return w.submit(change).then(
              (r) => void (r.event && acked[o.who]!.push(r.event)),
              (err: unknown) => assert.ok(err instanceof LabelRejected, String(err)),
            );
          });
          await Promise.all(runs);
        }
        const fileIds = sink.events().map((e) => e.id);
        assert.equal(new Set(fileIds).size, fileIds.length, 'an event id appears twice in the log');
        const byId = new Map(sink.events().map((e) => [e.id, e]));
        for (const e of sink.events()) {
          if (e.op === 'remove') assert.equal(byId.get(e.target)?.annotator, e.annotator, 'a remove targets another annotator’s event');
        }
        for (const [i, w] of writers.entries()) {
          assert.deepEqual(foldOf(w), modelFold(acked[i]!));
          const reloaded = new LabelWriter(sink, names[i]!, instant);
          await reloaded.load();
          assert.deepEqual(foldOf(reloaded), modelFold(acked[i]!));
          assert.equal(w.status.state, 'saved');
        }
      },
    ),
    { numRuns: 400, seed: 20261201 },
  );
  console.log(`writer property: ${sequences} sequences, ${operations} operations`);
});

test('a failed write is retried with the same event; a newer label queued behind it wins', async () => {
  const sink = new MemorySink();
  sink.faults = ['reject', 'reject'];
  const statuses: WriteStatus[] = [];
  const w = new LabelWriter(sink, 'ana', instant);
  w.onDidChangeStatus((s) => statuses.push(s));
  await w.load();
  const verdict = (value: 'ok' | 'violation'): AddDraft => ({ kind: 'verdict', item: 'i0', side: 'trained', trait: 'truthfulness', value });
  const first = w.submit({ op: 'add', draft: verdict('ok') });
  const second = w.submit({ op: 'add', draft: verdict('violation') });
  const [a, b] = await Promise.all([first, second]);
  assert.deepEqual(
    sink.events().map((e) => e.id),
    [a.event!.id, b.event!.id],
    'the retried `ok` is written once, with its id, before `violation`',
  );
  assert.equal(sink.appends, 4);
  assert.deepEqual(w.state.forItem('i0').map((e) => e.kind === 'verdict' && e.value), ['violation']);
  assert.ok(statuses.some((s) => s.state === 'retrying' && /EIO/.test(s.message ?? '')));
  assert.equal(statuses.at(-1)?.state, 'saved');
  // Undo of the retried label removes the one copy there is.
  await w.submit({ op: 'undo' });
  await w.submit({ op: 'undo' });
  assert.deepEqual(w.state.forItem('i0'), []);
});

test('a write that threw after its bytes landed is not written again', async () => {
  const sink = new MemorySink();
  sink.faults = ['throwAfter'];
  const w = new LabelWriter(sink, 'ana', instant);
  await w.load();
  await w.submit({ op: 'add', draft: { kind: 'note', item: 'i0', text: 'x' } });
  assert.equal(sink.events().length, 1);
});

test('a write whose fsync failed stays "Not saved — retrying" until a sync succeeds, though its line reads back', async () => {
  const sink = new MemorySink();
  // The line lands but its fsync fails; the next two syncs fail too; the third succeeds.
  sink.faults = ['throwAfter'];
  sink.syncFaults = [true, true, false];
  const statuses: WriteStatus[] = [];
  const w = new LabelWriter(sink, 'ana', instant);
  w.onDidChangeStatus((s) => statuses.push({ ...s }));
  await w.load();
  await w.submit({ op: 'add', draft: { kind: 'note', item: 'i0', text: 'x' } });
  assert.equal(sink.events().length, 1, 'written once');
  assert.equal(sink.syncs, 3, 'every retry syncs again, until one succeeds');
  const states = statuses.map((s) => s.state);
  const firstSaved = states.indexOf('saved');
  assert.equal(states.filter((s) => s === 'retrying').length, 3, 'retrying after the failed write and after each failed sync');
  assert.ok(states.slice(0, firstSaved).includes('retrying') && firstSaved === states.length - 1, `never "saved" before the sync that succeeded: ${states.join(', ')}`);
  assert.match(statuses.find((s) => s.state === 'retrying' && /fsync/.test(s.message ?? ''))?.message ?? '', /EIO/);
});

test('my log folds only my events; a remove of someone else’s label is refused and nothing is written', async () => {
  const sink = new MemorySink();
  sink.write('{"v":1,"op":"add","id":"B1","at":"x","annotator":"ben","item":"i0","kind":"preference","value":"trained"}\n');
  const w = new LabelWriter(sink, 'ana', instant);
  await w.load();
  assert.deepEqual(w.state.forItem('i0'), []);
  assert.match(w.diagnostics[0]!.message, /annotator "ben" in the log of "ana"/);
  await assert.rejects(w.submit({ op: 'remove', target: 'B1' }), LabelRejected);
  assert.equal(sink.events().length, 1);
});

test('undo and redo name the label they changed, on whichever item it is', async () => {
  const w = new LabelWriter(new MemorySink(), 'ana', instant);
  await w.load();
  await w.submit({ op: 'add', draft: { kind: 'preference', item: 'i1', value: 'trained' } });
  await w.submit({ op: 'add', draft: { kind: 'note', item: 'i2', text: 'n' } });
  const undoNote = await w.submit({ op: 'undo' });
  assert.equal(undoNote.item, 'i2');
  const undoPref = await w.submit({ op: 'undo' });
  assert.equal(undoPref.item, 'i1');
  assert.equal(undoPref.event?.op, 'remove');
  assert.equal(undoPref.label?.kind, 'preference');
  const nothing = await w.submit({ op: 'undo' });
  assert.equal(nothing.event, undefined);
  const redo = await w.submit({ op: 'redo' });
  assert.equal(redo.label?.kind, 'preference');
  assert.equal(redo.event?.op, 'add');
});

test('replace edits one of my current labels in its slot; undo brings the old one back; another slot or a stale target is refused', async () => {
  const sink = new MemorySink();
  const w = new LabelWriter(sink, 'ana', instant);
  await w.load();
  const span = { kind: 'span', item: 'i0', side: 'trained', message: 0, field: 'content', start: 0, end: 3, quote: 'Yes', trait: 'truthfulness', severity: 'major' } as const;
  const seen: (LabelChange | undefined)[] = [];
  w.onDidChange((e) => seen.push(e.change));
  const tagged = (await w.submit({ op: 'add', draft: span })).event!;
  const edit: LabelChange = { op: 'replace', target: tagged.id, draft: { ...span, severity: 'critical', note: 'wrong' } };
  const edited = (await w.submit(edit)).event!;
  assert.equal(seen.at(-1), edit, 'the change event names the change that was written');
  assert.deepEqual(w.state.forItem('i0').map((e) => e.id), [edited.id]);
  assert.equal(w.state.isCurrent(tagged.id), false);
  await assert.rejects(w.submit({ op: 'replace', target: tagged.id, draft: { ...span, note: 'again' } }), /no current label/, 'the old one is no longer current');
  await assert.rejects(w.submit({ op: 'replace', target: edited.id, draft: { ...span, end: 2, quote: 'Ye' } }), /cannot replace/, 'another range is another slot');
  await assert.rejects(w.submit({ op: 'replace', target: edited.id, draft: { ...span, item: 'i1' } }), /cannot replace/, 'another item');
  assert.equal(sink.events().length, 2, 'refused replacements write nothing');
  await w.submit({ op: 'undo' });
  assert.deepEqual(w.state.forItem('i0').map((e) => e.id), [tagged.id], 'undo of the edit: the tagged span is current again');
});

test('a draft the check refuses is not written; Restricted Mode refuses every change', async () => {
  const sink = new MemorySink();
  const mode: { readOnly?: string } = {};
  const w = new LabelWriter(sink, 'ana', { ...instant, check: (d) => (d.item === 'nope' ? 'no item "nope"' : undefined), readOnly: () => mode.readOnly });
  await w.load();
  await assert.rejects(w.submit({ op: 'add', draft: { kind: 'note', item: 'nope', text: 'x' } }), /no item "nope"/);
  mode.readOnly = 'Restricted Mode';
  await assert.rejects(w.submit({ op: 'add', draft: { kind: 'note', item: 'i0', text: 'x' } }), /Restricted Mode/);
  assert.equal(sink.bytes.length, 0);
});

test('an outside append is read as a tail; a rewrite reloads; a torn fragment before my line keeps my line', async () => {
  const sink = new MemorySink();
  const w = new LabelWriter(sink, 'ana', instant);
  await w.load();
  const seen: (ReadonlySet<string> | undefined)[] = [];
  w.onDidChange((e) => seen.push(e.items));
  sink.write('{"v":1,"op":"add","id":"A1","at":"x","annotator":"ana","item":"i0","kind":"note","text":"from another window"}\n');
  assert.equal(await w.refresh(), true);
  assert.deepEqual([...seen.at(-1)!], ['i0']);
  // A fragment glued in front of a whole event on one line (a writer killed between our check and our write).
  sink.write('{"v":1,"op":"ad' + '{"v":1,"op":"add","id":"A2","at":"x","annotator":"ana","item":"i1","kind":"note","text":"kept"}\n');
  await w.refresh();
  assert.equal(w.state.forItem('i1').length, 1);
  assert.match(w.diagnostics.map((d) => d.message).join('\n'), /torn fragment/);
  sink.bytes = new TextEncoder().encode('{"v":1,"op":"add","id":"A9","at":"x","annotator":"ana","item":"i2","kind":"note","text":"rewritten"}\n');
  await w.refresh();
  assert.equal(seen.at(-1), undefined, 'a rewrite reloads everything');
  assert.deepEqual(w.state.forItem('i0'), []);
  assert.equal(w.state.forItem('i2').length, 1);
});

test('closing the editor while a write is retried does not drop it: the writer stops only once it is on disk', async () => {
  const sink = new MemorySink();
  sink.faults = ['reject', 'reject', 'reject'];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const w = new LabelWriter(sink, 'ana', { retryDelaysMs: [0], sleep: () => gate });
  await w.load();
  const saved = w.submit({ op: 'add', draft: { kind: 'note', item: 'i0', text: 'keep me' } });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(w.disposeWhenSaved(), 1, 'one change was still pending');
  release();
  await saved;
  assert.deepEqual(sink.events().map((e) => e.op === 'add' && e.kind === 'note' && e.text), ['keep me']);
  await assert.rejects(w.submit({ op: 'undo' }), LabelRejected, 'then it is closed');
});

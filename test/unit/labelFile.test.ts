import { test } from 'node:test';
import assert from 'node:assert/strict';
import { link, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { waitFor } from '../waitFor';
import { LabelLogFile } from '../../src/node/labelFile';
import { nodeLabelFolder } from '../../src/node/labelFolder';
import { LabelWriter } from '../../src/core/labels/labelWriter';
import { annotatorFileName } from '../../src/core/labels/labelPaths';
import { parseLog } from '../../src/core/labels/labelLog';
import type { AddDraft, AddEvent } from '../../src/core/labels/labelEvent';
import type { LabelSink } from '../../src/core/labels/labelSink';

/** The editor's writer: `annotator`'s log in the labels folder `dir`, on disk. */
const storeIn = (dir: string, annotator: string) => {
  const w = new LabelWriter(nodeLabelFolder(dir).log(annotatorFileName(annotator)), annotator);
  return Object.assign(w, {
    add: async (draft: AddDraft) => (await w.submit({ op: 'add', draft })).event as AddEvent,
    remove: (target: string) => w.submit({ op: 'remove', target }),
    undo: () => w.submit({ op: 'undo' }),
    redo: () => w.submit({ op: 'redo' }),
  });
};

async function readAll(sink: LabelSink) {
  const chunks: Uint8Array[] = [];
  for await (const c of sink.read(0)) chunks.push(Uint8Array.from(c));
  return parseLog(Buffer.concat(chunks).toString('utf8'), sink.path);
}

test('appends after a torn last line start on a new line; nothing before is lost', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-'));
  const path = join(dir, 'ana.jsonl');
  await writeFile(path, '{"v":1,"op":"add","id":"e1","at":"x","annotator":"ana","item":"i","kind":"note","text":"t"}\n{"v":1,"op":"ad');
  const store = storeIn(join(dir, 'data.labels'), 'ana');
  const log = new LabelLogFile(path);
  await log.append({ v: 1, op: 'add', id: 'e2', at: 'x', annotator: 'ana', item: 'i', kind: 'note', text: 'u' });
  const parsed = await readAll(log);
  assert.deepEqual(parsed.events.map((e) => e.id), ['e1', 'e2']);
  assert.equal(parsed.diagnostics.length, 1);
  assert.ok(store.sink.path.endsWith(join('data.labels', 'ana.jsonl')));
});

test('two processes appending 1,000 events each leave 2,000 whole lines', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-'));
  const path = join(dir, 'shared.jsonl');
  const script = `
    const { LabelLogFile } = require(${JSON.stringify(join(__dirname, '../../src/node/labelFile.ts'))});
    const log = new LabelLogFile(process.argv[1]);
    const who = process.argv[2];
    (async () => {
      for (let i = 0; i < 1000; i++)
        await log.append({ v: 1, op: 'add', id: who + '-' + i, at: 'x', annotator: who, item: 'i' + i, kind: 'note', text: 'n'.repeat(i % 300) });
    })();`;
  const run = (who: string) =>
    new Promise<void>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', '-e', script, path, who], { stdio: 'inherit' });
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
    });
  await Promise.all([run('a'), run('b')]);
  const text = await readFile(path, 'utf8');
  const parsed = parseLog(text, path);
  assert.equal(parsed.diagnostics.length, 0);
  assert.equal(parsed.events.length, 2000);
  // A write in flight elsewhere can look torn for a moment: then ours starts with a newline, and
  // the blank line it leaves is skipped by every reader. Never two events on one line.
  assert.equal(text.split('\n').filter((l) => l.trim()).length, 2000);
});

test('undo retracts my last label and redo brings it back, each as a logged event', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-'));
  const store = storeIn(join(dir, 'data.labels'), 'ana');
  await store.load();
  await store.add({ kind: 'verdict', item: 'i1', side: 'trained', trait: 'truthfulness', value: 'ok' });
  const second = await store.add({ kind: 'verdict', item: 'i1', side: 'trained', trait: 'truthfulness', value: 'violation' });
  const undone = await store.undo();
  assert.equal(undone.item, 'i1');
  assert.equal(undone.event?.op, 'remove');
  assert.deepEqual(store.state.forItem('i1').map((e) => e.kind === 'verdict' && e.value), ['ok']);
  await store.redo();
  assert.deepEqual(store.state.forItem('i1').map((e) => e.kind === 'verdict' && e.value), ['violation']);
  const reloaded = storeIn(join(dir, 'data.labels'), 'ana');
  await reloaded.load();
  assert.deepEqual(reloaded.state.forItem('i1').map((e) => e.kind === 'verdict' && e.value), ['violation']);
  assert.notEqual(second.id, undefined);
  assert.equal((await readAll(store.sink)).events.length, 4);
});

test('the labeled count follows every add, remove, undo and reload', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'tr-')), 'data.labels');
  const store = storeIn(dir, 'ana');
  await store.load();
  const verdict = (side: string) => ({ kind: 'verdict' as const, item: 'i1', side, trait: 'truthfulness', value: 'ok' as const });
  await store.add(verdict('baseline'));
  assert.equal(store.labeledCount(), 0, 'one side judged is not labeled');
  await store.add(verdict('trained'));
  assert.equal(store.labeledCount(), 1);
  await store.undo();
  assert.equal(store.labeledCount(), 0);
  const pref = await store.add({ kind: 'preference', item: 'i2', value: 'trained' });
  assert.equal(store.labeledCount(), 1);
  await store.remove(pref.id);
  assert.equal(store.labeledCount(), 0);
  await store.redo(); // nothing to redo after a new change
  await store.undo(); // undo the remove: the preference is back
  assert.equal(store.labeledCount(), 1);
  const reloaded = storeIn(dir, 'ana');
  await reloaded.load();
  assert.equal(reloaded.labeledCount(), 1);
});

test('fault injection: two writers append while a third injects torn fragments and writers are SIGKILLed; every acknowledged event is whole', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-'));
  const path = join(dir, 'shared.jsonl');
  const writer = `
    const { LabelLogFile } = require(${JSON.stringify(join(__dirname, '../../src/node/labelFile.ts'))});
    const log = new LabelLogFile(process.argv[1]);
    const who = process.argv[2];
    (async () => {
      for (let i = 0; i < 400; i++) {
        const id = who + '-' + i;
        await log.append({ v: 1, op: 'add', id, at: 'x', annotator: who, item: 'i' + i, kind: 'note', text: 'n'.repeat(i % 200) });
        process.stdout.write(id + '\\n'); // acknowledged: on disk
      }
    })();`;
  const injector = `
    const fs = require('node:fs');
    const end = Date.now() + Number(process.argv[2]);
    (function tick() {
      fs.appendFileSync(process.argv[1], '{"v":1,"op":"add","id":"torn","at":"x","annotator":"z","item":"i","kind":"no');
      if (Date.now() < end) setTimeout(tick, 3);
    })();`;
  const acked = new Set<string>();
  const start = (who: string) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '-e', writer, path, who], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) acked.add(l);
    });
    return { p, done: new Promise((resolve) => p.on('close', resolve)) };
  };
  const inject = spawn(process.execPath, ['-e', injector, path, '4000'], { stdio: 'inherit' });
  // Listened for from the start: on a slow machine the injector can end before the writers do.
  const injected = new Promise((r) => inject.on('close', r));
  // Writer `a` is SIGKILLed mid-run (100 events in) and `c` starts in its place; `b` runs to the end.
  const a = start('a');
  const b = start('b');
  await waitFor('100 of a’s events', () => ([...acked].filter((id) => id.startsWith('a-')).length >= 100 ? true : undefined), 30_000);
  a.p.kill('SIGKILL');
  const c = start('c');
  await Promise.all([a.done, b.done, c.done, injected]);
  const parsed = parseLog(await readFile(path, 'utf8'), path);
  const present = new Map(parsed.events.map((e) => [e.id, e]));
  const missing = [...acked].filter((id) => !present.has(id));
  assert.ok(acked.size > 400, `only ${acked.size} events were acknowledged`);
  assert.deepEqual(missing, [], `${missing.length} of ${acked.size} acknowledged events are missing`);
  for (const id of acked) {
    const e = present.get(id)!;
    assert.equal(e.op === 'add' && e.kind === 'note' && e.text.length, Number(id.split('-')[1]) % 200, `event ${id} is whole`);
  }
  console.log(`fault injection: ${acked.size} acknowledged, all present; ${parsed.diagnostics.length} torn fragments ignored`);
});

test('a log that is a named pipe or a hard link is refused with a message, never blocked on or appended to', { timeout: 5000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-'));
  const event = { v: 1 as const, op: 'add' as const, id: 'e1', at: 'x', annotator: 'ana', item: 'i', kind: 'note' as const, text: 't' };
  const fifo = join(dir, 'fifo.jsonl');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(new LabelLogFile(fifo).append(event), /not a regular file \(a named pipe\)/);
  await assert.rejects(new LabelLogFile(fifo).sync(), /not a regular file/);
  await assert.rejects(readAll(new LabelLogFile(fifo)), /not a regular file/);

  const elsewhere = join(dir, 'notes.txt');
  await writeFile(elsewhere, 'private\n');
  const linked = join(dir, 'ana.jsonl');
  await link(elsewhere, linked);
  await assert.rejects(new LabelLogFile(linked).append(event), /2 names \(hard links\)/);
  assert.equal(await readFile(elsewhere, 'utf8'), 'private\n', 'the other file is untouched');
});

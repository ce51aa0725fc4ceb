import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { memorySource } from '../../src/core/input/byteSource';
import { Dataset } from '../../src/core/input/dataset';
import { PairedDataset } from '../../src/core/input/pairing';
import { labelsDirFor } from '../../src/core/labels/labelPaths';
import { openInput } from '../../src/core/open/openInput';
import { memoryFiles } from './memoryFiles';
import { ParquetDataset } from '../../src/core/parquet/parquetDataset';
import { RunPairing, SingleRun } from '../../src/core/runs/runPairing';

// The one opening plan over a file access that is neither the desktop's nor the browser's: a
// map of files in memory. What both builds open, they open through this plan.
const fixtures = join(__dirname, '..', 'fixtures');
const fixture = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));

const chat = { '/d/chat-baseline.jsonl': fixture('adapters/chat-baseline.jsonl'), '/d/chat-trained.jsonl': fixture('adapters/chat-trained.jsonl') };

test('one records file: a dataset, labels beside it', async () => {
  const { access } = memoryFiles(chat);
  const opened = await openInput('/d/chat-baseline.jsonl', access);
  assert.ok(opened.source instanceof Dataset);
  assert.deepEqual([opened.labelsPath, opened.labelsDir, opened.diagnostics], ['/d/chat-baseline.jsonl', labelsDirFor('/d/chat-baseline.jsonl'), []]);
  await opened.source.build();
  assert.ok(opened.source.count > 0);
});

test('a manifest of two runs: pairs by its key, side names and labels folder from it', async () => {
  const { access } = memoryFiles({ ...chat, '/d/chat.review.json': fixture('adapters/chat.review.json') });
  const opened = await openInput('/d/chat.review.json', access);
  assert.ok(opened.source instanceof PairedDataset);
  assert.equal(opened.labelsDir, '/d/labels');
  assert.equal(opened.manifest?.baseline?.name, 'base');
  await opened.source.build();
  const first = await opened.source.item(0);
  assert.deepEqual(first.item?.sides.map((side) => side.name), ['base', 'rl']);
});

test('two files given to pair: labels named for the pair, beside the first', async () => {
  const { access } = memoryFiles(chat);
  const opened = await openInput('/d/chat-baseline.jsonl', access, { trained: '/d/chat-trained.jsonl' });
  assert.ok(opened.source instanceof PairedDataset);
  assert.equal(opened.labelsPath, '/d/chat-baseline-vs-chat-trained.review.json');
});

test('a labels folder that holds an input is refused before anything is read', async () => {
  const { access, open } = memoryFiles({ '/d/a.jsonl': chat['/d/chat-baseline.jsonl'], '/d/a-vs-b.labels/b.jsonl': chat['/d/chat-trained.jsonl'] });
  await assert.rejects(openInput('/d/a.jsonl', access, { trained: '/d/a-vs-b.labels/b.jsonl' }), { code: 'EINVAL', path: '/d/a-vs-b.labels' });
  assert.equal(open(), 0);
});

test('Parquet pairs by record id: a join key other than id is ignored, with a warning', async () => {
  const { access } = memoryFiles({ '/d/a.parquet': fixture('formats/parquet/chat-base.parquet'), '/d/b.parquet': fixture('formats/parquet/chat-trained.parquet') });
  const opened = await openInput('/d/a.parquet', access, { trained: '/d/b.parquet', key: 'prompt' });
  assert.ok(opened.source instanceof RunPairing);
  assert.deepEqual(
    opened.diagnostics.map((d) => d.message),
    ['Parquet runs pair by record id; the join key is ignored'],
  );
  const single = await openInput('/d/a.parquet', access);
  assert.ok(single.source instanceof ParquetDataset);
});

test('.jsonl.gz without a platform gzip dataset: the plain bytes read as JSONL', async () => {
  const { access } = memoryFiles({ '/d/c.jsonl.gz': gzipSync(chat['/d/chat-baseline.jsonl']) });
  const opened = await openInput('/d/c.jsonl.gz', access);
  assert.ok(opened.source instanceof Dataset);
  const plain = new Dataset(memorySource(chat['/d/chat-baseline.jsonl']), 'plain');
  await Promise.all([opened.source.build(), plain.build()]);
  assert.equal(opened.source.count, plain.count);
  assert.deepEqual((await opened.source.item(0)).transcript, (await plain.item(0)).transcript);
});

test('a folder is a run of its Inspect logs; one without logs is unreadable (EISDIR)', async () => {
  const log = (name: string) => fixture(join('formats', 'inspect', 'base', name));
  const { access } = memoryFiles({ '/d/logs/deception.eval': log('deception.eval'), '/d/logs/honesty.json': log('honesty.json'), '/d/logs/notes.txt': 'x', '/d/empty/notes.txt': 'x' });
  const run = await openInput('/d/logs', access);
  assert.ok(run.source instanceof SingleRun);
  assert.deepEqual(run.source.files, ['/d/logs/deception.eval', '/d/logs/honesty.json']);
  await assert.rejects(openInput('/d/empty', access), { code: 'EISDIR', message: 'cannot read /d/empty: is a directory without Inspect logs (.eval, .json)' });
});

test('a pair whose second file is missing closes the first and names the missing one', async () => {
  const { access, open } = memoryFiles(chat);
  await assert.rejects(openInput('/d/chat-baseline.jsonl', access, { trained: '/d/nope.jsonl' }), { code: 'ENOENT', path: '/d/nope.jsonl' });
  assert.equal(open(), 0);
});

test('an Inspect log or a folder of logs opened alone shows each sample as one run, with a note to pair it', async () => {
  const { access } = memoryFiles({
    '/d/tool_call_error.json': fixture(join('formats', 'inspect-real', 'tool_call_error.json')),
    '/d/logs/deception.eval': fixture(join('formats', 'inspect', 'base', 'deception.eval')),
    '/d/logs/honesty.json': fixture(join('formats', 'inspect', 'base', 'honesty.json')),
  });
  for (const path of ['/d/tool_call_error.json', '/d/logs']) {
    const opened = await openInput(path, access);
    await opened.source.build();
    assert.ok(opened.source.count > 0, path);
    for (let i = 0; i < opened.source.count; i++) {
      const r = await opened.source.item(i);
      assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), [], path);
      const item = r.item!;
      assert.ok(item, `${path} sample ${i} is shown`);
      assert.equal(item.single, true);
      assert.ok(item.sides[0].messages.every((m, k) => k > 0 || m.role === 'assistant'));
      assert.deepEqual(item.sides[1].messages, []);
      assert.ok(item.prompt.every((m) => m.role !== 'assistant'));
    }
    assert.ok(opened.source.diagnostics.some((d) => /pair this log/.test(d.message)));
    await opened.close();
  }
});

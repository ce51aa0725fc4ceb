import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtures } from './helpers';
import { hostileFile } from './scanFixture';
import { openInput } from '../../src/node/input';
import { withLabels } from '../../src/node/labeledInput';
import { runExport } from '../../src/node/exportRun';
import { mergedOnThreads } from '../../src/node/mergedOnThreads';
import type { ParallelOptions } from '../../src/node/scan/parallelScan';

/** Canonical records that pass through and records that are re-serialized, between the hostile file's bad lines. */
async function mixedFile(dir: string): Promise<string> {
  const hostile = await readFile(await hostileFile(dir));
  const line = (await readFile(join(fixtures, 'adapters', 'canonical.jsonl'), 'utf8')).split('\n')[0]!;
  const base = JSON.parse(line) as Record<string, unknown>;
  const extra = [
    `  { "id" : "spaced", ${JSON.stringify(base).slice(1 + '"id":"item-1",'.length)}  \r`,
    JSON.stringify({ ...base, id: 'extra-key', extra: 1 }),
    JSON.stringify({ metadata: base.metadata, trained: base.trained, baseline: base.baseline, prompt: base.prompt, id: 'id-last' }),
    line.replace('"id":"item-1"', '"id":123456789012345678901'),
    JSON.stringify({ ...base, id: 'big', metadata: { note: 'é'.repeat(20_000) } }),
  ].join('\n');
  // The torn last line of the hostile file ends it: the extra records go first.
  const path = join(dir, 'mixed.jsonl');
  await writeFile(path, Buffer.concat([Buffer.from(extra + '\n'), hostile]));
  const labels = join(dir, 'mixed.labels');
  await mkdir(labels);
  const at = '2026-11-23T08:00:00.000Z';
  const events = ['health-0001', 'spaced', 'extra-key', '123456789012345678901', 'big', 'not-in-the-file'].map((item, k) =>
    JSON.stringify({ v: 1, op: 'add', id: `e${k}`, at, annotator: 'ana', item, kind: 'preference', value: k % 2 ? 'baseline' : 'trained' }),
  );
  await writeFile(join(labels, 'ana.jsonl'), events.join('\n') + '\n');
  return path;
}

async function exportWith(path: string, out: string, scan: ParallelOptions) {
  const li = { ...(await withLabels(await openInput(path))), path };
  try {
    const threads = mergedOnThreads(li, scan);
    const result = await runExport(li, { format: 'merged', out, scan });
    return { threads, bytes: await readFile(out), ...result };
  } finally {
    await li.input.close();
  }
}

test('merged export on threads writes the same bytes, problems and orphans as on one thread', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-merged-threads-'));
  try {
    const path = await mixedFile(dir);
    const one = await exportWith(path, join(dir, 'one.jsonl'), { workers: 1 });
    assert.equal(one.threads, false);
    for (const workers of [2, 3]) {
      const many = await exportWith(path, join(dir, `many-${workers}.jsonl`), { workers, blockBytes: 8 * 1024, minBytes: 0 });
      assert.equal(many.threads, true, 'the parse ran on worker threads');
      assert.ok(many.bytes.equals(one.bytes), `${workers} threads: byte for byte the single-threaded export`);
      assert.deepEqual(many.diagnostics, one.diagnostics);
      assert.deepEqual(many.orphans, one.orphans);
    }
    // Workers that cannot start (a path Node refuses): the same pass on this thread, the same bytes.
    const fallback = await exportWith(path, join(dir, 'fallback.jsonl'), { workers: 2, blockBytes: 8 * 1024, minBytes: 0, workerFile: 'no-such-worker.js' });
    assert.ok(fallback.bytes.equals(one.bytes), 'workers that cannot start: byte for byte the single-threaded export');
    assert.deepEqual(fallback.diagnostics, one.diagnostics);
    const text = one.bytes.toString('utf8');
    assert.deepEqual(one.orphans, ['not-in-the-file']);
    assert.ok(text.includes('{ "id" : "spaced"'), 'a passed-through record keeps its spelling');
    assert.ok(one.diagnostics.some((d) => d.severity === 'error') && one.diagnostics.some((d) => /duplicate/i.test(d.message)), 'bad lines and duplicate ids are reported');
    assert.equal(text.split('\n').filter(Boolean).length, text.split('"human_labels"').length - 1, 'one line per item, each with its labels');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

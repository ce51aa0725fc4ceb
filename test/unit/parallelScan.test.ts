import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtures } from './helpers';
import { hostileFile } from './scanFixture';
import { openSource } from '../../src/node/input';
import { openFileSource } from '../../src/node/fileSource';
import { Dataset } from '../../src/core/input/dataset';
import { scanItems, scanSummaries, scanThreads } from '../../src/node/scan/parallelScan';
import { summaryFields, type ItemSummary } from '../../src/core/review/itemSummary';
import { sequentialScan, type ScanMode, type ScanRecord } from '../../src/core/review/scanRecord';

/** The records, a summary as its fields (a worker's comes back packed: read through getters). */
async function collect(gen: AsyncIterable<ScanRecord>): Promise<ScanRecord[]> {
  const out: ScanRecord[] = [];
  for await (const r of gen) out.push(r.summary ? { ...r, summary: summaryFields(r.summary) } : r);
  return out;
}

async function passes(path: string, mode: ScanMode, workers: number): Promise<{ sequential: ScanRecord[]; parallel: ScanRecord[]; summaries: ItemSummary[]; threads: number }> {
  const opened = await openSource(path);
  try {
    await opened.source.build();
    const sequential = await collect(sequentialScan(opened.source, mode));
    const options = { workers, blockBytes: 8 * 1024, minBytes: 0 };
    const parallel = await collect(scanItems(opened.source, mode, options));
    // The item list's own way through the same pass: a worker's packed block straight to summaries.
    let blocks = 0;
    const summaries = mode === 'summaries' ? (await scanSummaries(opened.source, { ...options, pause: () => void blocks++ })).map(summaryFields) : [];
    if (mode === 'summaries' && workers > 1) assert.ok(blocks > 1 && blocks < summaries.length, `asked to pause once a block (${blocks})`);
    return { sequential, parallel, summaries, threads: scanThreads(opened.source, options) };
  } finally {
    await opened.close();
  }
}

test('parallel summaries and validation equal the single-threaded pass: bad lines, CRLF, BOM, duplicate ids, a torn last line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-scan-'));
  try {
    const path = await hostileFile(dir);
    for (const mode of ['summaries', 'validate'] as const) {
      for (const workers of [2, 3]) {
        const { sequential, parallel, summaries, threads } = await passes(path, mode, workers);
        assert.equal(threads, workers, 'the pass ran on worker threads');
        assert.ok(sequential.length > 300);
        assert.deepEqual(parallel, sequential, `${mode} on ${workers} threads`);
        if (mode === 'summaries') assert.deepEqual(summaries, sequential.flatMap((r) => (r.summary ? [r.summary] : [])), `the item list's summaries on ${workers} threads`);
      }
    }
    const { sequential } = await passes(path, 'validate', 2);
    const messages = sequential.flatMap((r) => r.diagnostics.map((d) => d.message));
    // The file really holds each kind of problem, so the equality above covers them.
    for (const kind of ['unterminated string', 'invalid UTF-8', 'duplicate id', 'must be an object']) assert.ok(messages.some((m) => m.includes(kind)), `has "${kind}"`);
    assert.ok(sequential.at(-1)!.diagnostics.some((d) => d.severity === 'error'), 'the torn last line is an error');
    assert.ok(sequential.filter((r) => r.summary).length === 0, 'validate keeps no summaries');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a small file, or one thread, is read on this thread', async () => {
  const opened = await openSource(join(fixtures, 'adapters', 'canonical.jsonl'));
  try {
    await opened.source.build();
    assert.equal(scanThreads(opened.source), 1);
    assert.equal(scanThreads(opened.source, { minBytes: 0, workers: 1 }), 1);
    assert.equal(scanThreads(opened.source, { minBytes: 0, workers: 2 }), 2);
  } finally {
    await opened.close();
  }
});

test('a pass stopped half-way (the document closed) ends at the next block, and its workers with it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-scan-'));
  try {
    const path = await hostileFile(dir);
    const opened = await openSource(path);
    try {
      await opened.source.build();
      const signal = { aborted: false };
      let n = 0;
      for await (const r of scanItems(opened.source, 'summaries', { workers: 2, blockBytes: 8 * 1024, minBytes: 0, signal })) {
        assert.equal(r.index, n++);
        if (n === 10) signal.aborted = true;
      }
      assert.ok(n >= 10 && n < opened.source.count / 2, `stopped after ${n} of ${opened.source.count}`);
    } finally {
      await opened.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a pass started while the file is still being indexed (`built`) starts before the index ends, and equals the pass after it', { timeout: 300_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-scan-overlap-'));
  try {
    const one = await readFile(await hostileFile(dir));
    // Three copies (the torn last line of each closed): more than one 2 MiB chunk of the index.
    const path = join(dir, 'big.jsonl');
    await writeFile(path, Buffer.concat([one, Buffer.from('\n'), one.subarray(3), Buffer.from('\n'), one.subarray(3)]));
    const plain = await openSource(path);
    const file = await openFileSource(path);
    try {
      await plain.source.build();
      for (const mode of ['summaries', 'validate'] as const) {
        const sequential = await collect(sequentialScan(plain.source, mode));
        // The index's reads past its first chunk wait until the pass has yielded a record: only a pass that overlaps the index gets one.
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        const gated = { path, size: file.size, alloc: (n: number) => file.alloc(n), read: async (b: Uint8Array, o: number, l: number, p: number) => (p >= 2 << 20 && (await gate), file.read(b, o, l, p)) };
        const dataset = new Dataset(gated, path);
        const built = dataset.build();
        const parallel: ScanRecord[] = [];
        let doneAtFirst: boolean | undefined;
        for await (const r of scanItems(dataset, mode, { workers: 2, blockBytes: 64 * 1024, minBytes: 0, built })) {
          if (doneAtFirst === undefined) {
            doneAtFirst = dataset.done;
            release();
          }
          parallel.push(r.summary ? { ...r, summary: summaryFields(r.summary) } : r);
        }
        assert.equal(doneAtFirst, false, 'the first record came while the index was being built');
        assert.ok(dataset.done);
        assert.deepEqual(parallel, sequential, `${mode}, overlapping the index`);
      }
    } finally {
      await file.close();
      await plain.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

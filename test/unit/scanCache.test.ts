import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, open, readdir, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSource } from '../../src/node/input';
import { ScanCache } from '../../src/node/scan/scanCache';
import { sequentialScan } from '../../src/core/review/scanRecord';
import type { Dataset } from '../../src/core/input/dataset';
import { summaryFields, type ItemSummary } from '../../src/core/review/itemSummary';
import { hostileFile } from './scanFixture';

interface Opened {
  hit: boolean;
  /** The index was restored (no scan) before `build`. */
  restored: boolean;
  /** The summaries as handed over (a packed one reads through getters). */
  read: ItemSummary[];
  /** Every field of each, as read: compared with the fresh pass's. */
  readonly summaries: ItemSummary[];
  fresh: ItemSummary[];
  ranges: string;
}

/**
 * Opens `path` as the editor does on the desktop: prepare from the cache, then the summaries while
 * the file is indexed; and a fresh single-threaded pass to compare.
 */
async function openWith(cache: ScanCache, path: string): Promise<Opened> {
  const opened = await openSource(path);
  try {
    const dataset = opened.source as Dataset;
    const hit = await cache.prepare(dataset);
    const restored = dataset.done;
    const built = dataset.build();
    const read = await cache.summaries(dataset, undefined, built);
    await built;
    // Kept after the summaries are handed over.
    await cache.settled();
    const fresh: ItemSummary[] = [];
    for await (const r of sequentialScan(dataset, 'summaries')) if (r.summary) fresh.push(r.summary);
    const ranges = JSON.stringify(Array.from({ length: dataset.count }, (_, i) => dataset.index.range(i)));
    // Copied when asked, so that a test can first read the summaries in an order of its own.
    return { hit, restored, read, get summaries() { return read.map(summaryFields); }, fresh, ranges };
  } finally {
    await opened.close();
  }
}

/** Overwrites bytes in place and puts the modification time back, so only the bytes tell. */
async function patch(path: string, position: number, text: string): Promise<void> {
  const { atime, mtime } = await stat(path);
  const h = await open(path, 'r+');
  await h.write(Buffer.from(text), 0, text.length, position);
  await h.close();
  await utimes(path, atime, mtime);
}

test('a file seen before: its index and summaries come from the cache and equal a fresh pass; any change invalidates them', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-cache-'));
  try {
    const data = join(dir, 'data');
    await mkdir(data);
    const path = await hostileFile(data);
    const storage = join(dir, 'storage');
    const cache = new ScanCache(storage, { parallel: { workers: 2, minBytes: 0, blockBytes: 16 * 1024 } });

    const first = await openWith(cache, path);
    assert.equal(first.hit, false);
    assert.deepEqual(first.summaries, first.fresh, 'the parallel pass equals the single-threaded one');
    assert.ok(first.summaries.length > 100);

    let scanned = 0;
    const again = await openWith(new ScanCache(storage, { pause: () => void scanned++ }), path);
    assert.equal(again.hit, true, 'an unchanged file is served from the cache');
    assert.equal(scanned, 0, 'its summaries are read back (packed), not scanned again');
    assert.equal(again.restored, true, 'its index is restored, not scanned');
    assert.equal(again.ranges, first.ranges);
    assert.deepEqual(again.summaries, first.fresh);
    assert.deepEqual(await readdir(data), ['hostile.jsonl'], 'nothing is written beside the data');
    assert.equal((await readdir(storage)).length, 1);

    const { size } = await stat(path);
    // Each change alone is a miss, and the rebuilt result is that of the changed file.
    const changes: [string, () => Promise<void>][] = [
      ['the first block', () => patch(path, 3, '{"x":1}   ')],
      ['the last block', () => patch(path, size - 100, '"')],
      // Same size, same mtime, outside the hashed first and last 64 KiB: only the change time tells.
      ['a same-size edit mid-file', () => patch(path, Math.floor(size / 2), ' ')],
      ['the modification time', () => utimes(path, new Date(), new Date(Date.now() + 5000))],
      ['the size', () => appendFile(path, '\n{"id":"added"}\n')],
      ['a truncation', async () => truncate(path, Math.floor((await stat(path)).size * 0.7))],
    ];
    for (const [what, change] of changes) {
      await change();
      const after = await openWith(new ScanCache(storage), path);
      assert.equal(after.hit, false, `a change of ${what} invalidates the entry`);
      assert.deepEqual(after.summaries, after.fresh, `after a change of ${what}`);
      scanned = 0;
      const next = await openWith(new ScanCache(storage, { pause: () => void scanned++ }), path);
      assert.equal(next.hit, true, `the rebuilt entry is kept after a change of ${what}`);
      assert.equal(scanned, 0, `the rebuilt summaries are kept after a change of ${what}`);
      assert.deepEqual(next.summaries, after.fresh);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the cache keeps at most its number of files, and a broken entry is a miss', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-cache-'));
  try {
    const storage = join(dir, 'storage');
    const cache = new ScanCache(storage, { maxEntries: 2 });
    const paths: string[] = [];
    for (let k = 0; k < 3; k++) {
      const sub = join(dir, `d${k}`);
        await mkdir(sub);
      paths.push(await hostileFile(sub));
      await openWith(cache, paths[k]!);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal((await readdir(storage)).length, 2);
    for (const name of await readdir(storage)) {
      const h = await open(join(storage, name, 'index.v8'), 'r+');
      await h.truncate(100);
      await h.close();
    }
    const broken = await openWith(cache, paths[2]!);
    assert.equal(broken.hit, false);
    assert.deepEqual(broken.summaries, broken.fresh);
    // A good index beside broken summaries: the summaries are built again.
    for (const name of await readdir(storage)) {
      const h = await open(join(storage, name, 'summaries.bin'), 'r+');
      await h.truncate(100);
      await h.close();
    }
    const half = await openWith(new ScanCache(storage), paths[2]!);
    assert.equal(half.hit, true);
    assert.deepEqual(half.summaries, half.fresh);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('when the worker threads fail, the item list still comes, from this thread', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-cache-'));
  try {
    const data = join(dir, 'data');
    await mkdir(data);
    const path = await hostileFile(data);
    const cache = new ScanCache(join(dir, 'storage'), { parallel: { workers: 2, minBytes: 0, workerFile: join(dir, 'missing-worker.js') } });
    const r = await openWith(cache, path);
    assert.ok(r.summaries.length > 100);
    assert.deepEqual(r.summaries, r.fresh);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the CLI keeps an index alone (`keep`): the next open restores it, and the editor still gets summaries equal to a fresh pass', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-cache-keep-'));
  try {
    const data = join(dir, 'data');
    await mkdir(data);
    const path = await hostileFile(data);
    const storage = join(dir, 'storage');
    const cli = new ScanCache(storage);
    const opened = await openSource(path);
    const dataset = opened.source as Dataset;
    assert.equal(await cli.prepare(dataset), false);
    await dataset.build();
    cli.keep(dataset);
    await cli.settled();
    await opened.close();
    const [entry] = await readdir(storage);
    assert.deepEqual((await readdir(join(storage, entry!))).sort(), ['index.v8'], 'no summaries were computed for it');
    const editor = await openWith(new ScanCache(storage), path);
    assert.deepEqual([editor.hit, editor.restored], [true, true]);
    assert.deepEqual(editor.summaries, editor.fresh);
    assert.deepEqual((await readdir(join(storage, entry!))).sort(), ['index.v8', 'summaries.bin']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/**
 * Items whose previews and ids take the packed form's paths: one byte a unit, other scripts,
 * emoji, cut with an ellipsis, empty. (A lone surrogate in a file is read as U+FFFD, so it is
 * here as that; kept lone surrogates are packedSummaries.test's.)
 */
function variedItems(n: number): string {
  const prompts = [
    'plain ASCII question',
    'Latin-1 only: café, naïve, ÿ',
    'curly ’quotes’ and an em dash — nothing else wide',
    '東京の天気はどうですか',
    'an emoji 🙂 and more 🙂🙂',
    'a lone high \ud83d surrogate',
    'a lone low \udc00 surrogate',
    'long '.repeat(60) + 'ending',
    '   ',
  ];
  const lines: string[] = [];
  for (let k = 0; k < n; k++) {
    const id = k % 11 === 0 ? `項目-${k}` : `item-${k}`;
    const metadata = k % 5 === 0 ? {} : { domain: ['health', 'law', 'éducation'][k % 3], benchmark: k % 4 ? 'bench' : undefined, split: k % 2 ? 'train' : 'test', traits: k % 3 ? ['a', 'b'].slice(0, k % 3) : [] };
    const side = (model: string, score: number) => ({ model, messages: [{ role: 'assistant', content: `answer ${k}` }], scores: { overall: score } });
    lines.push(JSON.stringify({ id, prompt: [{ role: 'user', content: prompts[k % prompts.length]! + (k % 2 ? ` ${k}` : '') }], baseline: side(k % 7 ? 'base' : 'base-2', (k % 3) / 2), trained: side('trained', 0.5), metadata }));
  }
  return lines.join('\n') + '\n';
}

test('a reopened file (scan cache) gives every field of every summary as a fresh pass does, and so does the worker threads’ pass: previews decoded in any order', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-cache-varied-'));
  try {
    const data = join(dir, 'data');
    await mkdir(data);
    const path = join(data, 'varied.jsonl');
    await writeFile(path, variedItems(3000));
    const storage = join(dir, 'storage');
    let paused = 0;
    const first = await openWith(new ScanCache(storage, { parallel: { workers: 2, minBytes: 0, blockBytes: 32 * 1024 }, pause: () => void paused++ }), path);
    assert.equal(first.hit, false);
    assert.ok(paused > 1 && paused < 3000, `the first pass ran on worker threads (asked to pause ${paused} times: once a block)`);
    const { fresh } = first;
    assert.equal(fresh.length, 3000);
    // The file does hold each case.
    for (const has of [/\u2026$/, /^[\u0020-\u00ff]+$/, /\u2014/, /[\u3000-\u9fff]/, /\ud83d\ude42/, /\ufffd/, /^$/]) assert.ok(fresh.some((s) => has.test(s.preview)), `a preview matching ${has}`);
    assert.ok(fresh.some((s) => /[\u0100-\uffff]/.test(s.id)) && fresh.some((s) => s.domain === undefined) && fresh.some((s) => s.rmPreferred !== undefined));
    assert.deepEqual(first.summaries, fresh, 'the worker threads’ pass');

    let scanned = 0;
    const again = await openWith(new ScanCache(storage, { pause: () => void scanned++ }), path);
    assert.equal(again.hit, true);
    assert.equal(scanned, 0, 'read back from the cache');
    // Last to first, previews first: nothing read depends on what was read before.
    for (let k = again.read.length - 1; k >= 0; k--) assert.equal(again.read[k]!.preview, fresh[k]!.preview, `preview ${k}`);
    assert.deepEqual(again.summaries, fresh, 'the reopened list');
    assert.equal(JSON.stringify(again.read), JSON.stringify(fresh));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

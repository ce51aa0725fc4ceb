import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../../src/core/input/dataset';
import { openSource } from '../../../src/node/input';
import { ScanCache } from '../../../src/node/scan/scanCache';
import { packSummaries, unpackSummaries } from '../../../src/node/scan/packedSummaries';
import type { ItemSummary } from '../../../src/core/review/itemSummary';
import { deserialize, serialize } from 'node:v8';
import { cpuMs, peakRssMB, report } from '../measure';

/**
 * The item list as the desktop editor builds it: open → index, and summaries on worker threads
 * overlapping it (a first open, empty cache), then the same unchanged file opened again (index and summaries
 * from the cache), each until the summaries are in hand.
 */
async function listReady(file: string, cache: ScanCache): Promise<{ ms: number; cpuMs: number; items: number; hit: boolean; summaries: ItemSummary[] }> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const opened = await openSource(file);
  try {
    const dataset = opened.source as Dataset;
    const hit = await cache.prepare(dataset);
    // As the editor's item index asks: the summaries pass starts while the file is still being indexed.
    const built = dataset.build();
    const summaries = await cache.summaries(dataset, undefined, built);
    await built;
    return { ms: performance.now() - t, cpuMs: cpuMs(cpu), items: summaries.length, hit, summaries };
  } finally {
    await opened.close();
  }
}

async function main(): Promise<void> {
  const [file, workerFile] = process.argv.slice(2) as [string, string];
  const dir = await mkdtemp(join(tmpdir(), 'tr-bench-cache-'));
  try {
    const cache = new ScanCache(dir, { parallel: { workerFile } });
    const first = await listReady(file, cache);
    await cache.settled();
    const again = await listReady(file, new ScanCache(dir));
    if (first.hit || !again.hit || again.items !== first.items) throw new Error(`cache: first ${JSON.stringify({ ...first, summaries: 0 })}, again ${JSON.stringify({ ...again, summaries: 0 })}`);
    // The same summaries read back from the packed form and from a structured clone (what the workers and the cache used before).
    const packed = packSummaries(again.summaries);
    const cloned = serialize(again.summaries);
    let t = performance.now();
    unpackSummaries(packed, again.summaries.length);
    const unpackMs = performance.now() - t;
    t = performance.now();
    deserialize(cloned);
    const cloneMs = performance.now() - t;
    report({ firstMs: first.ms, firstCpuMs: first.cpuMs, reopenMs: again.ms, items: first.items, unpackMs, cloneMs, rssMB: peakRssMB() });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();

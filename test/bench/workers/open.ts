import { execFileSync } from 'node:child_process';
import { Dataset } from '../../../src/core/input/dataset';
import { LineIndex } from '../../../src/core/input/lineIndex';
import { openFileSource } from '../../../src/node/fileSource';
import { median, percentile, peakRssMB, report } from '../measure';

/**
 * What opening a file in the editor costs: first item while the index is still building, the
 * index build against `wc -l` (interleaved runs, medians), random item fetches, and memory.
 */
async function main(): Promise<void> {
  const [file, repeatsArg] = process.argv.slice(2) as [string, string];
  const repeats = Number(repeatsArg);
  const rssAtStart = process.memoryUsage().rss / 2 ** 20;

  // First item: open, start indexing in the background, show item 0 as soon as it exists.
  const t0 = performance.now();
  const source = await openFileSource(file);
  const dataset = new Dataset(source, file);
  const building = dataset.build();
  while (dataset.count === 0 && !dataset.done) await new Promise((r) => setImmediate(r));
  const first = await dataset.item(0);
  const firstItemMs = performance.now() - t0;
  if (!first.item) throw new Error(`item 0 did not load: ${JSON.stringify(first.diagnostics)}`);
  await building;

  const wc: number[] = [];
  const index: number[] = [];
  for (let r = 0; r < repeats; r++) {
    let t = performance.now();
    execFileSync('wc', ['-l', file]);
    wc.push(performance.now() - t);
    t = performance.now();
    await new LineIndex().build(source);
    index.push(performance.now() - t);
  }

  // Random fetches over the whole file, as jumping around in the editor does.
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const fetches: number[] = [];
  for (let k = 0; k < 1000; k++) {
    const i = Math.floor(rand() * dataset.count);
    const t = performance.now();
    const r = await dataset.item(i);
    fetches.push(performance.now() - t);
    if (!r.item) throw new Error(`item ${i} did not load`);
  }
  await source.close();
  report({
    items: dataset.count,
    firstItemMs,
    wcMs: median(wc),
    indexMs: median(index),
    randomP50Ms: percentile(fetches, 50),
    randomP99Ms: percentile(fetches, 99),
    rssMB: peakRssMB(),
    rssGrowthMB: peakRssMB() - rssAtStart,
  });
}

void main();

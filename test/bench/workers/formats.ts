import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ItemSource } from '../../../src/core/input/dataset';
import { Dataset } from '../../../src/core/input/dataset';
import { openSource } from '../../../src/node/input';
import { peakRssMB, report } from '../measure';

/**
 * Open → first item and open → full index of one input, as the editor opens it (openSource,
 * then build with the first item shown as soon as it exists). `gz-cold` empties the decompressed
 * cache first; `gz` reuses it, as a second opening does.
 */
async function main(): Promise<void> {
  const [kind, file] = process.argv.slice(2) as [string, string];
  if (kind === 'gz-cold') rmSync(join(tmpdir(), 'transcript-review', 'gunzip'), { recursive: true, force: true });
  const t0 = performance.now();
  const opened = await openSource(file);
  const source: ItemSource = opened.source;
  const building = source.build();
  let firstItemMs = NaN;
  // Sources that grow while they build (JSONL) show item 0 early; the others once built.
  const first = (async () => {
    while (source.count === 0 && !source.done) await new Promise((r) => setImmediate(r));
    const r = await source.item(0);
    if (!r.item && !r.transcript) throw new Error(`item 0 did not load: ${JSON.stringify(r.diagnostics)}`);
    firstItemMs = performance.now() - t0;
  })();
  await building;
  const indexMs = performance.now() - t0;
  await first;
  // One item from the far end: random access after the index.
  const t1 = performance.now();
  await source.item(source.count - 1);
  const lastItemMs = performance.now() - t1;
  await opened.close();
  report({ kind, items: source.count, firstItemMs, indexMs, lastItemMs, rssMB: peakRssMB(), plain: source instanceof Dataset });
}

void main();

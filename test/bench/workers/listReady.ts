import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSource } from '../../../src/node/input';
import { ScanCache } from '../../../src/node/scan/scanCache';
import { ItemIndex } from '../../../src/core/review/itemIndex';
import { cpuMs, peakRssMB, report } from '../measure';

const never = { aborted: false };

/**
 * Open → the item list's rows in hand, as the desktop editor gets them, on a first open (empty
 * cache): `jsonl` and `eval-plain` by the summaries pass (worker threads for a JSONL; every sample
 * read for an `.eval`), `eval` by its early rows (central directory, header, summaries.json) and
 * the first page of them made.
 */
async function main(): Promise<void> {
  const [kind, file, workerFile] = process.argv.slice(2) as ['jsonl' | 'eval' | 'eval-plain', string, string];
  const dir = await mkdtemp(join(tmpdir(), 'tr-bench-list-'));
  const t = performance.now();
  const cpu = process.cpuUsage();
  const opened = await openSource(file);
  try {
    const cache = new ScanCache(dir, { parallel: { workerFile } });
    const index = new ItemIndex(opened.source, never, { summaries: (source, signal, built) => cache.summaries(source, signal, built) });
    let rows: number;
    if (kind === 'eval') {
      const early = await index.early();
      if (!early) throw new Error(`${file}: no early rows`);
      // The list's first page of rows made, as the editor's list shows them (each reads its summary).
      early.rows(0, 200);
      rows = early.count;
    } else {
      rows = (await index.summaries()).length;
    }
    report({ kind, ms: performance.now() - t, cpuMs: cpuMs(cpu), rows, rssMB: peakRssMB() });
  } finally {
    await opened.close();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();

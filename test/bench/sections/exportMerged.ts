import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSection } from '../registry';
import { median, round } from '../measure';
import { measureExport, writeLabels } from './export';

/**
 * `merged` export of the bench file with two annotators' labels (30 % of the items), each run in
 * its own process: input MB over wall time, and over CPU time (steadier on a shared machine).
 * The other formats: `npx tsx test/bench/sections/export.ts`.
 */
export const exportSection: BenchSection = {
  name: 'export',
  title: 'Export',
  async run(ctx) {
    const dir = await mkdtemp(join(tmpdir(), 'tr-bench-merged-'));
    try {
      const input = join(dir, 'data.jsonl');
      await symlink(ctx.file, input);
      await writeLabels(input, ctx.items);
      const runs: { seconds: number; cpuSeconds: number; peakRssMB: number }[] = [];
      // The same export with its parse on this thread alone (the way before scan threads), alternated with the runs measured.
      const single: { seconds: number }[] = [];
      for (let r = 0; r < ctx.repeats; r++) {
        ctx.log(`export merged: run ${r + 1} of ${ctx.repeats}…`);
        const out = join(dir, 'out.jsonl');
        runs.push(await measureExport('merged', input, out, { workerFile: ctx.scanWorker }));
        await rm(out, { force: true });
        single.push(await measureExport('merged', input, out, { workers: 1 }));
        await rm(out, { force: true });
      }
      const mb = ctx.bytes / 1e6;
      const seconds = median(runs.map((x) => x.seconds));
      const oneThread = median(single.map((x) => x.seconds));
      const loop = ctx.figures.jsonLoopMs;
      return [
        { key: 'exportMergedMBps', label: '`merged` export (two annotators, 30 % labeled), input MB per second', value: round(mb / seconds, 0), unit: 'MB/s', note: `target ≥ 200; parse on one thread: ${round(mb / oneThread, 0)} MB/s (threads: ${round(oneThread / seconds, 2)}× its speed)${typeof loop === 'number' ? `; ${round((seconds * 1000) / loop)}× the JSON.parse loop` : ''}` },
        { key: 'exportMergedOneThreadMBps', label: '`merged` export with its parse on one thread (the previous way), input MB per second', value: round(mb / oneThread, 0), unit: 'MB/s' },
        { key: 'exportMergedMBpCpuS', label: '`merged` export, input MB per CPU-second', value: round(mb / median(runs.map((x) => x.cpuSeconds)), 0), unit: 'MB/s' },
        { key: 'exportMergedRssMB', label: 'peak RSS of the `merged` export', value: round(Math.max(...runs.map((x) => x.peakRssMB)), 0), unit: 'MB' },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

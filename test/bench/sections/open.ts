import type { BenchSection } from '../registry';
import { round, runWorker } from '../measure';

interface OpenResult {
  items: number;
  firstItemMs: number;
  wcMs: number;
  indexMs: number;
  randomP50Ms: number;
  randomP99Ms: number;
  rssMB: number;
  rssGrowthMB: number;
}

/** Opening a file for review: index vs `wc -l`, first item, random fetches, memory. */
export const openSection: BenchSection = {
  name: 'open',
  title: 'Open and index',
  async run(ctx) {
    ctx.log('open: first item, index build vs wc -l, random fetches…');
    // Index and `wc -l` take well under a second: more runs keep the median steady on a busy machine.
    const r = await runWorker<OpenResult>('open', [ctx.file, String(Math.max(ctx.repeats, 9))]);
    return [
      { key: 'indexMs', label: 'index build (median)', value: round(r.indexMs, 0), unit: 'ms' },
      { key: 'wcMs', label: '`wc -l` on the same file (median)', value: round(r.wcMs, 0), unit: 'ms' },
      { key: 'indexVsWc', label: 'index build ÷ `wc -l`', value: round(r.indexMs / r.wcMs), unit: '×', note: 'target ≤ 1.5' },
      { key: 'firstItemMs', label: 'first item (open → item 0 parsed, index still building)', value: round(r.firstItemMs, 1), unit: 'ms', note: 'target < 300' },
      { key: 'randomP50Ms', label: 'random item fetch p50 (1000 fetches)', value: round(r.randomP50Ms, 3), unit: 'ms' },
      { key: 'randomP99Ms', label: 'random item fetch p99', value: round(r.randomP99Ms, 3), unit: 'ms', note: 'target < 5' },
      { key: 'rssMB', label: 'peak RSS (open, index, fetches)', value: round(r.rssMB, 0), unit: 'MB' },
      { key: 'rssGrowthMB', label: 'memory growth while open', value: round(r.rssGrowthMB, 0), unit: 'MB', note: 'target < 250' },
    ];
  },
};

import type { BenchSection } from '../registry';
import { round, runWorker } from '../measure';

type NaiveResult = { ok: true; ms: number; rssMB: number } | { ok: false; error: string; ms: number; rssMB: number };

/** The obvious `readFileSync` + `split` + `JSON.parse`, for comparison: its time, memory, and where it fails. */
export const naiveSection: BenchSection = {
  name: 'naive',
  title: 'Naive whole-file read',
  async run(ctx) {
    ctx.log('naive: readFileSync + split + JSON.parse…');
    const r = await runWorker<NaiveResult>('naive', [ctx.file]);
    return [
      r.ok
        ? { key: 'naiveMs', label: '`readFileSync` + `split` + `JSON.parse`', value: round(r.ms, 0), unit: 'ms' }
        : { key: 'naiveMs', label: '`readFileSync` + `split` + `JSON.parse`', value: 'fails', note: r.error.slice(0, 120) },
      { key: 'naiveRssMB', label: 'peak RSS of the naive read', value: round(r.rssMB, 0), unit: 'MB' },
    ];
  },
};

import type { BenchSection } from '../registry';
import { median, round, runWorker } from '../measure';

interface Timed {
  ms: number;
  cpuMs: number;
  items: number;
  rssMB: number;
}

/** `validate` against a plain streaming JSON.parse loop, alternating runs, medians. */
export const validateSection: BenchSection = {
  name: 'validate',
  title: 'Validate',
  async run(ctx) {
    const validate: Timed[] = [];
    const loop: Timed[] = [];
    for (let r = 0; r < ctx.repeats; r++) {
      ctx.log(`validate: run ${r + 1} of ${ctx.repeats}…`);
      loop.push(await runWorker<Timed>('jsonLoop', [ctx.file]));
      validate.push(await runWorker<Timed>('validate', [ctx.file, ctx.scanWorker]));
    }
    if (validate[0]!.items !== ctx.items) throw new Error(`validate read ${validate[0]!.items} items of ${ctx.items}`);
    const v = median(validate.map((x) => x.ms));
    const l = median(loop.map((x) => x.ms));
    return [
      { key: 'validateMs', label: '`validate` (index + parse + check every item, on worker threads)', value: round(v, 0), unit: 'ms' },
      { key: 'jsonLoopMs', label: 'plain streaming line-by-line JSON.parse loop', value: round(l, 0), unit: 'ms' },
      { key: 'validateVsJsonLoop', label: '`validate` ÷ JSON.parse loop', value: round(v / l), unit: '×', note: 'target ≤ 0.75' },
      { key: 'validateThreads', label: '`validate`: CPU time ÷ wall time (threads busy at once)', value: round(median(validate.map((x) => x.cpuMs / x.ms))), unit: '×', note: `the loop: ${round(median(loop.map((x) => x.cpuMs / x.ms)))}×; near 2 when the second core is free` },
      { key: 'validateCpuVsJsonLoop', label: '`validate` CPU time ÷ the loop’s (the cost of checking, on all threads)', value: round(median(validate.map((x) => x.cpuMs)) / median(loop.map((x) => x.cpuMs))), unit: '×' },
      { key: 'validateRssMB', label: 'peak RSS of `validate`', value: round(Math.max(...validate.map((x) => x.rssMB)), 0), unit: 'MB', note: 'target < 300' },
      { key: 'jsonLoopRssMB', label: 'peak RSS of the JSON.parse loop', value: round(Math.max(...loop.map((x) => x.rssMB)), 0), unit: 'MB' },
    ];
  },
};

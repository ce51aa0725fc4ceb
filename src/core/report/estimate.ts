import { z } from 'zod';
import { bootstrapInterval, type BootstrapOptions } from '../metrics/bootstrap';

/** A metric with its 95 % bootstrap interval (null when the counts do not allow one). */
export const estimateSchema = z.object({
  value: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  /** Bootstrap resamples behind the interval. */
  resamples: z.number().int().optional(),
});

export type Estimate = z.infer<typeof estimateSchema>;

/** The statistic on all n units, and its bootstrap interval over resampled units. */
export function estimate(n: number, statistic: (indices?: Uint32Array) => number | null, options: BootstrapOptions): Estimate {
  const value = statistic();
  if (value === null) return { value: null, interval: null };
  const boot = bootstrapInterval(n, statistic, options);
  return boot ? { value, interval: boot.interval, resamples: boot.resamples } : { value, interval: null };
}

/** `values` at `indices`, or all of them: how statistics read their (re)sample. */
export function at<T>(values: readonly T[], indices?: Uint32Array): readonly T[] {
  if (!indices) return values;
  const out = new Array<T>(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]!]!;
  return out;
}

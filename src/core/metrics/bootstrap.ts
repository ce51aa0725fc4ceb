import { quantileSorted } from 'd3-array';
import { seededRandom } from './random';

export interface BootstrapOptions {
  /** Resamples to draw (default 1000); fewer when n is large, to bound the work (see `workBudget`). */
  resamples?: number;
  seed?: number;
  /** Two-sided coverage, default 0.95. */
  level?: number;
  /** Below this many units no interval is given (default 10): a percentile interval from a handful of units claims far too much. */
  minCount?: number;
  /** Upper bound on n × resamples (default 4e6: the full 1000 up to 4000 units); the count shrinks to fit, never below 200. */
  workBudget?: number;
}

export interface BootstrapResult {
  interval: [number, number];
  /** Resamples drawn, and how many of them left the statistic undefined (skipped). */
  resamples: number;
  undefinedResamples: number;
}

export const defaultSeed = 20261123;

/**
 * Percentile bootstrap interval of a statistic over n units: resample unit indices with
 * replacement, recompute, take the (1 ± level)/2 quantiles (linear interpolation, as numpy's
 * default percentile). Resamples where the statistic is undefined (e.g. one class only for
 * AUC) are skipped and counted. `null` when n < minCount or most resamples are undefined.
 */
export function bootstrapInterval(
  n: number,
  statistic: (indices: Uint32Array) => number | null,
  options: BootstrapOptions = {},
): BootstrapResult | null {
  const minCount = options.minCount ?? 10;
  if (n < minCount) return null;
  const level = options.level ?? 0.95;
  const budget = options.workBudget ?? 4e6;
  const resamples = Math.max(200, Math.min(options.resamples ?? 1000, Math.floor(budget / n)));
  const random = seededRandom(options.seed ?? defaultSeed);
  const values: number[] = [];
  const indices = new Uint32Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(random() * n);
    const v = statistic(indices);
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  const undefinedResamples = resamples - values.length;
  if (values.length < resamples / 2) return null;
  values.sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  return {
    interval: [quantileSorted(values, tail)!, quantileSorted(values, 1 - tail)!],
    resamples,
    undefinedResamples,
  };
}


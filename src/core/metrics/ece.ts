import { z } from 'zod';

export const reliabilityBinSchema = z.object({
  lower: z.number(),
  upper: z.number(),
  count: z.number().int().nonnegative(),
  /** Mean predicted probability in the bin; null when the bin is empty. */
  meanPredicted: z.number().nullable(),
  /** Share of positives in the bin; null when the bin is empty. */
  fractionPositive: z.number().nullable(),
});

export type ReliabilityBin = z.infer<typeof reliabilityBinSchema>;

export const defaultBins = 10;

/**
 * Equal-width bins over [0, 1], as sklearn's `calibration_curve(strategy="uniform")` draws
 * them: edges k/10 spelled as numpy's `linspace` spells them (0.30000000000000004), each bin
 * closed on the right, the first also holding 0. Matching sklearn's edges exactly keeps a score
 * of exactly 0.3 in the same bin in both.
 */
export function binEdges(bins = defaultBins): number[] {
  const step = 1 / bins;
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? 1 : i * step));
}

/** The bin of probability `p`: the number of interior edges strictly below it. */
export function binOf(p: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length - 2; // interior edges are edges[1 … length-2]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid + 1]! < p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The reliability diagram's data: per bin, how many samples, their mean prediction and hit rate. */
export function reliabilityBins(labels: readonly number[], probabilities: readonly number[], bins = defaultBins): ReliabilityBin[] {
  const edges = binEdges(bins);
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i]!;
    const b = binOf(p, edges);
    count[b]!++;
    sumP[b]! += p;
    sumY[b]! += labels[i]!;
  }
  return count.map((c, b) => ({
    lower: edges[b]!,
    upper: edges[b + 1]!,
    count: c,
    meanPredicted: c > 0 ? sumP[b]! / c : null,
    fractionPositive: c > 0 ? sumY[b]! / c : null,
  }));
}

/**
 * Expected calibration error over equal-width bins: Σ_b (n_b / N) · |hit rate_b − mean prediction_b|.
 * `null` for no samples.
 */
export function expectedCalibrationError(labels: readonly number[], probabilities: readonly number[], bins = defaultBins): number | null {
  if (labels.length !== probabilities.length) throw new RangeError(`ece: ${labels.length} labels but ${probabilities.length} probabilities`);
  const n = labels.length;
  if (n === 0) return null;
  let ece = 0;
  for (const b of reliabilityBins(labels, probabilities, bins)) {
    if (b.count > 0) ece += (b.count / n) * Math.abs(b.fractionPositive! - b.meanPredicted!);
  }
  return ece;
}

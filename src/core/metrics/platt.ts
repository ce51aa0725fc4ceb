import { applyLogistic, fitLogistic, type LogisticParams } from './logistic';

/** Parameters of a Platt map: p(score) = 1 / (1 + exp(−(a · score + b))). */
export type PlattParams = LogisticParams;

/**
 * Platt scaling (Platt 1999): a logistic fit of the binary labels on the score, with Platt's
 * smoothed targets (N₊+1)/(N₊+2) and 1/(N₋+2) in place of 1 and 0, so the fit exists even when
 * the classes separate perfectly. Solved by Newton's method to machine precision; agrees with
 * sklearn's unregularised `LogisticRegression` on the same soft targets (`fitLogistic`). `null` for no samples.
 */
export function fitPlatt(scores: readonly number[], labels: readonly number[]): PlattParams | null {
  const n = scores.length;
  if (labels.length !== n) throw new RangeError(`fitPlatt: ${n} scores but ${labels.length} labels`);
  if (n === 0) return null;
  let positives = 0;
  for (const y of labels) if (y === 1) positives++;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (n - positives + 2);
  const targets = labels.map((y) => (y === 1 ? hi : lo));
  const meanTarget = targets.reduce((s, t) => s + t, 0) / n;

  const first = scores[0]!;
  if (scores.every((s) => s === first)) return { a: 0, b: Math.log(meanTarget / (1 - meanTarget)) };

  return fitLogistic(scores, targets);
}

export function applyPlatt(params: PlattParams, score: number): number {
  return applyLogistic(params, score);
}

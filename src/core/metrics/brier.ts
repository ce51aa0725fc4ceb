/**
 * Brier score: the mean squared difference between the predicted probability of the positive
 * class and the outcome (1 positive, 0 negative), as sklearn's `brier_score_loss`. Lower is
 * better; 0.25 is what always predicting 0.5 scores. `null` for no samples.
 */
export function brierScore(labels: readonly number[], probabilities: readonly number[]): number | null {
  const n = labels.length;
  if (probabilities.length !== n) throw new RangeError(`brierScore: ${n} labels but ${probabilities.length} probabilities`);
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = probabilities[i]! - labels[i]!;
    sum += d * d;
  }
  return sum / n;
}

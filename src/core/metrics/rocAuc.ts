/**
 * ROC-AUC of `scores` against binary `labels` (1 = positive), computed as the Mann–Whitney U
 * statistic with average ranks for tied scores. That equals the trapezoidal area sklearn's
 * `roc_auc_score` computes, and is exact for ties. `null` when either class is absent: the
 * area is undefined then, and a number would mislead.
 */
export function rocAuc(labels: readonly number[], scores: readonly number[]): number | null {
  const n = labels.length;
  if (scores.length !== n) throw new RangeError(`rocAuc: ${n} labels but ${scores.length} scores`);
  let positives = 0;
  for (const y of labels) if (y === 1) positives++;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positiveRankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    // Ranks i+1 … j+1 are tied: each gets their mean.
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) if (labels[order[k]!] === 1) positiveRankSum += rank;
    i = j + 1;
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

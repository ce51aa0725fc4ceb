import { z95 } from './wilson';

export interface RoganGladenResult {
  /** Corrected prevalence, clipped to [0, 1]; null when the judge is no better than chance (TPR + TNR ≤ 1). */
  estimate: number | null;
  interval: [number, number] | null;
}

/**
 * Rogan–Gladen correction of an apparent rate for a judge's errors (Rogan & Gladen 1978, "Estimating
 * prevalence from the results of a screening test", Am. J. Epidemiol. 107:71–76):
 *   θ = (p + TNR − 1) / (TPR + TNR − 1),
 * where p is the share of items the judge flags, TPR its sensitivity and TNR its specificity measured
 * against humans. The 95 % interval is the delta method (first-order Taylor expansion) with the three
 * sampling variances treated as independent (they come from disjoint items: the unlabeled items, the
 * human violations, the human oks); see Lang & Reiczigel (2014, "Confidence limits for prevalence of
 * disease adjusted for estimated sensitivity and specificity", Prev. Vet. Med. 113:13–22):
 *   Var θ ≈ [p(1−p)/n + θ²·TPR(1−TPR)/n₊ + (1−θ)²·TNR(1−TNR)/n₋] / (TPR + TNR − 1)².
 */
export function roganGladen(
  apparent: { flagged: number; n: number },
  tpr: { hits: number; n: number },
  tnr: { hits: number; n: number },
  z = z95,
): RoganGladenResult {
  if (apparent.n === 0 || tpr.n === 0 || tnr.n === 0) return { estimate: null, interval: null };
  const p = apparent.flagged / apparent.n;
  const se = tpr.hits / tpr.n;
  const sp = tnr.hits / tnr.n;
  const youden = se + sp - 1;
  if (!(youden > 0)) return { estimate: null, interval: null };
  const raw = (p + sp - 1) / youden;
  const theta = Math.min(1, Math.max(0, raw));
  const variance = ((p * (1 - p)) / apparent.n + (theta * theta * se * (1 - se)) / tpr.n + ((1 - theta) ** 2 * sp * (1 - sp)) / tnr.n) / (youden * youden);
  const half = z * Math.sqrt(variance);
  return { estimate: theta, interval: [Math.max(0, raw - half), Math.min(1, raw + half)] };
}

/** The point correction alone, unclipped, for worked examples: (p + TNR − 1) / (TPR + TNR − 1). */
export function roganGladenPoint(p: number, tpr: number, tnr: number): number {
  return (p + tnr - 1) / (tpr + tnr - 1);
}

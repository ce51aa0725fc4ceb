import { z } from 'zod';
import { studentQuantile } from './normal';
import { wilsonInterval, z95 } from './wilson';

export const ppiEstimateSchema = z.object({
  estimate: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  /** Human-labeled items the estimate uses. */
  n: z.number().int().nonnegative(),
  /** Items with only the predictor (unlabeled, or not drawn). */
  unlabeled: z.number().int().nonnegative(),
  /** The power-tuning weight λ in [0, 1]: 0 is human labels alone, 1 trusts the predictor fully as a control variate. */
  lambda: z.number().nullable(),
  /** Labels a human-only estimate would need for the same interval width: n · Var(human-only) / Var(this). */
  effectiveN: z.number().nullable(),
  /** Standard error, for tests against ½ (the headline's p-values). */
  standardError: z.number().nullable(),
});

export type PpiEstimate = z.infer<typeof ppiEstimateSchema>;

/** Below this many labeled items a group gets no prediction-powered interval (the human-only Wilson one stands). */
export const minLabeledForPpi = 20;

const empty = (n: number, unlabeled: number): PpiEstimate => ({ estimate: null, interval: null, n, unlabeled, lambda: null, effectiveN: null, standardError: null });

function interval(theta: number, se: number, df: number): [number, number] {
  // Student-t with n − 1 df rather than z: at n = 20–50 the normal quantile undercovers.
  const half = studentQuantile(z95, df) * se;
  return [Math.max(0, theta - half), Math.min(1, theta + half)];
}

/**
 * PPI++ for a mean under uniform sampling (Angelopoulos, Duchi & Zrnic 2023, "PPI++: Efficient
 * prediction-powered inference", arXiv:2311.01453, §3 and eq. for the mean; Angelopoulos et al.
 * 2023, "Prediction-powered inference", Science 382:669–674):
 *   θ̂_λ = λ · mean(f over the N unlabeled) + mean(Y − λ·f over the n labeled),
 *   Var θ̂_λ = λ²·Var(f)/N + Var(Y − λ·f)/n,
 *   λ̂ = Cov(Y, f) / ((1 + n/N) · Var(f)), clipped to [0, 1] (power tuning: the variance-minimising
 *   weight; λ = 0 is the human-only mean, so in large samples it is never worse than that).
 * Assumes the labeled items are a uniform random sample of the group's items and f was not fitted
 * on the item it scores (`crossFitPredictions`). 95 % interval θ̂ ± t_{n−1}·se, clipped to [0, 1].
 */
export function ppiMean(labeled: ReadonlyArray<{ y: number; f: number }>, unlabeledF: readonly number[]): PpiEstimate {
  const n = labeled.length;
  const N = unlabeledF.length;
  if (n < minLabeledForPpi) return empty(n, N);
  let my = 0, mf = 0;
  for (const u of labeled) {
    my += u.y;
    mf += u.f;
  }
  my /= n;
  mf /= n;
  let vy = 0, vf = 0, cyf = 0;
  for (const u of labeled) {
    vy += (u.y - my) ** 2;
    vf += (u.f - mf) ** 2;
    cyf += (u.y - my) * (u.f - mf);
  }
  let mu = 0;
  for (const f of unlabeledF) mu += f;
  mu = N > 0 ? mu / N : 0;
  let vu = 0;
  for (const f of unlabeledF) vu += (f - mu) ** 2;
  // Var(f) pooled over both sets: the same predictor on items of the same distribution.
  const varF = n + N > 1 ? (vf + vu + (n * N * (mf - mu) ** 2) / Math.max(1, n + N)) / (n + N - 1) : 0;
  const lambda = N === 0 || !(varF > 0) ? 0 : Math.min(1, Math.max(0, cyf / (n - 1) / ((1 + n / N) * varF)));
  let vr = 0;
  const mr = my - lambda * mf;
  for (const u of labeled) vr += (u.y - lambda * u.f - mr) ** 2;
  vr /= n - 1;
  const variance = (N > 0 ? (lambda * lambda * varF) / N : 0) + vr / n;
  const theta = (N > 0 ? lambda * mu : 0) + mr;
  const se = Math.sqrt(variance);
  const humanVariance = vy / (n - 1) / n;
  // λ = 0 is the human-only mean: give its Wilson interval, not the wider Wald one, so a useless
  // predictor costs nothing (at n = 50 Wald-t is ~7 % wider than Wilson).
  const wilson = lambda === 0 && binary(labeled) ? wilsonInterval(my * n, n) : null;
  return {
    estimate: Math.min(1, Math.max(0, theta)),
    interval: wilson ?? interval(theta, se, n - 1),
    n,
    unlabeled: N,
    lambda,
    effectiveN: variance > 0 ? (n * humanVariance) / variance : null,
    standardError: se,
  };
}

function binary(labeled: ReadonlyArray<{ y: number }>): boolean {
  return labeled.every((u) => u.y === 0 || u.y === 1 || u.y === 0.5);
}

/** One item of a group under active sampling: its prediction, its outcome if labeled, and its inclusion probability. */
export interface ActiveUnit {
  f: number;
  /** Human outcome, for an item drawn and labeled. */
  y?: number;
  /** Probability the design drew the item (0 < π ≤ 1); only read for labeled items. */
  probability?: number;
}

/**
 * Active statistical inference for a mean (Zrnic & Candès 2024, "Active statistical inference",
 * ICML, §3 with Poisson sampling): each item i is labeled with known probability πᵢ, ξᵢ says it was,
 *   Zᵢ = λ·fᵢ + (Yᵢ − λ·fᵢ)·ξᵢ/πᵢ,   θ̂ = mean(Z),   Var θ̂ = Var(Z)/N,
 * unbiased for any λ and any πᵢ > 0 (inverse-probability weighting). λ is power-tuned on the same
 * data: writing Z = A + λB with A = Yξ/π and B = f(1 − ξ/π), λ̂ = −Cov(A, B)/Var(B), clipped to
 * [0, 1] (`options.lambda` fixes it: 0 is the human-only Horvitz–Thompson mean). Uniform πᵢ = n/N gives the PPI++ point estimate back. Assumes the design's πᵢ were fixed
 * before the labels they draw (the selection file) and f was not fitted on the item it scores.
 */
export function activePpiMean(units: readonly ActiveUnit[], options: { lambda?: number } = {}): PpiEstimate {
  const N = units.length;
  let n = 0;
  for (const u of units) if (u.y !== undefined) n++;
  if (n < minLabeledForPpi) return empty(n, N - n);
  const a = new Float64Array(N);
  const b = new Float64Array(N);
  let ma = 0, mb = 0;
  for (let i = 0; i < N; i++) {
    const u = units[i]!;
    const w = u.y !== undefined ? 1 / u.probability! : 0;
    a[i] = (u.y ?? 0) * w;
    b[i] = u.f * (1 - w);
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= N;
  mb /= N;
  let vb = 0, cab = 0, va = 0;
  for (let i = 0; i < N; i++) {
    vb += (b[i]! - mb) ** 2;
    cab += (a[i]! - ma) * (b[i]! - mb);
    va += (a[i]! - ma) ** 2;
  }
  const lambda = options.lambda ?? (vb > 0 ? Math.min(1, Math.max(0, -cab / vb)) : 0);
  const theta = ma + lambda * mb;
  const varZ = (va + 2 * lambda * cab + lambda * lambda * vb) / (N - 1);
  const se = Math.sqrt(varZ / N);
  // Human-only reference: the same design with λ = 0 (Horvitz–Thompson).
  const humanVariance = va / (N - 1) / N;
  return {
    estimate: Math.min(1, Math.max(0, theta)),
    interval: interval(theta, se, n - 1),
    n,
    unlabeled: N - n,
    lambda,
    effectiveN: se > 0 ? (n * humanVariance) / (se * se) : null,
    standardError: se,
  };
}

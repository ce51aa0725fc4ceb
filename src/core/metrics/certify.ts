import { z } from 'zod';
import { itemUniform } from './itemHash';
import { rocAuc } from './rocAuc';
import { wilsonInterval } from './wilson';

/** The share of labeled items held out as the test split. */
export const testShare = 0.5;

/**
 * The dev / test split of an item: a seeded hash of its id below `testShare` is test. Depends only
 * on the seed and the id, so appending items never moves an earlier item between the splits.
 */
export function splitOf(seed: number, id: string): 'dev' | 'test' {
  return itemUniform(seed ^ 0x5bd1e995, id) < testShare ? 'test' : 'dev';
}

export const rateSchema = z.object({
  hits: z.number().int().nonnegative(),
  n: z.number().int().nonnegative(),
  rate: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
});
export type Rate = z.infer<typeof rateSchema>;

export function rate(hits: number, n: number): Rate {
  return { hits, n, rate: n > 0 ? hits / n : null, interval: wilsonInterval(hits, n) };
}

/** One labeled unit: the judge's score (higher = more likely ok) and the human verdict. */
export interface JudgedUnit {
  score: number;
  /** Humans said violation. */
  violation: boolean;
}

/**
 * The threshold chosen on dev: the judge flags a violation when score < t; t maximises Youden's J =
 * TPR + TNR − 1 over the midpoints between distinct dev scores (ties: the lowest such t). `null`
 * when dev lacks either class.
 */
export function devThreshold(dev: readonly JudgedUnit[]): number | null {
  const pos = dev.filter((u) => u.violation).length;
  const neg = dev.length - pos;
  if (pos === 0 || neg === 0) return null;
  const sorted = [...dev].sort((a, b) => a.score - b.score);
  let best = -Infinity;
  let threshold: number | null = null;
  let flaggedPos = 0, flaggedNeg = 0;
  // Candidate t just above each distinct score: everything up to it is flagged.
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.violation) flaggedPos++;
    else flaggedNeg++;
    if (i + 1 < sorted.length && sorted[i + 1]!.score === sorted[i]!.score) continue;
    const j = flaggedPos / pos + (neg - flaggedNeg) / neg - 1;
    if (j > best) {
      best = j;
      threshold = i + 1 < sorted.length ? (sorted[i]!.score + sorted[i + 1]!.score) / 2 : sorted[i]!.score + 1;
    }
  }
  return threshold;
}

export const judgeFiguresSchema = z.object({
  threshold: z.number().nullable(),
  /** Share of human violations the judge flags, on test. */
  tpr: rateSchema,
  /** Share of human oks the judge passes, on test. */
  tnr: rateSchema,
  /** ROC-AUC on test, positive class ok (as the calibration section). */
  auc: z.number().nullable(),
  devItems: z.number().int().nonnegative(),
  testItems: z.number().int().nonnegative(),
});
export type JudgeFigures = z.infer<typeof judgeFiguresSchema>;

/** TPR, TNR (Wilson intervals) and AUC of a judge on test at the threshold fitted on dev. */
export function judgeFigures(dev: readonly JudgedUnit[], test: readonly JudgedUnit[]): JudgeFigures {
  const threshold = devThreshold(dev);
  let tp = 0, pos = 0, tn = 0, neg = 0;
  for (const u of test) {
    const flagged = threshold !== null && u.score < threshold;
    if (u.violation) {
      pos++;
      if (flagged) tp++;
    } else {
      neg++;
      if (!flagged) tn++;
    }
  }
  return {
    threshold,
    tpr: rate(tp, pos),
    tnr: rate(tn, neg),
    auc: rocAuc(test.map((u) => (u.violation ? 0 : 1)), test.map((u) => u.score)),
    devItems: dev.length,
    testItems: test.length,
  };
}

export const certificationRuleSchema = z.object({
  /** Both 95 % Wilson lower bounds on test must reach these. */
  minTprLower: z.number().min(0).max(1).default(0.8),
  minTnrLower: z.number().min(0).max(1).default(0.8),
  /** Judges (score names) that must pass for `check --certify` to succeed; default none (all reported). */
  required: z.array(z.string().min(1)).default([]),
  /** Seeds the dev / test split. */
  seed: z.number().int().default(1),
});
export type CertificationRule = z.infer<typeof certificationRuleSchema>;

/** Whether the figures meet the rule: both lower bounds at or above the bar. */
export function passes(figures: JudgeFigures, rule: Pick<CertificationRule, 'minTprLower' | 'minTnrLower'>): boolean {
  return figures.tpr.interval !== null && figures.tnr.interval !== null && figures.tpr.interval[0] >= rule.minTprLower && figures.tnr.interval[0] >= rule.minTnrLower;
}

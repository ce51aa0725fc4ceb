import { z } from 'zod';
import { wilsonInterval } from './wilson';

export const winRateSchema = z.object({
  /** Units (items) where the second side won, lost, tied; fractional units do not occur here. */
  wins: z.number().int().nonnegative(),
  losses: z.number().int().nonnegative(),
  ties: z.number().int().nonnegative(),
  /** Items judged both bad: reported apart, not in n. */
  bothBad: z.number().int().nonnegative(),
  n: z.number().int().nonnegative(),
  /** Mean item score (1 win, ½ tie, 0 loss); null when n = 0. */
  rate: z.number().nullable(),
  /** 95 % Wilson score interval of `rate`. */
  interval: z.tuple([z.number(), z.number()]).nullable(),
  /** better: interval above ½; worse: below ½; unclear: contains ½. */
  verdict: z.enum(['better', 'worse', 'unclear']).nullable(),
});

export type WinRate = z.infer<typeof winRateSchema>;

/**
 * One item's outcome for the second side: a score in [0, 1] (1 win, ½ tie, 0 loss; with several
 * annotators, their mean), or `both_bad` when every annotator who judged it said both were bad.
 */
export type ItemOutcome = number | 'both_bad';

/**
 * Win rate of the second side over the first across items, ties counted half and both-bad
 * items set apart, with a 95 % Wilson interval on the mean item score. Items, not judgements,
 * are the units, so several annotators on one item do not inflate n.
 */
export function winRate(outcomes: Iterable<ItemOutcome>): WinRate {
  let wins = 0, losses = 0, ties = 0, bothBad = 0, n = 0, sum = 0;
  for (const o of outcomes) {
    if (o === 'both_bad') {
      bothBad++;
      continue;
    }
    n++;
    sum += o;
    if (o > 0.5) wins++;
    else if (o < 0.5) losses++;
    else ties++;
  }
  const interval = wilsonInterval(sum, n);
  const verdict = !interval ? null : interval[0] > 0.5 ? 'better' : interval[1] < 0.5 ? 'worse' : 'unclear';
  return { wins, losses, ties, bothBad, n, rate: n > 0 ? sum / n : null, interval, verdict };
}

import { z } from 'zod';

export const correctionSchema = z.enum(['holm', 'bh']);
export type Correction = z.infer<typeof correctionSchema>;

/**
 * Holm's step-down procedure (Holm 1979, "A simple sequentially rejective multiple test
 * procedure", Scand. J. Statist. 6:65–70): sort the m p-values ascending, reject p₍ₖ₎ while
 * p₍ₖ₎ ≤ α / (m − k + 1), stop at the first that is not. Controls the family-wise error rate
 * (the chance of even one false "better") at α under any dependence. Returns, in input order,
 * whether each hypothesis is rejected.
 */
export function holm(pValues: readonly number[], alpha = 0.05): boolean[] {
  const m = pValues.length;
  const order = ascending(pValues);
  const rejected = new Array<boolean>(m).fill(false);
  for (let k = 0; k < m; k++) {
    const i = order[k]!;
    if (!(pValues[i]! <= alpha / (m - k))) break;
    rejected[i] = true;
  }
  return rejected;
}

/**
 * Benjamini–Hochberg step-up procedure (Benjamini & Hochberg 1995, JRSS B 57:289–300): the
 * largest k with p₍ₖ₎ ≤ k·α/m, and reject the k smallest. Controls the false discovery rate (the
 * expected share of false "better" among those claimed) at α for independent or positively
 * dependent tests. Returns, in input order, whether each hypothesis is rejected.
 */
export function benjaminiHochberg(pValues: readonly number[], alpha = 0.05): boolean[] {
  const m = pValues.length;
  const order = ascending(pValues);
  let cut = -1;
  for (let k = 0; k < m; k++) if (pValues[order[k]!]! <= ((k + 1) * alpha) / m) cut = k;
  const rejected = new Array<boolean>(m).fill(false);
  for (let k = 0; k <= cut; k++) rejected[order[k]!] = true;
  return rejected;
}

export function rejectWith(correction: Correction, pValues: readonly number[], alpha = 0.05): boolean[] {
  return correction === 'holm' ? holm(pValues, alpha) : benjaminiHochberg(pValues, alpha);
}

/** Indices sorted by p-value (NaN last), ties by index so the result is deterministic. */
function ascending(p: readonly number[]): number[] {
  const key = (i: number) => (Number.isNaN(p[i]!) ? Infinity : p[i]!);
  return Array.from({ length: p.length }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
}

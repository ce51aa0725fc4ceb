import { itemUniform } from './itemHash';

/** Share of the budget spread uniformly over all items, so every item can be drawn (default). */
export const defaultFloor = 0.1;

/**
 * The uncertainty of a predictor at probability p: √(p(1 − p)), the standard deviation of a
 * Bernoulli(p) outcome. Zrnic & Candès (2024, "Active statistical inference", ICML, §4) show the
 * variance-optimal sampling probability is ∝ √E[(Y − f)² | X]; for a calibrated f that is this.
 */
export function uncertainty(p: number): number {
  const q = Math.min(1, Math.max(0, p));
  return Math.sqrt(q * (1 - q));
}

/**
 * Inclusion probabilities for a budget of `budget` expected labels over items with weights wᵢ
 * (their uncertainty): πᵢ = (1 − floor)·B·wᵢ/Σw + floor·B/N, capped at 1 with the excess spread
 * over the uncapped items (iterated: an item certain to be drawn frees budget for the others).
 * Σπ = min(B, N). Every item has πᵢ ≥ floor·B/N > 0, which the inverse-probability weights need.
 */
export function inclusionProbabilities(weights: readonly number[], budget: number, floor = defaultFloor): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const total = Math.min(budget, n);
  const pi = new Array<number>(n).fill(0);
  const capped = new Array<boolean>(n).fill(false);
  let left = total;
  for (let round = 0; round < n; round++) {
    const open: number[] = [];
    for (let i = 0; i < n; i++) if (!capped[i]) open.push(i);
    if (open.length === 0) break;
    let sw = 0;
    for (const i of open) sw += Math.max(0, weights[i]!);
    let over = false;
    for (const i of open) {
      const share = sw > 0 ? Math.max(0, weights[i]!) / sw : 1 / open.length;
      pi[i] = (1 - floor) * left * share + (floor * left) / open.length;
      if (pi[i]! >= 1) over = true;
    }
    if (!over) break;
    for (const i of open) {
      if (pi[i]! >= 1) {
        pi[i] = 1;
        capped[i] = true;
        left -= 1;
      }
    }
    if (left <= 0) break;
  }
  return pi;
}

/**
 * Poisson sampling with permanent random numbers (Ohlsson 1995, "Coordination of samples using
 * permanent random numbers", in Business Survey Methods, Wiley): item i is drawn when
 * uᵢ < πᵢ, with uᵢ a seeded hash of its id. Each item is drawn independently with exactly πᵢ, and
 * raising the budget only adds items (πᵢ grows, uᵢ stays), so successive `next` calls extend one
 * sample instead of starting new ones.
 */
export function isDrawn(seed: number, id: string, probability: number): boolean {
  return itemUniform(seed, id) < probability;
}

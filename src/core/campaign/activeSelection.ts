import { crossFitPredictions, type CrossFitUnit } from '../metrics/crossFit';
import { defaultFloor, inclusionProbabilities, isDrawn, uncertainty } from '../metrics/activeDesign';
import { minLabeledForPpi } from '../metrics/ppi';
import { logistic } from '../metrics/logistic';
import type { SelectionFile } from './selection';

export interface Candidate extends CrossFitUnit {
  /** Someone has labeled the item already. */
  labeled: boolean;
}

/**
 * The predictor's probability for each item when a design is made: cross-fitted on the labels so
 * far when there are enough of them, else the score itself read through a logistic of its
 * standard score (an uncalibrated guess, which only shapes the design; any design stays unbiased).
 */
export function designPredictions(units: readonly CrossFitUnit[], seed: number): number[] {
  const labeled = units.filter((u) => u.y !== undefined).length;
  if (labeled >= minLabeledForPpi) return crossFitPredictions(units, { seed });
  const scores = units.flatMap((u) => (u.score === undefined ? [] : [u.score]));
  const mean = scores.reduce((s, x) => s + x, 0) / Math.max(1, scores.length);
  const sd = Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, scores.length - 1)) || 1;
  return units.map((u) => (u.score === undefined ? 0.5 : logistic((u.score - mean) / sd)));
}

/**
 * Extends the active sample until it holds `want` drawn items nobody has labeled (or every item
 * is drawn), and returns the new file and those items in file order with their probabilities.
 * Weights are frozen in the file at the first call (later labels do not move the design); items
 * added to the dataset since get the weight of their current prediction. Items labeled before the
 * first call are certain members of the sample; the budget is spread over the rest. The budget grows by
 * bisection: with permanent random numbers the drawn set only grows with it (`isDrawn`).
 */
export function extendSelection(
  candidates: readonly Candidate[],
  predictions: readonly number[],
  options: { want: number; seed: number; predictor: string; floor?: number; previous?: SelectionFile },
): { file: SelectionFile; next: { item: string; probability: number }[] } {
  const floor = options.previous?.floor ?? options.floor ?? defaultFloor;
  const seed = options.previous?.seed ?? options.seed;
  const weights: Record<string, number> = { ...(options.previous?.weights ?? {}) };
  candidates.forEach((c, i) => {
    if (!Object.hasOwn(weights, c.id)) weights[c.id] = uncertainty(predictions[i]!);
  });
  const certain = new Set(options.previous?.certain ?? candidates.filter((c) => c.labeled).map((c) => c.id));
  const pool = candidates.filter((c) => !certain.has(c.id));
  const w = pool.map((c) => weights[c.id]!);
  const drawnAt = (budget: number) => {
    const pi = inclusionProbabilities(w, budget, floor);
    let open = 0;
    const drawn: number[] = [];
    pool.forEach((c, i) => {
      if (!isDrawn(seed, c.id, pi[i]!)) return;
      drawn.push(i);
      if (!c.labeled) open++;
    });
    return { pi, drawn, open };
  };
  let lo = options.previous?.budget ?? 0;
  let hi = pool.length;
  if (drawnAt(lo).open < options.want) {
    // The smallest budget (to 1e-6 of an item) that reaches `want` open draws, or all items.
    for (let iter = 0; iter < 60 && hi - lo > 1e-6; iter++) {
      const mid = (lo + hi) / 2;
      if (drawnAt(mid).open >= options.want) hi = mid;
      else lo = mid;
    }
    lo = hi;
  }
  const { pi, drawn } = drawnAt(lo);
  const fresh = drawn.map((i) => ({ item: pool[i]!.id, probability: pi[i]! }));
  const sure = candidates.filter((c) => certain.has(c.id)).map((c) => ({ item: c.id, probability: 1 }));
  return {
    file: { version: 1, seed, predictor: options.previous?.predictor ?? options.predictor, floor, budget: lo, weights, certain: [...certain], items: inDrawOrder([...sure, ...fresh], options.previous) },
    next: fresh.filter((_, k) => !pool[drawn[k]!]!.labeled).slice(0, options.want),
  };
}

/**
 * The drawn items in the order they were drawn: those of the previous file first, in its order
 * (a larger budget keeps every earlier draw), then the new ones in file order. A queue built in
 * this order keeps each earlier item with its annotators when `next` draws more.
 */
function inDrawOrder(items: { item: string; probability: number }[], previous: SelectionFile | undefined): { item: string; probability: number }[] {
  if (!previous) return items;
  const rank = new Map(previous.items.map((s, i) => [s.item, i]));
  const before = items.filter((s) => rank.has(s.item)).sort((a, b) => rank.get(a.item)! - rank.get(b.item)!);
  return [...before, ...items.filter((s) => !rank.has(s.item))];
}

/**
 * The ids of a campaign's queue under an active design: the drawn items that are in the data, in
 * the selection file's order (the order of the draws), so an item's annotators depend only on the
 * items drawn before it, as in file-order assignment.
 */
export function drawnIds(ids: readonly string[], selection: SelectionFile | undefined): string[] {
  if (!selection) return [];
  const present = new Set(ids);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { item } of selection.items) {
    if (!present.has(item) || seen.has(item)) continue;
    seen.add(item);
    out.push(item);
  }
  return out;
}

import { type LogisticParams } from './logistic';
import { fitSoftLogistic } from './softLogistic';
import { itemUniform } from './itemHash';

/** One item for cross-fitted prediction: its predictor score (if it has one) and human outcome (if labeled). */
export interface CrossFitUnit {
  id: string;
  score?: number;
  /** Human outcome in [0, 1]; undefined for an unlabeled item. */
  y?: number;
}

export const defaultFolds = 5;

/**
 * Cross-fitted predictions (cross-prediction, Zrnic & Candès 2024, "Cross-prediction-powered
 * inference", PNAS 121): the labeled items are dealt into K folds by a seeded hash of their id; a
 * calibration map (logistic on the score, `fitSoftLogistic`) is fitted on the other K − 1 folds and
 * scores the items of the fold left out, so no labeled item is ever predicted by a map that saw its
 * label. Unlabeled items get the mean of the K maps. An item without the score is predicted by the
 * mean outcome of the folds that fitted the map (a constant: useless, but harmless). Scores are
 * standardised first (labeled mean and sd), which changes no prediction and keeps Newton stable.
 * Returns a prediction in [0, 1] per unit, in input order.
 */
export function crossFitPredictions(units: readonly CrossFitUnit[], options: { folds?: number; seed?: number } = {}): number[] {
  const k = Math.max(2, options.folds ?? defaultFolds);
  const seed = options.seed ?? 1;
  const labeled: number[] = [];
  for (let i = 0; i < units.length; i++) if (units[i]!.y !== undefined) labeled.push(i);
  const fold = new Map<number, number>();
  for (const i of labeled) fold.set(i, Math.floor(itemUniform(seed, units[i]!.id) * k));

  const scored = labeled.filter((i) => units[i]!.score !== undefined);
  let centre = 0, spread = 1;
  if (scored.length > 1) {
    centre = scored.reduce((s, i) => s + units[i]!.score!, 0) / scored.length;
    const v = scored.reduce((s, i) => s + (units[i]!.score! - centre) ** 2, 0) / (scored.length - 1);
    spread = v > 0 ? Math.sqrt(v) : 1;
  }
  const norm = (s: number) => (s - centre) / spread;

  const maps: { params: LogisticParams | null; base: number }[] = [];
  for (let f = 0; f < k; f++) {
    const xs: number[] = [];
    const ys: number[] = [];
    let sum = 0, count = 0;
    for (const i of labeled) {
      if (fold.get(i) === f) continue;
      const u = units[i]!;
      sum += u.y!;
      count++;
      if (u.score !== undefined) {
        xs.push(norm(u.score));
        ys.push(u.y!);
      }
    }
    const base = count > 0 ? sum / count : 0.5;
    maps.push({ params: xs.length >= 2 ? fitSoftLogistic(xs, ys) : null, base });
  }
  const out = new Array<number>(units.length);
  for (let i = 0; i < units.length; i++) {
    const score = units[i]!.score;
    const f = fold.get(i);
    if (f !== undefined) {
      out[i] = predict(maps[f]!, score, centre, spread);
      continue;
    }
    let s = 0;
    for (let g = 0; g < k; g++) s += predict(maps[g]!, score, centre, spread);
    out[i] = s / k;
  }
  return out;
}

// Module-level and allocation-free: it runs K times per unlabeled item.
function predict(m: { params: LogisticParams | null; base: number }, score: number | undefined, centre: number, spread: number): number {
  if (score === undefined || !m.params) return m.base;
  const x = m.params.a * ((score - centre) / spread) + m.params.b;
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

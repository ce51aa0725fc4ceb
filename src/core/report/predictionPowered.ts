import { z } from 'zod';
import { crossFitPredictions, type CrossFitUnit } from '../metrics/crossFit';
import { activePpiMean, ppiEstimateSchema, ppiMean, type PpiEstimate } from '../metrics/ppi';
import { wilsonInterval } from '../metrics/wilson';
import { itemOutcome, noGroup, sideViolation } from './comparison';
import { overallScore } from './calibration';
import type { Observation } from './observations';
import type { PopulationItem } from './population';

const interval = z.tuple([z.number(), z.number()]).nullable();

export const humanOnlySchema = z.object({ estimate: z.number().nullable(), interval, n: z.number().int().nonnegative() });

/** One group's rate two ways: from the human labels alone, and prediction-powered. */
export const groupEstimateSchema = z.object({
  key: z.string(),
  humanOnly: humanOnlySchema,
  predictionPowered: ppiEstimateSchema,
  /** effectiveN − n: labels the predictor is worth here (null without a prediction-powered interval). */
  labelsGained: z.number().nullable(),
});

export const selectionSummarySchema = z.object({
  mode: z.enum(['uniform', 'active']),
  /** Items the active design drew (active only). */
  selected: z.number().int().nonnegative(),
  /** Drawn items with no human outcome yet; see `assumption`. */
  selectedUnlabeled: z.number().int().nonnegative(),
  /** Labeled items the design did not draw: their labels are left out of the prediction-powered estimates. */
  labeledOutsideSelection: z.number().int().nonnegative(),
  assumption: z.string(),
});

export type GroupEstimate = z.infer<typeof groupEstimateSchema>;
export type SelectionSummary = z.infer<typeof selectionSummarySchema>;

/** An active design read from the selection file: each drawn item's inclusion probability. */
export interface SelectionDesign {
  probabilities: ReadonlyMap<string, number>;
  /** Items in the sample with certainty (labeled before the design): never rescaled. */
  certain: ReadonlySet<string>;
}

export const uniformAssumption =
  'the labeled items of each group are a uniform random sample of its items (labels made in file order or by choice are not, and then the intervals may miss)';
/** Labeled draws (certain items aside) an active design needs before the report weights by it. */
export const minActiveDraws = 20;

/** Labeled items the design drew (not the certain ones): below `minActiveDraws` the design is not used yet. */
export function labeledDraws(targets: readonly Target[], design: SelectionDesign): number {
  let k = 0;
  for (const t of targets) if (t.unit.y !== undefined && design.probabilities.has(t.unit.id) && !design.certain.has(t.unit.id)) k++;
  return k;
}

export const activeAssumption =
  'items were drawn with the recorded probabilities; drawn items not labeled yet are missing at random, so the labeled ones stand for all drawn (their probabilities are scaled by the share labeled)';

export interface Target {
  unit: CrossFitUnit;
  item: PopulationItem;
}

/**
 * Prediction-powered and human-only estimates of a mean outcome over items, overall and per
 * group: one cross-fit of the predictor over all targets, then PPI++ (uniform) or the active
 * estimator (with a design) per group.
 */
export function estimateGroups(
  targets: readonly Target[],
  groups: ReadonlyArray<{ key: string; member: (p: PopulationItem) => boolean }>,
  options: { seed: number; design?: SelectionDesign },
): GroupEstimate[] {
  const f = crossFitPredictions(targets.map((t) => t.unit), { seed: options.seed });
  const design = options.design ? responseAdjusted(targets, options.design) : undefined;
  return groups.map((g) => {
    const idx: number[] = [];
    for (let i = 0; i < targets.length; i++) if (g.member(targets[i]!.item)) idx.push(i);
    return { key: g.key, ...estimateOne(targets, f, idx, design) };
  });
}

function estimateOne(targets: readonly Target[], f: readonly number[], idx: readonly number[], design: ReadonlyMap<string, number> | undefined): Omit<GroupEstimate, 'key'> {
  let n = 0, sum = 0;
  for (const i of idx) {
    const y = targets[i]!.unit.y;
    if (y !== undefined) {
      n++;
      sum += y;
    }
  }
  let humanOnly = { estimate: n > 0 ? sum / n : null, interval: wilsonInterval(sum, n), n };
  let pp: PpiEstimate;
  if (!design) {
    const labeled: { y: number; f: number }[] = [];
    const unlabeled: number[] = [];
    for (const i of idx) {
      const y = targets[i]!.unit.y;
      if (y !== undefined) labeled.push({ y, f: f[i]! });
      else unlabeled.push(f[i]!);
    }
    pp = ppiMean(labeled, unlabeled);
  } else {
    const units = idx.map((i) => {
      const t = targets[i]!;
      const p = design.get(t.unit.id);
      return t.unit.y !== undefined && p !== undefined ? { f: f[i]!, y: t.unit.y, probability: p } : { f: f[i]! };
    });
    pp = activePpiMean(units);
    // Human-only under a design is the inverse-probability-weighted mean (λ = 0), not the plain mean of a biased sample.
    const ht = activePpiMean(units, { lambda: 0 });
    humanOnly = { estimate: ht.estimate, interval: ht.interval, n: ht.n };
  }
  return { humanOnly, predictionPowered: pp, labelsGained: pp.effectiveN !== null && pp.interval ? pp.effectiveN - pp.n : null };
}

/**
 * The design's probabilities for the labeled items it drew, scaled by the share of drawn items
 * that are labeled (missing at random among the drawn); certain items keep probability 1; labels
 * on items it did not draw are dropped (their probability under the design is unknown).
 */
function responseAdjusted(targets: readonly Target[], design: SelectionDesign): Map<string, number> {
  let drawn = 0, labeled = 0;
  for (const t of targets) {
    if (!design.probabilities.has(t.unit.id) || design.certain.has(t.unit.id)) continue;
    drawn++;
    if (t.unit.y !== undefined) labeled++;
  }
  const share = drawn > 0 ? labeled / drawn : 1;
  const out = new Map<string, number>();
  for (const t of targets) {
    const p = design.probabilities.get(t.unit.id);
    if (p !== undefined && t.unit.y !== undefined) out.set(t.unit.id, design.certain.has(t.unit.id) ? 1 : p * share);
  }
  return out;
}

/** The score the predictor reads for a win rate: second side minus first, when both sides have it. */
function scoreDifference(p: PopulationItem, name: string): number | undefined {
  const a = p.scores[0]?.[name];
  const b = p.scores[1]?.[name];
  return typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) ? b - a : undefined;
}

/** Win-rate targets: every item; labeled ones carry the human outcome; both-bad items drop out as in the win rate. */
export function winRateTargets(population: readonly PopulationItem[], byItem: ReadonlyMap<string, Observation>, scoreName: string, trait?: string): Target[] {
  const out: Target[] = [];
  for (const p of population) {
    const o = byItem.get(p.item);
    const outcome = o ? itemOutcome(o, trait) : undefined;
    if (outcome === 'both_bad') continue;
    const score = scoreDifference(p, scoreName);
    out.push({ item: p, unit: { id: p.item, ...(score !== undefined && { score }), ...(outcome !== undefined && { y: outcome }) } });
  }
  return out;
}

/** Violation-rate targets of one side: its score; labeled ones carry the share of annotators who saw a violation. */
export function violationTargets(population: readonly PopulationItem[], byItem: ReadonlyMap<string, Observation>, scoreName: string, side: 0 | 1): Target[] {
  return population.map((p) => {
    const o = byItem.get(p.item);
    const y = o ? sideViolation(o, side) : undefined;
    const s = p.scores[side]?.[scoreName];
    const score = typeof s === 'number' && Number.isFinite(s) ? s : undefined;
    return { item: p, unit: { id: p.item, ...(score !== undefined && { score }), ...(y !== undefined && { y }) } };
  });
}

/** Groups by a metadata field, sorted, `(none)` for items without it: the comparison summary's groups. */
export function groupsOf(population: readonly PopulationItem[], field: (p: PopulationItem) => string | undefined): { key: string; member: (p: PopulationItem) => boolean }[] {
  const keys = [...new Set(population.map((p) => field(p) ?? noGroup))].sort((a, b) => a.localeCompare(b));
  return keys.map((key) => ({ key, member: (p: PopulationItem) => (field(p) ?? noGroup) === key }));
}

export const defaultPredictor = overallScore;

import { z } from 'zod';
import { correctionSchema, rejectWith, type Correction } from '../metrics/multiplicity';
import { twoSidedP } from '../metrics/normal';
import { noGroup } from './comparison';
import { breakdowns } from './breakdowns';
import { preferredTraits, type Observation } from './observations';
import type { PopulationItem } from './population';
import {
  activeAssumption,
  estimateGroups,
  groupEstimateSchema,
  groupsOf,
  labeledDraws,
  minActiveDraws,
  selectionSummarySchema,
  uniformAssumption,
  violationTargets,
  winRateTargets,
  type GroupEstimate,
  type SelectionDesign,
} from './predictionPowered';

export const correctedHeadlineSchema = z.object({
  correction: correctionSchema,
  /** Family-wise error rate (Holm) or false discovery rate (BH) the count holds at. */
  alpha: z.number(),
  text: z.string(),
  better: z.number().int(),
  worse: z.number().int(),
  unclear: z.number().int(),
  total: z.number().int(),
  notImproved: z.array(z.object({ benchmark: z.string(), verdict: z.enum(['worse', 'unclear']) })),
  /** The same tests without the correction, each at 5 %. */
  uncorrected: z.object({ better: z.number().int(), worse: z.number().int(), unclear: z.number().int() }),
  /** Per benchmark: the two-sided p-value of "win rate = ½" and which estimate it comes from. */
  tests: z.array(z.object({ benchmark: z.string(), estimate: z.number().nullable(), p: z.number(), basis: z.enum(['predictionPowered', 'humanOnly']) })),
});

export const poweredSectionSchema = z.object({
  /** The score the predictor reads (`--predictor`, default `overall`): for win rates the second side's minus the first's. */
  predictor: z.string(),
  /** Items without that score on both sides: predicted by the labeled mean (they neither help nor bias). */
  itemsWithoutPredictor: z.number().int().nonnegative(),
  selection: selectionSummarySchema,
  overall: groupEstimateSchema,
  byBenchmark: z.array(groupEstimateSchema),
  byDomain: z.array(groupEstimateSchema),
  bySplit: z.array(groupEstimateSchema),
  byPersona: z.array(groupEstimateSchema),
  byTrait: z.array(groupEstimateSchema),
  /** Per side (key: side name): the share of sides with a human-labeled violation of any trait. */
  violationRates: z.array(groupEstimateSchema),
  headline: correctedHeadlineSchema,
});

export type PoweredSection = z.infer<typeof poweredSectionSchema>;
export type CorrectedHeadline = z.infer<typeof correctedHeadlineSchema>;

export interface PoweredOptions {
  seed: number;
  predictor: string;
  correction: Correction;
  design?: SelectionDesign;
}

/** The prediction-powered section: every win rate and violation rate of the comparison, two ways, and the corrected headline. */
export function poweredSection(observations: readonly Observation[], population: readonly PopulationItem[], sides: [string, string], options: PoweredOptions): PoweredSection {
  const byItem = new Map(observations.map((o) => [o.item, o]));
  const all = [{ key: 'overall', member: () => true }];
  const win = winRateTargets(population, byItem, options.predictor);
  // Until the design has drawn and seen labeled enough items, its weights would rest on a handful.
  const draws = options.design ? labeledDraws(win, options.design) : 0;
  const design = options.design && draws >= minActiveDraws ? options.design : undefined;
  const est = { seed: options.seed, ...(design && { design }) };
  const withLabels = (g: GroupEstimate) => g.humanOnly.n > 0 || g.key !== noGroup;
  const grouped = (field: (p: PopulationItem) => string | undefined) => estimateGroups(win, groupsOf(population, field), est).filter(withLabels);
  const byBenchmark = grouped(breakdowns.byBenchmark);
  let missing = 0;
  for (const t of win) if (t.unit.score === undefined) missing++;
  let selected = 0, selectedUnlabeled = 0, outside = 0;
  if (options.design) {
    for (const t of win) {
      if (options.design.certain.has(t.unit.id)) continue;
      const drawn = options.design.probabilities.has(t.unit.id);
      if (drawn) selected++;
      if (drawn && t.unit.y === undefined) selectedUnlabeled++;
      if (!drawn && t.unit.y !== undefined) outside++;
    }
  }
  return {
    predictor: options.predictor,
    itemsWithoutPredictor: missing,
    selection: {
      mode: design ? 'active' : 'uniform',
      selected,
      selectedUnlabeled,
      labeledOutsideSelection: outside,
      assumption: design
        ? activeAssumption
        : options.design
          ? `the active design has ${draws} labeled draw${draws === 1 ? '' : 's'}; until ${minActiveDraws}, ${uniformAssumption}`
          : uniformAssumption,
    },
    overall: estimateGroups(win, all, est)[0]!,
    byBenchmark,
    byDomain: grouped(breakdowns.byDomain),
    bySplit: grouped(breakdowns.bySplit),
    byPersona: grouped(breakdowns.byPersona),
    byTrait: preferredTraits(observations).map((t) => {
      // A trait's own score when the data has one, else the report's predictor.
      const name = population.some((p) => p.scores[0]?.[t] !== undefined && p.scores[1]?.[t] !== undefined) ? t : options.predictor;
      return estimateGroups(winRateTargets(population, byItem, name, t), [{ key: t, member: () => true }], est)[0]!;
    }),
    violationRates: ([0, 1] as const).map((i) => estimateGroups(violationTargets(population, byItem, options.predictor, i), [{ key: sides[i], member: () => true }], est)[0]!),
    headline: correctedHeadline(byBenchmark, sides, options.correction),
  };
}

/**
 * "Better on X of Y benchmarks" with its error rate: per named benchmark with labels, a
 * two-sided test of win rate = ½ (the prediction-powered z when the group has that interval, else
 * the score test that the Wilson interval inverts, z = (p̂ − ½)/√(¼/n)); the p-values are corrected
 * across benchmarks with Holm (family-wise, default) or Benjamini–Hochberg (false discovery rate).
 */
export function correctedHeadline(byBenchmark: readonly GroupEstimate[], sides: [string, string], correction: Correction, alpha = 0.05): CorrectedHeadline {
  const named = byBenchmark.filter((g) => g.key !== noGroup && g.humanOnly.n > 0);
  const tests = named.map((g) => {
    const pp = g.predictionPowered;
    if (pp.estimate !== null && pp.standardError && pp.interval && pp.lambda) {
      return { benchmark: g.key, estimate: pp.estimate, p: twoSidedP((pp.estimate - 0.5) / pp.standardError), basis: 'predictionPowered' as const };
    }
    const h = g.humanOnly;
    return { benchmark: g.key, estimate: h.estimate, p: twoSidedP((h.estimate! - 0.5) / Math.sqrt(0.25 / h.n)), basis: 'humanOnly' as const };
  });
  const verdicts = (rejected: readonly boolean[]) =>
    tests.map((t, i) => (!rejected[i] ? 'unclear' : t.estimate! > 0.5 ? 'better' : 'worse') as 'better' | 'worse' | 'unclear');
  const corrected = verdicts(rejectWith(correction, tests.map((t) => t.p), alpha));
  const raw = verdicts(tests.map((t) => t.p < alpha));
  const count = (v: readonly string[], k: string) => v.filter((x) => x === k).length;
  const notImproved = tests
    .map((t, i) => ({ benchmark: t.benchmark, verdict: corrected[i]! }))
    .filter((b): b is { benchmark: string; verdict: 'worse' | 'unclear' } => b.verdict !== 'better')
    .sort((a, b) => (a.verdict === b.verdict ? a.benchmark.localeCompare(b.benchmark) : a.verdict === 'worse' ? -1 : 1));
  const better = count(corrected, 'better');
  const worse = count(corrected, 'worse');
  const unclear = count(corrected, 'unclear');
  const rate = correction === 'holm' ? `Holm, family-wise error ${Math.round(alpha * 100)} %` : `Benjamini–Hochberg, false discovery rate ${Math.round(alpha * 100)} %`;
  let text: string;
  if (tests.length === 0) text = 'no benchmark with human preferences yet';
  else {
    text = `${sides[1]} better on ${better} of ${tests.length} benchmark${tests.length === 1 ? '' : 's'} (${rate}; uncorrected ${count(raw, 'better')}), worse on ${worse}, no clear difference on ${unclear}`;
    if (notImproved.length > 0) text += `; not improved: ${notImproved.map((b) => `${b.benchmark} (${b.verdict === 'worse' ? 'worse' : 'no clear difference'})`).join(', ')}`;
  }
  return {
    correction,
    alpha,
    text,
    better,
    worse,
    unclear,
    total: tests.length,
    notImproved,
    uncorrected: { better: count(raw, 'better'), worse: count(raw, 'worse'), unclear: count(raw, 'unclear') },
    tests,
  };
}

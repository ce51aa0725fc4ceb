import { z } from 'zod';
import { comparisonSummarySchema, summarizeComparison } from './comparison';
import { calibrationMapSchema } from '../metrics/calibrationMap';
import { defaultSeed, type BootstrapOptions } from '../metrics/bootstrap';
import { defaultBins } from '../metrics/ece';
import { calibrateTrait, fitMaps, graderAgreementByBenchmark, pairwiseAccuracies, pairwiseAccuracySchema, scoredTraits, traitCalibrationSchema } from './calibration';
import { agreement, agreementSchema } from './agreement';
import type { Observation } from './observations';
import type { PopulationItem } from './population';
import { poweredSection, poweredSectionSchema } from './poweredSection';
import { certificationSectionSchema, certifyJudges } from './certification';
import { guidelineVersions, guidelineVersionsSchema } from './guidelineVersions';
import { trajectorySection, trajectorySectionSchema } from './trajectory';
import { defaultPredictor, type SelectionDesign } from './predictionPowered';
import { certificationRuleSchema, type CertificationRule } from '../metrics/certify';
import type { Correction } from '../metrics/multiplicity';

export const reportSchema = z.object({
  version: z.literal(1),
  input: z.string(),
  annotators: z.array(z.string()),
  items: z.object({ total: z.number().int().nonnegative(), labeled: z.number().int().nonnegative() }),
  /** How the numbers were computed, so a reader of the JSON alone can interpret them. */
  method: z.object({
    intervals: z.string(),
    bootstrap: z.object({ resamples: z.number().int(), seed: z.number().int(), minUnits: z.number().int() }),
    eceBins: z.number().int(),
    positiveClass: z.string(),
    annotatorRule: z.string(),
  }),
  comparison: comparisonSummarySchema,
  calibration: z.object({
    traits: z.array(traitCalibrationSchema),
    pairwise: z.array(pairwiseAccuracySchema),
    /** Graders' scores (named for no trait, e.g. Inspect scorers) against the human preference, per benchmark. */
    gradersByBenchmark: z.array(z.object({ benchmark: z.string(), pairwise: z.array(pairwiseAccuracySchema) })).optional(),
  }),
  agreement: z.array(agreementSchema),
  /** In a campaign with adjudicators: items they settled, and how often they overruled the annotators' majority preference. */
  adjudication: z.object({ adjudicators: z.array(z.string()), items: z.number().int().nonnegative(), overruled: z.number().int().nonnegative() }).optional(),
  /** Score → P(ok) maps per trait, to apply in a pipeline (see `calibrationMapSchema`). */
  maps: z.array(calibrationMapSchema),
  /** Every win rate and violation rate human-only and prediction-powered, and the corrected headline (docs/statistics.md). */
  predictionPowered: poweredSectionSchema.optional(),
  /** Each judge's TPR / TNR / AUC on the test split against the rule, and its corrected violation rate. */
  certification: certificationSectionSchema.optional(),
  /** Guideline versions stamped on the labels; agreement and calibration per version when they differ. */
  guidelineVersions: guidelineVersionsSchema.optional(),
  /** Where in a trajectory violations occur (items with step verdicts or spans only). */
  trajectory: trajectorySectionSchema.optional(),
});

export type Report = z.infer<typeof reportSchema>;

export interface ReportContext {
  input: string;
  annotators: readonly string[];
  totalItems: number;
  seed?: number;
  resamples?: number;
  adjudication?: Report['adjudication'];
  /**
   * Agreement is between the annotators' own labels: with adjudicators, the same items observed
   * without them (an adjudicated item is one where annotators disagreed; its decision would hide
   * that). Default: `observations`.
   */
  agreementObservations?: readonly Observation[];
  /** Every item, labeled or not, with its scores: enables the prediction-powered section and certification. */
  population?: readonly PopulationItem[];
  /** The score the predictor reads (default `overall`). */
  predictor?: string;
  /** Multiplicity correction of the headline (default Holm). */
  correction?: Correction;
  /** The active design of the labels folder, if there is one. */
  design?: SelectionDesign;
  certificationRule?: CertificationRule;
}

/** The comparison summary, calibration and agreement report over the labeled items. */
export function buildReport(observations: readonly Observation[], context: ReportContext): Report {
  const seed = context.seed ?? defaultSeed;
  const boot: BootstrapOptions = { seed, resamples: context.resamples ?? 1000, minCount: 10 };
  const traits = scoredTraits(observations);
  const trajectory = trajectorySection(observations.map((o) => o.trajectory));
  return {
    version: 1,
    input: context.input,
    annotators: [...context.annotators],
    items: { total: context.totalItems, labeled: observations.length },
    method: {
      intervals:
        'win rates, violation rates and pairwise accuracy: 95 % Wilson score intervals (persona change: Newcombe); ' +
        'AUC, Brier, ECE, kappa, alpha and rubric means: 95 % percentile bootstrap over units, seeded',
      bootstrap: { resamples: boot.resamples!, seed, minUnits: boot.minCount! },
      eceBins: defaultBins,
      positiveClass: 'ok (a score is read as the probability that humans judge the side ok on the trait)',
      annotatorRule: 'several annotators: the value more than half of them gave; otherwise left out',
    },
    comparison: summarizeComparison(observations, { seed }),
    calibration: {
      traits: traits.map((t) => calibrateTrait(observations, t, boot)),
      pairwise: pairwiseAccuracies(observations),
      gradersByBenchmark: graderAgreementByBenchmark(observations),
    },
    agreement: agreement(context.agreementObservations ?? observations, boot),
    ...(context.adjudication && { adjudication: context.adjudication }),
    maps: traits.flatMap((t) => fitMaps(observations, t)),
    guidelineVersions: guidelineVersions(observations, context.agreementObservations ?? observations, boot),
    ...(trajectory && { trajectory }),
    ...(context.population && observations[0] && {
      predictionPowered: poweredSection(observations, context.population, observations[0].sides, {
        seed,
        predictor: context.predictor ?? defaultPredictor,
        correction: context.correction ?? 'holm',
        ...(context.design && { design: context.design }),
      }),
      certification: certifyJudges(observations, context.population, context.certificationRule ?? certificationRuleSchema.parse({})).section,
    }),
  };
}

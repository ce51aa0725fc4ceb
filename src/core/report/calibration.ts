import { z } from 'zod';
import { extent } from 'd3-array';
import { judgementKey, majority, type Judgement } from '../labels/humanLabels';
import { rocAuc } from '../metrics/rocAuc';
import { brierScore } from '../metrics/brier';
import { binEdges, binOf, defaultBins, expectedCalibrationError, reliabilityBins, reliabilityBinSchema } from '../metrics/ece';
import { fitPlatt } from '../metrics/platt';
import { fitIsotonic } from '../metrics/isotonic';
import { wilsonInterval } from '../metrics/wilson';
import type { CalibrationMap } from '../metrics/calibrationMap';
import type { BootstrapOptions } from '../metrics/bootstrap';
import { estimate, estimateSchema, at } from './estimate';
import { preferredTraits, type Observation } from './observations';

export const overallScore = 'overall';

export const histogramSchema = z.object({
  edges: z.array(z.number()),
  /** Counts per bin of the scores humans labeled ok / violation. */
  ok: z.array(z.number().int()),
  violation: z.array(z.number().int()),
});

export const traitCalibrationSchema = z.object({
  trait: z.string(),
  /** (item, side) pairs with both a score and a human label (majority of annotators). */
  n: z.number().int().nonnegative(),
  ok: z.number().int().nonnegative(),
  violation: z.number().int().nonnegative(),
  /** Pairs with a score whose annotators split evenly: left out. */
  noMajority: z.number().int().nonnegative(),
  scoreRange: z.tuple([z.number(), z.number()]).nullable(),
  /** All scores lie in [0, 1], so they are read as P(ok) for Brier, ECE and the reliability diagram. */
  probabilities: z.boolean(),
  auc: estimateSchema,
  brier: estimateSchema.nullable(),
  ece: estimateSchema.nullable(),
  reliability: z.array(reliabilityBinSchema),
  histogram: histogramSchema,
});

export const pairwiseAccuracySchema = z.object({
  /** `overall` (overall score vs overall preference) or a trait (its score vs its per-trait preference). */
  key: z.string(),
  /** Items with both sides scored and a majority human preference for one side. */
  n: z.number().int().nonnegative(),
  agree: z.number().int().nonnegative(),
  disagree: z.number().int().nonnegative(),
  /** Equal scores on both sides: counted half. */
  rmTies: z.number().int().nonnegative(),
  /** Items with scores whose human preference was tie, both_bad or had no majority: left out. */
  excluded: z.number().int().nonnegative(),
  accuracy: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
});

export type Histogram = z.infer<typeof histogramSchema>;
export type TraitCalibration = z.infer<typeof traitCalibrationSchema>;
export type PairwiseAccuracy = z.infer<typeof pairwiseAccuracySchema>;

interface Sample {
  score: number;
  /** 1 = humans judged the side ok on the trait, 0 = violation. */
  label: number;
}

/** The human label of a trait on a side, resolved across annotators by majority. */
export function humanLabel(o: Observation, side: string, trait: string): Judgement | 'no_majority' | undefined {
  const key = judgementKey(side, trait);
  const votes: Judgement[] = [];
  for (const a of o.annotators) {
    const j = a.judgements.get(key);
    if (j) votes.push(j);
  }
  const m = majority(votes);
  return m.kind === 'winner' ? m.value : m.kind === 'no_majority' ? 'no_majority' : undefined;
}

/** The traits anyone judged (a verdict or a span) on these items. */
export function judgedTraits(observations: readonly Observation[]): Set<string> {
  const out = new Set<string>();
  for (const o of observations) for (const a of o.annotators) for (const key of a.judgements.keys()) out.add(key.slice(key.indexOf('\u0000') + 1));
  return out;
}

/**
 * A side's human label as a whole, for a grader's score that names no trait (an Inspect scorer
 * such as `match`): a violation when the majority label of any trait on the side is a
 * violation, ok when at least one trait is ok and none is a violation.
 */
export function sideLabel(o: Observation, side: string, traits: ReadonlySet<string>): Judgement | 'no_majority' | undefined {
  let ok = false;
  let split = false;
  for (const t of traits) {
    const l = humanLabel(o, side, t);
    if (l === 'violation') return 'violation';
    if (l === 'ok') ok = true;
    if (l === 'no_majority') split = true;
  }
  return ok ? 'ok' : split ? 'no_majority' : undefined;
}

/** Traits with reward-model scores on any labeled item, `overall` aside. */
export function scoredTraits(observations: readonly Observation[]): string[] {
  const traits = new Set<string>();
  for (const o of observations) for (const s of o.scores) for (const t of Object.keys(s ?? {})) if (t !== overallScore) traits.add(t);
  return [...traits].sort();
}

function samplesFor(observations: readonly Observation[], trait: string): { samples: Sample[]; noMajority: number } {
  const samples: Sample[] = [];
  let noMajority = 0;
  const judged = judgedTraits(observations);
  // A score named for a trait is read against that trait's label; a grader's, against the side's.
  const grader = !judged.has(trait);
  for (const o of observations) {
    o.sides.forEach((side, i) => {
      const score = o.scores[i]?.[trait];
      if (typeof score !== 'number' || !Number.isFinite(score)) return;
      const label = grader ? sideLabel(o, side, judged) : humanLabel(o, side, trait);
      if (label === 'no_majority') noMajority++;
      else if (label) samples.push({ score, label: label === 'ok' ? 1 : 0 });
    });
  }
  return { samples, noMajority };
}

function histogram(samples: readonly Sample[], probabilities: boolean): Histogram {
  let edges: number[];
  if (probabilities) edges = binEdges(defaultBins);
  else if (samples.length === 0) edges = [];
  else {
    // extent, not Math.min(...xs): spreading 100k+ arguments overflows the stack.
    const [lo, hi] = extent(samples, (s) => s.score) as [number, number];
    const width = hi > lo ? (hi - lo) / defaultBins : 1;
    edges = Array.from({ length: defaultBins + 1 }, (_, i) => (i === defaultBins && hi > lo ? hi : lo + i * width));
  }
  const bins = Math.max(0, edges.length - 1);
  const ok = new Array<number>(bins).fill(0);
  const violation = new Array<number>(bins).fill(0);
  for (const s of samples) {
    const b = probabilities ? binOf(s.score, edges) : Math.min(bins - 1, Math.floor(((s.score - edges[0]!) / (edges[bins]! - edges[0]! || 1)) * bins));
    (s.label === 1 ? ok : violation)[b]!++;
  }
  return { edges, ok, violation };
}

/**
 * Human-vs-reward-model agreement for one trait: ROC-AUC of the score against the human label
 * (ok = positive, so a score where higher means better gives AUC > ½), and when the scores are
 * probabilities the Brier score, ECE over 10 equal-width bins and the reliability diagram;
 * bootstrap intervals over (item, side) pairs.
 */
export function calibrateTrait(observations: readonly Observation[], trait: string, boot: BootstrapOptions): TraitCalibration {
  const { samples, noMajority } = samplesFor(observations, trait);
  const n = samples.length;
  const labels = samples.map((s) => s.label);
  const scores = samples.map((s) => s.score);
  const ok = labels.reduce((s, y) => s + y, 0);
  const probabilities = n > 0 && scores.every((s) => s >= 0 && s <= 1);
  const metric = (f: (y: readonly number[], p: readonly number[]) => number | null) => (idx?: Uint32Array) => f(at(labels, idx), at(scores, idx));
  return {
    trait,
    n,
    ok,
    violation: n - ok,
    noMajority,
    scoreRange: n > 0 ? (extent(scores) as [number, number]) : null,
    probabilities,
    auc: estimate(n, metric(rocAuc), boot),
    brier: probabilities ? estimate(n, metric(brierScore), boot) : null,
    ece: probabilities ? estimate(n, metric(expectedCalibrationError), boot) : null,
    reliability: probabilities ? reliabilityBins(labels, scores) : [],
    histogram: histogram(samples, probabilities),
  };
}

/** Maps need both labels present and ten samples; fewer and the fit only memorises them. */
export const minSamplesForMap = 10;

/** Platt and isotonic score → P(ok) maps for a trait, when its samples allow a fit. */
export function fitMaps(observations: readonly Observation[], trait: string): CalibrationMap[] {
  const { samples } = samplesFor(observations, trait);
  const ok = samples.filter((s) => s.label === 1).length;
  if (samples.length < minSamplesForMap || ok === 0 || ok === samples.length) return [];
  const scores = samples.map((s) => s.score);
  const labels = samples.map((s) => s.label);
  const platt = fitPlatt(scores, labels)!;
  const isotonic = fitIsotonic(scores, labels)!;
  return [
    { trait, method: 'platt', params: platt },
    { trait, method: 'isotonic', thresholds: isotonic },
  ];
}

/**
 * How often the reward model prefers (scores higher) the side humans preferred. The human side
 * is the majority preference; ties, both_bad and splits are left out and counted.
 */
export function pairwiseAccuracy(observations: readonly Observation[], key: string, againstOverall = key === overallScore): PairwiseAccuracy {
  let n = 0, agree = 0, disagree = 0, rmTies = 0, excluded = 0;
  for (const o of observations) {
    const a = o.scores[0]?.[key];
    const b = o.scores[1]?.[key];
    if (typeof a !== 'number' || typeof b !== 'number') continue;
    const votes: string[] = [];
    for (const x of o.annotators) {
      const v = againstOverall ? x.preference : x.traitPreferences.get(key);
      if (v !== undefined) votes.push(v);
    }
    if (votes.length === 0) continue;
    const m = majority(votes);
    const human = m.kind === 'winner' ? o.sides.indexOf(m.value) : -1;
    if (human < 0) {
      excluded++;
      continue;
    }
    n++;
    if (a === b) rmTies++;
    else if ((b > a ? 1 : 0) === human) agree++;
    else disagree++;
  }
  const hits = agree + rmTies / 2;
  return { key, n, agree, disagree, rmTies, excluded, accuracy: n > 0 ? hits / n : null, interval: wilsonInterval(hits, n) };
}

/** Pairwise accuracy for the overall score and for each trait with per-trait preferences and scores. */
export function pairwiseAccuracies(observations: readonly Observation[]): PairwiseAccuracy[] {
  const keys = new Set<string>([overallScore, ...preferredTraits(observations)]);
  // Graders' scores (named for no trait: Inspect's `match`, `rubric.accuracy`) against the overall preference.
  const judged = judgedTraits(observations);
  const graders = new Set<string>();
  for (const k of scoredTraits(observations)) if (!keys.has(k) && !judged.has(k)) graders.add(k);
  return [...keys, ...graders]
    .sort((x, y) => (x === overallScore ? -1 : y === overallScore ? 1 : x.localeCompare(y)))
    .map((k) => pairwiseAccuracy(observations, k, k === overallScore || graders.has(k)))
    .filter((p) => p.key === overallScore || p.n + p.excluded > 0);
}

/**
 * Per benchmark (an Inspect task), each grader's pairwise accuracy against the human preference:
 * which tasks' graders humans agree with. Only scores named for no trait, only with items.
 */
export function graderAgreementByBenchmark(observations: readonly Observation[]): { benchmark: string; pairwise: PairwiseAccuracy[] }[] {
  const judged = judgedTraits(observations);
  const graders = scoredTraits(observations).filter((k) => !judged.has(k));
  if (!graders.length) return [];
  const groups = new Map<string, Observation[]>();
  for (const o of observations) if (o.benchmark !== undefined) groups.set(o.benchmark, [...(groups.get(o.benchmark) ?? []), o]);
  return [...groups.keys()].sort().map((benchmark) => ({
    benchmark,
    pairwise: graders.map((k) => pairwiseAccuracy(groups.get(benchmark)!, k, true)).filter((p) => p.n + p.excluded > 0),
  }));
}

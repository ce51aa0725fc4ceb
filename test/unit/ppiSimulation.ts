import { seededRandom } from '../../src/core/metrics/random';
import { crossFitPredictions, type CrossFitUnit } from '../../src/core/metrics/crossFit';
import { activePpiMean, ppiMean } from '../../src/core/metrics/ppi';
import { wilsonInterval } from '../../src/core/metrics/wilson';
import { inclusionProbabilities, uncertainty } from '../../src/core/metrics/activeDesign';

/**
 * Simulated datasets for the coverage tests: N items with a latent x ~ N(0, 1); humans prefer the
 * second side with probability σ(β·x + β₀); the predictor's score is x (good, fair), a squashed
 * probability of it (miscalibrated) or noise (useless).
 */
export type Predictor = 'good' | 'fair' | 'miscalibrated' | 'useless';
export type Selection = 'uniform' | 'active';

export interface Setting {
  predictor: Predictor;
  share: number;
  selection: Selection;
}

// β for AUC ≈ 0.95 (good) and ≈ 0.85 (fair) of x against the outcome; β₀ puts the win rate near 0.6.
const slope: Record<Predictor, number> = { good: 6, fair: 2.2, miscalibrated: 6, useless: 2.2 };
const intercept = 0.5;

export function trueRate(p: Predictor): number {
  // E σ(βx + β₀) by the trapezoid rule on ±8 sd: exact to 1e-9.
  let s = 0;
  const h = 0.001;
  for (let x = -8; x <= 8; x += h) s += logistic(slope[p] * x + intercept) * Math.exp(-x * x / 2);
  return (s * h) / Math.sqrt(2 * Math.PI);
}

export interface Outcome {
  covered: boolean;
  width: number;
  /** Wilson width on the same labels (uniform only). */
  wilsonWidth: number | null;
  wilsonCovered: boolean | null;
  labeled: number;
  auc?: number;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** Box–Muller, both halves used. */
function gaussian(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const t = 2 * Math.PI * random();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
}

const order = new Uint32Array(100_000);

export function simulate(setting: Setting, N: number, seed: number, truth: number): Outcome {
  const random = seededRandom(seed);
  const gauss = gaussian(random);
  const b = slope[setting.predictor];
  const xs = new Float64Array(N);
  const ys = new Float64Array(N);
  const scores = new Float64Array(N);
  const design = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const x = gauss();
    const p = logistic(b * x + intercept);
    xs[i] = x;
    ys[i] = random() < p ? 1 : 0;
    if (setting.predictor === 'useless') scores[i] = gauss();
    else if (setting.predictor === 'miscalibrated') scores[i] = logistic(0.3 * b * x + 2); // right order, far too sure of "win"
    else scores[i] = x;
    // The design's probability: a map fitted before these labels (here the true curve; noise for useless).
    design[i] = setting.predictor === 'useless' ? 0.5 : p;
  }
  const budget = Math.round(setting.share * N);
  const labeled = new Uint8Array(N);
  const probability = new Float64Array(N);
  if (setting.selection === 'uniform') {
    // Exactly `budget` items, uniformly without replacement (partial Fisher–Yates).
    for (let i = 0; i < N; i++) order[i] = i;
    for (let k = 0; k < budget; k++) {
      const j = k + Math.floor(random() * (N - k));
      const t = order[k]!;
      order[k] = order[j]!;
      order[j] = t;
      labeled[order[k]!] = 1;
    }
  } else {
    const pi = inclusionProbabilities(Array.from(design, uncertainty), budget);
    for (let i = 0; i < N; i++) {
      probability[i] = pi[i]!;
      if (random() < pi[i]!) labeled[i] = 1;
    }
  }
  const units: CrossFitUnit[] = [];
  for (let i = 0; i < N; i++) units.push({ id: `item-${i}`, score: scores[i]!, ...(labeled[i] ? { y: ys[i]! } : {}) });
  const f = crossFitPredictions(units, { seed });
  let est;
  if (setting.selection === 'uniform') {
    const lab: { y: number; f: number }[] = [];
    const unl: number[] = [];
    for (let i = 0; i < N; i++) {
      if (labeled[i]) lab.push({ y: ys[i]!, f: f[i]! });
      else unl.push(f[i]!);
    }
    est = ppiMean(lab, unl);
  } else {
    est = activePpiMean(units.map((u, i) => ({ f: f[i]!, ...(u.y !== undefined && { y: u.y, probability: probability[i]! }) })));
  }
  let n = 0, sum = 0;
  for (let i = 0; i < N; i++) if (labeled[i]) {
    n++;
    sum += ys[i]!;
  }
  const w = setting.selection === 'uniform' ? wilsonInterval(sum, n) : null;
  const iv = est.interval ?? [0, 1];
  return {
    covered: iv[0] <= truth && truth <= iv[1],
    width: iv[1] - iv[0],
    wilsonWidth: w ? w[1] - w[0] : null,
    wilsonCovered: w ? w[0] <= truth && truth <= w[1] : null,
    labeled: n,
  };
}

export interface Summary {
  coverage: number;
  meanWidth: number;
  meanWilsonWidth: number | null;
  wilsonCoverage: number | null;
  meanLabeled: number;
}

export function run(setting: Setting, datasets: number, N: number, seed: number): Summary {
  const truth = trueRate(setting.predictor);
  let covered = 0, width = 0, wilson = 0, wilsonCovered = 0, labeled = 0;
  for (let d = 0; d < datasets; d++) {
    const o = simulate(setting, N, seed + d * 7919, truth);
    if (o.covered) covered++;
    width += o.width;
    wilson += o.wilsonWidth ?? 0;
    if (o.wilsonCovered) wilsonCovered++;
    labeled += o.labeled;
  }
  const uniform = setting.selection === 'uniform';
  return {
    coverage: covered / datasets,
    meanWidth: width / datasets,
    meanWilsonWidth: uniform ? wilson / datasets : null,
    wilsonCoverage: uniform ? wilsonCovered / datasets : null,
    meanLabeled: labeled / datasets,
  };
}

/** Parameters of p(x) = 1 / (1 + exp(−(a · x + b))). */
export interface LogisticParams {
  a: number;
  b: number;
}

/** The logistic function, in two branches so that exp never overflows. */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function applyLogistic(params: LogisticParams, score: number): number {
  return logistic(params.a * score + params.b);
}

/**
 * Logistic regression of targets in [0, 1] on one score: the minimiser of the cross-entropy
 * Σ −[t log p + (1 − t) log(1 − p)] plus `ridge`/2 · a², by Newton's method with a backtracking
 * line search (a full step can overshoot far from the optimum on skewed data). The loss is convex,
 * so the result is its unique minimum to machine precision whenever one exists; with `ridge` > 0 it
 * always exists. Starts at a = 0 and b = logit of the mean target (clipped to (0, 1)), which is the
 * answer when the scores carry nothing. `targets.length` must equal `scores.length` ≥ 1.
 */
export function fitLogistic(scores: readonly number[], targets: readonly number[], ridge = 0): LogisticParams {
  const n = scores.length;
  let mean = 0;
  for (const t of targets) mean += t;
  mean /= n;
  const clipped = Math.min(1 - 0.5 / n, Math.max(0.5 / n, mean));
  let a = 0;
  let b = Math.log(clipped / (1 - clipped));
  let loss = penalisedLoss(scores, targets, ridge, a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = ridge * a, gb = 0, haa = ridge, hab = 0, hbb = 0;
    for (let i = 0; i < n; i++) {
      const s = scores[i]!;
      const p = logistic(a * s + b);
      const d = p - targets[i]!;
      const w = p * (1 - p);
      ga += d * s;
      gb += d;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    let da = (hbb * ga - hab * gb) / det;
    let db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = penalisedLoss(scores, targets, ridge, a - da, b - db);
    while (next > loss && step > 1e-10) {
      step /= 2;
      next = penalisedLoss(scores, targets, ridge, a - step * da, b - step * db);
    }
    da *= step;
    db *= step;
    a -= da;
    b -= db;
    loss = Math.min(loss, next);
    if (Math.abs(da) <= 1e-15 * Math.max(1, Math.abs(a)) && Math.abs(db) <= 1e-15 * Math.max(1, Math.abs(b))) break;
  }
  return { a, b };
}

/** The cross-entropy in its log-sum-exp form (finite for large |x|), plus the ridge on the slope. */
function penalisedLoss(scores: readonly number[], targets: readonly number[], ridge: number, a: number, b: number): number {
  let sum = (ridge * a * a) / 2;
  for (let i = 0; i < scores.length; i++) {
    const x = a * scores[i]! + b;
    const softplus = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)); // log(1 + e^x)
    sum += softplus - targets[i]! * x;
  }
  return sum;
}

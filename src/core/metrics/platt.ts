/** Parameters of a Platt map: p(score) = 1 / (1 + exp(−(a · score + b))). */
export interface PlattParams {
  a: number;
  b: number;
}

/**
 * Platt scaling (Platt 1999): a logistic fit of the binary labels on the score, with Platt's
 * smoothed targets (N₊+1)/(N₊+2) and 1/(N₋+2) in place of 1 and 0, so the fit exists even when
 * the classes separate perfectly. Solved by Newton's method to machine precision; agrees with
 * sklearn's unregularised `LogisticRegression` on the same soft targets. `null` for no samples.
 */
export function fitPlatt(scores: readonly number[], labels: readonly number[]): PlattParams | null {
  const n = scores.length;
  if (labels.length !== n) throw new RangeError(`fitPlatt: ${n} scores but ${labels.length} labels`);
  if (n === 0) return null;
  let positives = 0;
  for (const y of labels) if (y === 1) positives++;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (n - positives + 2);
  const targets = labels.map((y) => (y === 1 ? hi : lo));
  const meanTarget = targets.reduce((s, t) => s + t, 0) / n;

  const first = scores[0]!;
  if (scores.every((s) => s === first)) return { a: 0, b: Math.log(meanTarget / (1 - meanTarget)) };

  let a = 0;
  let b = Math.log(meanTarget / (1 - meanTarget));
  let loss = crossEntropy(scores, targets, a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < n; i++) {
      const s = scores[i]!;
      const p = sigmoid(a * s + b);
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
    // Backtrack if a full step does not lower the loss (far from the optimum on skewed data).
    let step = 1;
    let next = crossEntropy(scores, targets, a - da, b - db);
    while (next > loss && step > 1e-10) {
      step /= 2;
      next = crossEntropy(scores, targets, a - step * da, b - step * db);
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

export function applyPlatt(params: PlattParams, score: number): number {
  return sigmoid(params.a * score + params.b);
}

function sigmoid(x: number): number {
  // Two branches so that exp never overflows.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Σ −[t log p + (1 − t) log(1 − p)], in the log-sum-exp form that stays finite for large |x|. */
function crossEntropy(scores: readonly number[], targets: readonly number[], a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const x = a * scores[i]! + b;
    const softplus = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)); // log(1 + e^x)
    sum += softplus - targets[i]! * x;
  }
  return sum;
}

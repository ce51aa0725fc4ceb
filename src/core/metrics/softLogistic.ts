/** Parameters of p(x) = 1 / (1 + exp(−(a · x + b))). */
export interface LogisticParams {
  a: number;
  b: number;
}

/**
 * Logistic regression of targets in [0, 1] (a tie scores ½) on one score, by Newton's method on
 * the cross-entropy with a ridge on the (standardised) slope, `ridge` · n · a²/2 (default 0.05), so that the
 * fit exists when the classes separate. This is the calibration map of the prediction-powered
 * estimates: score → probability of the human outcome. Platt's smoothed targets (`fitPlatt`) are
 * for binary labels; here the targets are used as they are. `null` for no samples.
 */
export function fitSoftLogistic(scores: readonly number[], targets: readonly number[], ridge = 0.05): LogisticParams | null {
  const n = scores.length;
  if (targets.length !== n) throw new RangeError(`fitSoftLogistic: ${n} scores but ${targets.length} targets`);
  if (n === 0) return null;
  let mean = 0;
  for (const t of targets) mean += t;
  mean /= n;
  const clipped = Math.min(1 - 0.5 / n, Math.max(0.5 / n, mean));
  let a = 0;
  let b = Math.log(clipped / (1 - clipped));
  const penalty = ridge * n;
  for (let iter = 0; iter < 50; iter++) {
    let ga = penalty * a, gb = 0, haa = penalty, hab = 0, hbb = 0;
    for (let i = 0; i < n; i++) {
      const s = scores[i]!;
      const p = logistic(a * s + b);
      const d = p - targets[i]!;
      const w = Math.max(p * (1 - p), 1e-12);
      ga += d * s;
      gb += d;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}

export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function applyLogistic(params: LogisticParams, score: number): number {
  return logistic(params.a * score + params.b);
}

/** An isotonic map as breakpoints: p(score) is linear between them and flat beyond the ends. */
export interface IsotonicThresholds {
  x: number[];
  p: number[];
}

/**
 * Isotonic regression of binary labels on the score (non-decreasing), returned as the
 * breakpoints sklearn's `IsotonicRegression(out_of_bounds="clip")` keeps in `X_thresholds_` /
 * `y_thresholds_`. The steps follow sklearn's so the breakpoints agree exactly: sort by score
 * (then label), merge scores closer than 1e-15 (float64 resolution) into their weighted mean
 * label, pool adjacent violators, then drop interior points of flat runs. `null` for no samples.
 */
export function fitIsotonic(scores: readonly number[], labels: readonly number[]): IsotonicThresholds | null {
  const n = scores.length;
  if (labels.length !== n) throw new RangeError(`fitIsotonic: ${n} scores but ${labels.length} labels`);
  if (n === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[i]! - scores[j]! || labels[i]! - labels[j]!);

  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  const resolution = 1e-15;
  let currentX = scores[order[0]!]!;
  let sumWy = 0;
  let sumW = 0;
  for (const i of order) {
    const x = scores[i]!;
    if (x - currentX >= resolution) {
      xs.push(currentX);
      ys.push(sumWy / sumW);
      ws.push(sumW);
      currentX = x;
      sumWy = 0;
      sumW = 0;
    }
    sumWy += labels[i]!;
    sumW += 1;
  }
  xs.push(currentX);
  ys.push(sumWy / sumW);
  ws.push(sumW);

  poolAdjacentViolators(ys, ws);

  const keepX: number[] = [];
  const keepP: number[] = [];
  for (let i = 0; i < ys.length; i++) {
    const interiorOfFlat = i > 0 && i < ys.length - 1 && ys[i - 1] === ys[i] && ys[i] === ys[i + 1];
    if (interiorOfFlat) continue;
    keepX.push(xs[i]!);
    keepP.push(ys[i]!);
  }
  return { x: keepX, p: keepP };
}

/** Applies the map as `numpy.interp` does: linear between breakpoints, clipped at the ends. */
export function applyIsotonic(map: IsotonicThresholds, score: number): number {
  const { x, p } = map;
  const last = x.length - 1;
  if (last < 0) return Number.NaN;
  if (score <= x[0]!) return p[0]!;
  if (score >= x[last]!) return p[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! <= score) lo = mid;
    else hi = mid;
  }
  const slope = (p[hi]! - p[lo]!) / (x[hi]! - x[lo]!);
  return slope * (score - x[lo]!) + p[lo]!;
}

/**
 * In-place pool-adjacent-violators, the single-pass variant with backtracking that sklearn's
 * `_inplace_contiguous_isotonic_regression` uses (equal neighbours are pooled too), so the
 * pooled means are summed in the same order and come out bit-identical.
 */
function poolAdjacentViolators(y: number[], w: number[]): void {
  const n = y.length;
  const target = Array.from({ length: n }, (_, i) => i);
  let i = 0;
  while (i < n) {
    let k = target[i]! + 1;
    if (k === n) break;
    if (y[i]! < y[k]!) {
      i = k;
      continue;
    }
    let sumWy = w[i]! * y[i]!;
    let sumW = w[i]!;
    for (;;) {
      const prevY = y[k]!;
      sumWy += w[k]! * y[k]!;
      sumW += w[k]!;
      k = target[k]! + 1;
      if (k === n || prevY < y[k]!) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1]!;
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = target[i]! + 1;
    for (let j = i + 1; j < k; j++) y[j] = y[i]!;
    i = k;
  }
}

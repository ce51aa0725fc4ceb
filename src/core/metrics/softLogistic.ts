import { fitLogistic, type LogisticParams } from './logistic';

/**
 * Logistic regression of targets in [0, 1] (a tie scores ½) on one score, with a ridge on the
 * slope, `ridge` · n · a²/2 (default 0.05), so that the fit exists when the classes separate. This
 * is the calibration map of the prediction-powered estimates: score → probability of the human
 * outcome. Platt's smoothed targets (`fitPlatt`) are for binary labels; here the targets are used
 * as they are. `null` for no samples.
 */
export function fitSoftLogistic(scores: readonly number[], targets: readonly number[], ridge = 0.05): LogisticParams | null {
  const n = scores.length;
  if (targets.length !== n) throw new RangeError(`fitSoftLogistic: ${n} scores but ${targets.length} targets`);
  if (n === 0) return null;
  return fitLogistic(scores, targets, ridge * n);
}

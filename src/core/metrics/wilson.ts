/** The normal quantile for a two-sided 95 % interval, Φ⁻¹(0.975), as scipy prints it. */
export const z95 = 1.959963984540054;

/**
 * Wilson score interval for a proportion `successes / n`. Unlike the normal approximation it
 * stays inside [0, 1] and is honest at small n (3 of 3 gives [0.44, 1], not [1, 1]).
 * `successes` may be fractional (ties counted half). `null` for n = 0.
 */
export function wilsonInterval(successes: number, n: number, z = z95): [number, number] | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Newcombe's hybrid score interval (method 10, 1998) for the difference of two independent
 * proportions p₁ − p₂, built from their Wilson intervals. `null` when either n is 0.
 */
export function newcombeInterval(s1: number, n1: number, s2: number, n2: number, z = z95): [number, number] | null {
  const w1 = wilsonInterval(s1, n1, z);
  const w2 = wilsonInterval(s2, n2, z);
  if (!w1 || !w2) return null;
  const p1 = s1 / n1;
  const p2 = s2 / n2;
  const d = p1 - p2;
  const lower = d - Math.sqrt((p1 - w1[0]) ** 2 + (w2[1] - p2) ** 2);
  const upper = d + Math.sqrt((w1[1] - p1) ** 2 + (p2 - w2[0]) ** 2);
  return [Math.max(-1, lower), Math.min(1, upper)];
}

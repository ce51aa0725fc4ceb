/**
 * Normal and Student-t distribution helpers for the prediction-powered intervals and the
 * multiplicity-corrected headline. Pure and dependency-free: a handful of lines each.
 */

/**
 * Φ(x), the standard normal CDF, through erfc (the Chebyshev fit `erfcc` of Numerical Recipes in C,
 * 2nd ed. §6.2, fractional error < 1.2e-7): enough for p-values compared with 0.05 / k.
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Two-sided p-value of a z statistic: 2 · (1 − Φ(|z|)). */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return 1;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * The Student-t quantile t_{ν, 1−α/2} from the normal one by the Cornish–Fisher expansion
 * (Abramowitz & Stegun 26.7.5): z + (z³+z)/4ν + (5z⁵+16z³+3z)/96ν² + (3z⁷+19z⁵+17z³−15z)/384ν³.
 * At ν = 10 it is within 2e-4 of the exact 2.228; larger ν only closer. Used so that intervals from
 * a few dozen labels are not the too-narrow normal ones.
 */
export function studentQuantile(z: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) return z;
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/**
 * Cohen's κ for two raters over the same units: 1 − (observed disagreement / disagreement
 * expected from the raters' marginals), computed as sklearn's `cohen_kappa_score` does
 * (unweighted). `null` when no disagreement is expected (both raters used one and the same
 * category throughout): κ is 0/0 there, and sklearn returns NaN.
 */
export function cohenKappa(a: readonly string[], b: readonly string[]): number | null {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`cohenKappa: ${n} ratings against ${b.length}`);
  if (n === 0) return null;
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  let disagreements = 0;
  for (let i = 0; i < n; i++) {
    countA.set(a[i]!, (countA.get(a[i]!) ?? 0) + 1);
    countB.set(b[i]!, (countB.get(b[i]!) ?? 0) + 1);
    if (a[i] !== b[i]) disagreements++;
  }
  // Expected disagreement: Σ over off-diagonal cells of rowSum·colSum / n.
  let sameCell = 0;
  for (const [category, ca] of countA) sameCell += (ca * (countB.get(category) ?? 0)) / n;
  const expected = n - sameCell;
  if (expected === 0) return null;
  return 1 - disagreements / expected;
}

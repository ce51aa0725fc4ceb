/**
 * Krippendorff's α for nominal data with missing values (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability", section C), through the coincidence matrix:
 * α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k.
 *
 * `units[u]` holds the values the coders gave unit u; `null`/`undefined` is a missing value and
 * units with fewer than two values are not pairable and drop out. `null` when nothing is
 * pairable or all pairable values are the same (no variation: α is 0/0).
 */
export function krippendorffAlphaNominal(units: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): number | null {
  const totals = new Map<string | number, number>();
  let n = 0;
  let observed = 0;
  const values: (string | number)[] = [];
  for (const unit of units) {
    values.length = 0;
    for (const v of unit) if (v !== null && v !== undefined) values.push(v);
    const m = values.length;
    if (m < 2) continue;
    // Σ_c count_c² = m + 2 · (equal pairs): a unit has a handful of coders, so pairs beat a Map.
    let equalPairs = 0;
    for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) if (values[i] === values[j]) equalPairs++;
    const sameSquares = m + 2 * equalPairs;
    for (const v of values) totals.set(v, (totals.get(v) ?? 0) + 1);
    // Off-diagonal coincidences of this unit: (m² − Σ_c count_c²) / (m − 1).
    observed += (m * m - sameSquares) / (m - 1);
    n += m;
  }
  if (n === 0) return null;
  let totalSquares = 0;
  for (const c of totals.values()) totalSquares += c * c;
  const expected = n * n - totalSquares; // Σ_{c≠k} n_c · n_k
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

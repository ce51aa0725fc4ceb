/**
 * Top-level fields that hold a string in every sampled record of both runs: the candidates for
 * joining two runs into pairs. `id` first, then by name.
 */
export function sharedStringFields(a: readonly unknown[], b: readonly unknown[]): string[] {
  const fields = (records: readonly unknown[]) => {
    let common: Set<string> | undefined;
    for (const r of records) {
      if (typeof r !== 'object' || r === null || Array.isArray(r)) continue;
      const keys = new Set(Object.entries(r).filter(([, v]) => typeof v === 'string').map(([k]) => k));
      common = common ? new Set([...common].filter((k) => keys.has(k))) : keys;
    }
    return common ?? new Set<string>();
  };
  const fb = fields(b);
  return [...fields(a)].filter((k) => fb.has(k)).sort((x, y) => (x === 'id' ? -1 : y === 'id' ? 1 : x.localeCompare(y)));
}

/** A join key candidate and how many distinct values it has in the sampled records of each run. */
export interface JoinKeyCandidate {
  field: string;
  /** Distinct values in the sample of each run, and the sample's sizes. */
  distinct: [number, number];
  records: [number, number];
  /** Every sampled record of both runs has its own value: the field can pair records one to one. */
  unique: boolean;
}

/**
 * The shared string fields, unique ones first (`id` first among them), then the rest by how many
 * distinct values they have: a field such as `dataset` (5 values in 805 records) cannot pair runs,
 * and is offered last with its count.
 */
export function rankJoinKeys(a: readonly unknown[], b: readonly unknown[]): JoinKeyCandidate[] {
  const values = (records: readonly unknown[], field: string) => {
    const seen = new Set<string>();
    let n = 0;
    for (const r of records) {
      if (typeof r !== 'object' || r === null || Array.isArray(r)) continue;
      n++;
      const v = (r as Record<string, unknown>)[field];
      if (typeof v === 'string') seen.add(v);
    }
    return [seen.size, n] as const;
  };
  const out = sharedStringFields(a, b).map((field): JoinKeyCandidate => {
    const [da, na] = values(a, field);
    const [db, nb] = values(b, field);
    return { field, distinct: [da, db], records: [na, nb], unique: da === na && db === nb };
  });
  const share = (c: JoinKeyCandidate) => Math.min(c.distinct[0] / Math.max(1, c.records[0]), c.distinct[1] / Math.max(1, c.records[1]));
  return out.sort((x, y) => Number(y.unique) - Number(x.unique) || (x.field === 'id' ? -1 : y.field === 'id' ? 1 : 0) || share(y) - share(x) || x.field.localeCompare(y.field));
}

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

/** `trained.jsonl` → `trained`: a run's side name from its file's base name. */
export function sideNameOf(baseName: string): string {
  return baseName.replace(/\.(jsonl?(\.gz)?|eval|parquet)$/i, '');
}

/** A run file as side naming sees it: its base name and its parent folder's name. */
export interface RunFileName {
  base: string;
  parent: string;
}

/** Base names, qualified by their folder when they are equal (`a/out`, `b/out`); else baseline/trained. */
export function defaultSideNames(a: RunFileName, b: RunFileName): [string, string] {
  const na = sideNameOf(a.base);
  const nb = sideNameOf(b.base);
  if (na !== nb) return [na, nb];
  const qa = `${a.parent}/${na}`;
  const qb = `${b.parent}/${nb}`;
  return qa !== qb ? [qa, qb] : ['baseline', 'trained'];
}

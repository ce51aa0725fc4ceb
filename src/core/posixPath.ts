/**
 * `/`-separated path helpers for URI paths (`vscode.Uri.path`), which are posix on every OS.
 * The browser build has no `node:path`; the desktop keeps using it for file-system paths.
 */

/** `/a/b/c.jsonl` → `c.jsonl`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `/a/b/c.jsonl` → `/a/b`; `/c.jsonl` → `/`. */
export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** `to` relative to the folder `from` (both absolute): `/a/b`, `/a/c/d` → `../c/d`. */
export function relativePath(from: string, to: string): string {
  const a = from.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
}

/**
 * Whether `path` is `folder` or lies under it. Both absolute and spelled alike (real paths or
 * URI strings); backslashes count as `/`; `foldCase` where the file system ignores case.
 */
export function isWithin(path: string, folder: string, foldCase = false): boolean {
  const norm = (p: string) => {
    const slashed = p.replace(/\\/g, '/').replace(/\/+$/, '');
    return foldCase ? slashed.toLowerCase() : slashed;
  };
  const [p, f] = [norm(path), norm(folder)];
  return p === f || p.startsWith(f + '/');
}

/**
 * The paths a manifest inside the workspace reaches outside it (its runs, dataset or labels
 * folder): a repository's manifest may aim labels at `../../.ssh`, so the editor asks before
 * writing there. Empty when the manifest itself is outside every folder (opened by hand from
 * elsewhere, its paths are the user's own) or when there are no folders.
 */
export function pathsOutsideWorkspace(manifest: string, targets: readonly string[], folders: readonly string[], foldCase = false): string[] {
  const inside = (p: string) => folders.some((f) => isWithin(p, f, foldCase));
  if (!inside(manifest)) return [];
  return targets.filter((t) => !inside(t));
}

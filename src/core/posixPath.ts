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

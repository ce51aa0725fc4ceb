/**
 * Best-effort offset of the key a zod path ends at, in the JSON text it was parsed from: each
 * key is searched after the previous one, so `baseline.model` finds the `"model":` inside
 * `"baseline":`, not one in the prompt. Array indices are skipped. Returns the offset of the
 * deepest key found, or -1 when even the first is absent (a missing top-level field).
 */
export function offsetOfPath(text: string, path: readonly PropertyKey[]): number {
  let from = 0;
  let found = -1;
  for (const p of path) {
    if (typeof p !== 'string') continue;
    const m = new RegExp(`${escapeRegExp(JSON.stringify(p))}\\s*:`, 'g');
    m.lastIndex = from;
    const hit = m.exec(text);
    if (!hit) break;
    found = hit.index;
    from = hit.index + 1;
  }
  return found;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** 1-based line and column of a string offset (for multi-line files such as manifests). */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

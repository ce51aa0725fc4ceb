interface Frame {
  array: boolean;
  /** Current element of an array. */
  index: number;
  /** The current member lies on the searched path. */
  on: boolean;
  /** An object expects a key next (after `{` or `,`). */
  wantKey: boolean;
}

/**
 * Offset in a JSON text of the member a zod path points at: the opening quote of its key, or
 * the first character of an array element. When the path runs out of the text (a missing
 * field), the deepest member that exists; -1 when not even the first does. Runs on error paths
 * only, over text that parsed, so it skips strings and trusts the structure.
 */
export function offsetOfPath(text: string, path: readonly PropertyKey[]): number {
  const stack: Frame[] = [];
  let best = -1;
  const onPath = (d: number) => stack.slice(0, d).every((f) => f.on);
  /** Marks the member `m` starting at `at` of the top frame; true when it is the target. */
  const enter = (m: PropertyKey, at: number): boolean => {
    const d = stack.length - 1;
    const f = stack[d]!;
    f.on = d < path.length && onPath(d) && path[d] === m;
    if (f.on) best = at;
    return f.on && d === path.length - 1;
  };
  const n = text.length;
  const skipSpace = (i: number) => {
    while (i < n && /\s/.test(text[i]!)) i++;
    return i;
  };
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    const top = stack[stack.length - 1];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (top && !top.array && top.wantKey) {
        top.wantKey = false;
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return best;
        }
        if (enter(key, i)) return i;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      stack.push({ array: c === '[', index: 0, on: false, wantKey: c === '{' });
      if (c === '[') {
        const at = skipSpace(i + 1);
        if (text[at] !== ']' && enter(0, at)) return at;
      }
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',' && top) {
      if (top.array) {
        top.index++;
        const at = skipSpace(i + 1);
        if (enter(top.index, at)) return at;
      } else top.wantKey = true;
    }
  }
  return best;
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

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

/**
 * Offsets of every top-level key of a JSON object text (the opening quote), in one pass: looking
 * each up with `offsetOfPath` rescans the text per key (16k unknown keys in a 400 KB manifest
 * took 40 s). First occurrence wins, as the key `JSON.parse` keeps is the last but the one a
 * person looks for is the first.
 */
export function topLevelKeyOffsets(text: string): Map<string, number> {
  const out = new Map<string, number>();
  forEachTopLevelKey(text, (key, open) => {
    if (!out.has(key)) out.set(key, open);
  });
  return out;
}

/**
 * Calls `visit` with each top-level key of a JSON object text, in order, and the offsets of its
 * opening and closing quotes: one pass, strings skipped. Stops at a key that is not a valid
 * JSON string (the text is broken there; what was found before still holds).
 */
export function forEachTopLevelKey(text: string, visit: (key: string, open: number, close: number) => void): void {
  let depth = 0;
  let wantKey = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      if (depth === 1 && wantKey) {
        wantKey = false;
        let key: unknown;
        try {
          key = JSON.parse(text.slice(i, j + 1));
        } catch {
          return;
        }
        visit(key as string, i, j);
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 1) wantKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 1) wantKey = true;
  }
}

/** `lineColumnAt` for many offsets of one text: line starts found once, each lookup a binary search. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
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

/** A problem inside one line, before it is given a file and line number. */
export interface LineProblem {
  /** 1-based column in characters of the decoded line; 0 = unknown. */
  column: number;
  message: string;
}

/** Deeper values are rejected: V8 parses them iteratively, but `JSON.stringify`, structured clone and recursive readers overflow the stack on them later. */
export const maxDepth = 1000;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const surrogateEscape = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/**
 * Makes a freshly parsed JSON value safe to hand on, in place: rejects nesting deeper than
 * `maxDepth`, removes own `__proto__` keys (JSON.parse makes them plain properties, but a later
 * `Object.assign` or merge would turn them into prototypes) and replaces lone UTF-16 surrogates
 * (only reachable through `\uD800`-style escapes) with U+FFFD. One walk over objects and arrays;
 * strings are looked at only when the text has a surrogate escape.
 */
export function sanitize(value: unknown, text: string): { ok: true; warnings: LineProblem[] } | { ok: false; problem: LineProblem } {
  const warnings: LineProblem[] = [];
  if (typeof value !== 'object' || value === null) return { ok: true, warnings };
  const stack: object[] = [value];
  const depths: number[] = [1];
  let removedProto = false;
  while (stack.length) {
    const v = stack.pop()!;
    const d = depths.pop()!;
    if (d > maxDepth) return { ok: false, problem: { column: depthColumn(text), message: `nesting deeper than ${maxDepth} levels${at(depthColumn(text))}` } };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const c: unknown = v[i];
        if (typeof c === 'object' && c !== null) {
          stack.push(c);
          depths.push(d + 1);
        }
      }
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(v, '__proto__')) {
      delete (v as Record<string, unknown>)['__proto__'];
      removedProto = true;
    }
    for (const k in v) {
      const c: unknown = (v as Record<string, unknown>)[k];
      if (typeof c === 'object' && c !== null) {
        stack.push(c);
        depths.push(d + 1);
      }
    }
  }
  if (removedProto) {
    const i = text.indexOf('"__proto__"');
    const column = i >= 0 ? i + 1 : 0;
    warnings.push({ column, message: `key \`__proto__\` ignored${at(column)} (it could change object prototypes)` });
  }
  if (text.includes('\\u') && surrogateEscape.test(text)) {
    const column = fixLoneSurrogates(value, text);
    if (column >= 0) warnings.push({ column, message: `lone UTF-16 surrogate${at(column)} replaced with U+FFFD (�)` });
  }
  return { ok: true, warnings };
}

function at(column: number): string {
  return column > 0 ? ` at column ${column}` : '';
}

/** Replaces lone surrogates in every string value; returns the column of the first escape, 0 if not found, -1 if none. */
function fixLoneSurrogates(value: object, text: string): number {
  let found = false;
  const fix = (s: string): string => {
    loneSurrogate.lastIndex = 0;
    if (!loneSurrogate.test(s)) return s;
    found = true;
    loneSurrogate.lastIndex = 0;
    return s.replace(loneSurrogate, '\uFFFD');
  };
  const stack: object[] = [value];
  while (stack.length) {
    const v = stack.pop() as Record<string, unknown>;
    for (const k of Object.keys(v)) {
      const c = v[k];
      if (typeof c === 'string') v[k] = fix(c);
      else if (typeof c === 'object' && c !== null) stack.push(c);
    }
  }
  if (!found) return -1;
  const m = /\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}/.exec(text);
  return m ? m.index + 1 : 0;
}

/** The column where nesting first exceeds `maxDepth`, counting brackets outside strings. */
function depthColumn(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i + 1;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return 0;
}

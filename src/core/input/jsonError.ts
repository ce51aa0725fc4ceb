import { isJsonBlank } from './jsonBlank';

/** What the scanner expects next. */
type State = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'after';

/**
 * Finds where and why a JSON text is invalid, for messages people understand. Runs only after
 * JSON.parse has failed: engines word (and sometimes omit) positions differently, and this
 * scanner gives the same answer in the CLI, the extension host and the browser. Iterative, so
 * deep nesting cannot overflow the stack.
 */
export function locateJsonError(text: string): { index: number; message: string } | undefined {
  const stack: number[] = [];
  const n = text.length;
  let state: State = 'value';
  let i = 0;
  const fail = (index: number, message: string) => ({ index, message });
  while (true) {
    while (i < n && isJsonBlank(text.charCodeAt(i))) i++;
    if (i >= n) {
      if (state === 'after' && stack.length === 0) return undefined;
      return fail(n, stack.length ? `line ends inside ${stack[stack.length - 1] === 0x7b ? 'an object' : 'an array'} (missing '${stack[stack.length - 1] === 0x7b ? '}' : ']'}')` : 'line ends before the JSON value is complete');
    }
    const c = text.charCodeAt(i);
    // Right after '[' or '{' the container may close at once; otherwise a value or key follows.
    if ((state === 'valueOrClose' && c === 0x5d) || (state === 'keyOrClose' && c === 0x7d)) {
      stack.pop();
      i++;
      state = 'after';
      continue;
    }
    if (state === 'valueOrClose') state = 'value';
    else if (state === 'keyOrClose') state = 'key';
    switch (state) {
      case 'value': {
        if (c === 0x7b) {
          stack.push(c);
          i++;
          state = 'keyOrClose';
        } else if (c === 0x5b) {
          stack.push(c);
          i++;
          state = 'valueOrClose';
        } else if (c === 0x22) {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          state = 'after';
        } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          const end = scanNumber(text, i);
          if (end < 0) return fail(i, `invalid number '${text.slice(i, Math.min(n, i + 12)).split(/[,\]}\s]/)[0]}'`);
          i = end;
          state = 'after';
        } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
          i += 4;
          state = 'after';
        } else if (text.startsWith('false', i)) {
          i += 5;
          state = 'after';
        } else if ((c === 0x5d || c === 0x7d) && previousNonSpace(text, i) === 0x2c) {
          return fail(i, `trailing comma before '${text[i]}'`);
        } else if (/[A-Za-z_]/.test(text[i]!)) {
          return fail(i, `unexpected word '${/^[A-Za-z_]\w*/.exec(text.slice(i, i + 40))![0]}' (strings need double quotes; literals are true, false and null)`);
        } else {
          return fail(i, `unexpected character ${quoteChar(text, i)} where a value should be`);
        }
        break;
      }
      case 'key': {
        if (c === 0x22) {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          state = 'colon';
        } else if (c === 0x7d && previousNonSpace(text, i) === 0x2c) {
          return fail(i, "trailing comma before '}'");
        } else {
          return fail(i, `expected a property name in double quotes, found ${quoteChar(text, i)}`);
        }
        break;
      }
      case 'colon':
        if (c !== 0x3a) return fail(i, `expected ':' after the property name, found ${quoteChar(text, i)}`);
        i++;
        state = 'value';
        break;
      case 'after': {
        const top = stack[stack.length - 1];
        if (top === undefined) return fail(i, 'extra text after the JSON value (one JSON value per line)');
        const close = top === 0x7b ? 0x7d : 0x5d;
        if (c === 0x2c) {
          i++;
          state = top === 0x7b ? 'key' : 'value';
        } else if (c === close) {
          stack.pop();
          i++;
        } else {
          return fail(i, top === 0x7b ? `expected ',' or '}' after a property value, found ${quoteChar(text, i)}` : `expected ',' or ']' after an array element, found ${quoteChar(text, i)}`);
        }
        break;
      }
    }
  }
}

function previousNonSpace(text: string, i: number): number {
  let j = i - 1;
  while (j >= 0 && isJsonBlank(text.charCodeAt(j))) j--;
  return j >= 0 ? text.charCodeAt(j) : -1;
}

function quoteChar(text: string, i: number): string {
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  return ch === "'" ? `"'"` : `'${ch}'`;
}

/** Index after the closing quote, or the error. Unterminated strings are reported at their opening quote. */
function scanString(text: string, start: number): number | { index: number; message: string } {
  const n = text.length;
  for (let j = start + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c === 0x5c) {
      const e = text.charCodeAt(j + 1);
      if (e === 0x75) {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return { index: j, message: `invalid \\u escape '${text.slice(j, j + 6)}' (needs four hex digits)` };
        j += 5;
      } else if ('"\\/bfnrt'.includes(text[j + 1] ?? 'x')) j++;
      else return { index: j, message: `invalid escape sequence '\\${text[j + 1] ?? ''}' in a string` };
    } else if (c < 0x20) {
      return { index: j, message: 'control character inside a string (escape it as \\n, \\t, …)' };
    }
  }
  return { index: start, message: 'unterminated string' };
}

/** Index after a valid JSON number starting at `i`, or -1. */
function scanNumber(text: string, i: number): number {
  const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
  if (!m) return -1;
  const next = text.charCodeAt(i + m[0].length);
  // "01" or "1.": a digit or dot right after a complete number means it was malformed.
  if ((next >= 0x30 && next <= 0x39) || next === 0x2e || next === 0x65 || next === 0x45) return -1;
  return i + m[0].length;
}

/**
 * A tool call's arguments as a reader sees them, and the exact map between that view and the raw
 * arguments string the data holds. Spans on arguments are logged in raw offsets (so
 * `quote === raw.slice(start, end)`); the view is what a selection is made on. Pure, for the
 * webview and for tests.
 *
 * The view of a JSON object: each member's key, then its value — a string decoded (its escapes
 * read: `\n` is a line break, `\u00e9` is é), a number or literal as written, an object or array
 * as indented JSON (`JSON.stringify(v, null, 2)`'s layout, members in the order written). Other
 * JSON (an array, a string, `{}`) is indented JSON; text that is not JSON is shown as it is.
 */

/** How an argument's value is drawn: inline, a text block (a string with line breaks), indented JSON. */
export type ArgumentForm = 'inline' | 'block' | 'json';

/** One member of the shown object (or the one unnamed value), as ranges of the shown text. */
export interface ArgumentEntry {
  key?: [number, number];
  value: [number, number];
  form: ArgumentForm;
}

/** A token of the shown text, for colours. */
export interface ArgumentToken {
  start: number;
  end: number;
  kind: 'key' | 'string' | 'number' | 'literal';
}

export interface ArgumentsLayout {
  raw: string;
  /** The shown text: every character is either read from `raw` or layout (line breaks, indentation). */
  text: string;
  /** The object's members; `null` when the arguments are not JSON (then `text === raw`). */
  entries: ArgumentEntry[] | null;
  tokens: ArgumentToken[];
  /**
   * Runs of shown text and the raw text they come from, as `[shownStart, shownEnd, rawStart,
   * rawEnd]` quadruples in order (both columns increase). A run of equal lengths maps character
   * by character; any other (an escape and the character it means) only as a whole.
   */
  runs: Int32Array;
}

/** Reads `raw` (any string; invalid JSON is shown as it is) into its shown layout. */
export function argumentsLayout(raw: string): ArgumentsLayout {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { raw, text: raw, entries: null, tokens: [], runs: Int32Array.of(0, raw.length, 0, raw.length) };
  }
  const b = new Builder(raw);
  const start = skipSpace(raw, 0);
  const entries: ArgumentEntry[] = [];
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    let i = skipSpace(raw, start + 1);
    while (raw[i] === '"') {
      const ks = b.length;
      i = b.string(i, 'decoded', 'key');
      const key: [number, number] = [ks, b.length];
      b.layout('\n');
      i = skipSpace(raw, skipSpace(raw, i) + 1); // past ':'
      const vs = b.length;
      const c = raw[i];
      let form: ArgumentForm = 'inline';
      if (c === '"') {
        i = b.string(i, 'decoded', 'string');
        if (b.lastString.includes('\n')) form = 'block';
      } else if (c === '{' || c === '[') {
        i = b.json(i, 0);
        form = 'json';
      } else i = b.scalar(i);
      entries.push({ key, value: [vs, b.length], form });
      b.layout('\n');
      i = skipSpace(raw, i);
      if (raw[i] === ',') i = skipSpace(raw, i + 1);
    }
  } else {
    b.json(start, 0);
    entries.push({ value: [0, b.length], form: 'json' });
  }
  return { raw, text: b.text(0), entries, tokens: b.tokens, runs: Int32Array.from(b.runs) };
}

/**
 * The raw range a selection `[start, end)` of the shown text comes from: from the first raw
 * character behind a selected shown character to the last. A selection of part of an escape's
 * shown form takes the whole escape. Undefined when nothing selected comes from the raw text
 * (only layout whitespace).
 */
export function shownToRaw(layout: ArgumentsLayout, start: number, end: number): [number, number] | undefined {
  return mapRange(layout.runs, 0, start, end);
}

/** The shown range a raw range `[start, end)` is drawn at (a saved span's highlight); undefined when none of it is shown. */
export function rawToShown(layout: ArgumentsLayout, start: number, end: number): [number, number] | undefined {
  return mapRange(layout.runs, 2, start, end);
}

/** Maps [start, end) of column `from` (0 shown, 2 raw) to the other column through the runs. */
function mapRange(runs: Int32Array, from: 0 | 2, start: number, end: number): [number, number] | undefined {
  if (!(start < end)) return undefined;
  const to = from === 0 ? 2 : 0;
  const n = runs.length / 4;
  // First run ending after `start` (runs are sorted and disjoint in both columns).
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid * 4 + from + 1]! <= start) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= n || runs[lo * 4 + from]! >= end) return undefined;
  let last = lo;
  while (last + 1 < n && runs[(last + 1) * 4 + from]! < end) last++;
  const at = (r: number, x: number, side: 'start' | 'end'): number => {
    const [fs, fe, ts, te] = [runs[r * 4 + from]!, runs[r * 4 + from + 1]!, runs[r * 4 + to]!, runs[r * 4 + to + 1]!];
    if (fe - fs === te - ts) return ts + Math.min(Math.max(x - fs, 0), fe - fs);
    return side === 'start' ? ts : te;
  };
  return [at(lo, start, 'start'), at(last, end, 'end')];
}

function skipSpace(raw: string, i: number): number {
  while (i < raw.length && (raw[i] === ' ' || raw[i] === '\n' || raw[i] === '\r' || raw[i] === '\t')) i++;
  return i;
}

const simpleEscapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const shortForms: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The shown text, built with its runs back to the raw text. Assumes `raw` is valid JSON (checked first). */
class Builder {
  private parts: string[] = [];
  length = 0;
  runs: number[] = [];
  tokens: ArgumentToken[] = [];
  constructor(private readonly raw: string) {}

  /** The decoded text of the last string read. */
  lastString = '';

  text(from: number): string {
    return this.parts.join('').slice(from);
  }

  layout(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }

  /** Shown `s` read from raw [rs, re); runs of equal length that continue each other are joined. */
  from(s: string, rs: number, re: number): void {
    const r = this.runs;
    const k = r.length;
    const linear = s.length === re - rs;
    if (linear && k && r[k - 3] === this.length && r[k - 1] === rs && r[k - 3]! - r[k - 4]! === r[k - 1]! - r[k - 2]!) {
      r[k - 3] = this.length + s.length;
      r[k - 1] = re;
    } else r.push(this.length, this.length + s.length, rs, re);
    this.layout(s);
  }

  /** A string literal at raw `i` (its opening quote), decoded or as JSON writes it; returns the index past it. */
  string(i: number, as: 'decoded' | 'json', kind: 'key' | 'string'): number {
    const raw = this.raw;
    const units: [string, number, number][] = [];
    let j = i + 1;
    while (raw[j] !== '"') {
      if (raw[j] === '\\') {
        const c = raw[j + 1]!;
        if (c === 'u') {
          units.push([String.fromCharCode(parseInt(raw.slice(j + 2, j + 6), 16)), j, j + 6]);
          j += 6;
        } else {
          units.push([simpleEscapes[c] ?? c, j, j + 2]);
          j += 2;
        }
      } else {
        units.push([raw[j]!, j, j + 1]);
        j++;
      }
    }
    this.lastString = units.map((u) => u[0]).join('');
    const start = this.length;
    if (as === 'json') this.from('"', i, i + 1);
    for (let u = 0; u < units.length; u++) {
      const [cu, rs, re] = units[u]!;
      this.from(as === 'json' ? jsonForm(cu, units[u - 1]?.[0], units[u + 1]?.[0]) : cu, rs, re);
    }
    if (as === 'json') this.from('"', j, j + 1);
    if (this.length > start) this.tokens.push({ start, end: this.length, kind });
    return j + 1;
  }

  /** A number, `true`, `false` or `null` at raw `i`, as written. */
  scalar(i: number): number {
    const raw = this.raw;
    let j = i;
    while (j < raw.length && /[-+.\w]/.test(raw[j]!)) j++;
    const start = this.length;
    this.from(raw.slice(i, j), i, j);
    this.tokens.push({ start, end: this.length, kind: /^[-\d]/.test(raw[i]!) ? 'number' : 'literal' });
    return j;
  }

  /** Any JSON value at raw `i`, in `JSON.stringify(v, null, 2)`'s layout at `depth`. */
  json(i: number, depth: number): number {
    const raw = this.raw;
    const c = raw[i];
    if (c === '"') return this.string(i, 'json', 'string');
    if (c !== '{' && c !== '[') return this.scalar(i);
    const close = c === '{' ? '}' : ']';
    this.from(c, i, i + 1);
    let j = skipSpace(raw, i + 1);
    if (raw[j] === close) {
      this.from(close, j, j + 1);
      return j + 1;
    }
    const pad = '  '.repeat(depth + 1);
    for (;;) {
      this.layout(`\n${pad}`);
      if (c === '{') {
        j = skipSpace(raw, this.string(j, 'json', 'key'));
        this.from(':', j, j + 1);
        this.layout(' ');
        j = skipSpace(raw, j + 1);
      }
      j = skipSpace(raw, this.json(j, depth + 1));
      if (raw[j] === ',') {
        this.from(',', j, j + 1);
        j = skipSpace(raw, j + 1);
        continue;
      }
      this.layout(`\n${'  '.repeat(depth)}`);
      this.from(close, j, j + 1);
      return j + 1;
    }
  }
}

/** One UTF-16 code unit as `JSON.stringify` writes it inside a string (a lone surrogate escaped). */
function jsonForm(cu: string, before: string | undefined, after: string | undefined): string {
  const short = shortForms[cu];
  if (short) return short;
  const code = cu.charCodeAt(0);
  const high = (x: string | undefined) => x !== undefined && x.charCodeAt(0) >= 0xd800 && x.charCodeAt(0) <= 0xdbff;
  const low = (x: string | undefined) => x !== undefined && x.charCodeAt(0) >= 0xdc00 && x.charCodeAt(0) <= 0xdfff;
  const lone = (high(cu) && !low(after)) || (low(cu) && !high(before));
  return code < 0x20 || lone ? `\\u${code.toString(16).padStart(4, '0')}` : cu;
}

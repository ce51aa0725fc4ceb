import type { Diagnostic } from '../diagnostic';
import { endsEscaping, stringEnd } from '../input/jsonStringEnd';
import { lineDiagnostic } from '../input/parseLine';

/** Where a span's object sits in the file, and what the index keeps of it. */
export interface SpanRef {
  start: number;
  end: number;
  /** 1-based line of the span's `{`. */
  line: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  /** Its resource's entry in `OtlpScan.resources`, or -1. */
  resource: number;
  /** `resourceSpans[i].scopeSpans[j].spans[k]` within its export request. */
  path: [number, number, number];
}

export interface OtlpScan {
  spans: SpanRef[];
  resources: { start: number; end: number }[];
  diagnostics: Diagnostic[];
}

interface Frame {
  array: boolean;
  /** The key this container is the value of (kept only as deep as a span's own keys). */
  key: string | undefined;
  start: number;
  line: number;
  /** Elements seen so far (arrays). */
  count: number;
}

const Q = 0x22;
const BS = 0x5c;
/** Depth of a span's object: export{ resourceSpans[ {scopeSpans[ {spans[ {span…}]}]}]}. */
const spanDepth = 7;
const kept = new Set(['traceId', 'spanId', 'parentSpanId']);

function unescaped(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return '';
  }
}

/** The keys whose values the scan follows (a container's, a span's ids), as bytes: compared in place, no string made for every key. */
const followed = ['resourceSpans', 'scopeSpans', 'spans', 'resource', ...kept].map((k) => [k, Uint8Array.from(k, (ch) => ch.charCodeAt(0))] as const);

/** Whether `bytes[from, to)` holds a backslash or a non-ASCII byte: then it is decoded as JSON text. */
function plainAscii(bytes: Uint8Array, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (bytes[j] === BS || bytes[j]! >= 0x80) return false;
  return true;
}

const decoder = new TextDecoder();

/** The text of a raw JSON string's bytes (escapes resolved). */
function rawText(bytes: Uint8Array, from: number, to: number): string {
  const raw = decoder.decode(bytes.subarray(from, to));
  return raw.includes('\\') ? unescaped(raw) : raw;
}

/** A key, as one of `followed` or '' (any other key: nothing follows it). */
function keyName(bytes: Uint8Array, from: number, to: number): string {
  const len = to - from;
  for (const [name, b] of followed) {
    if (b.length !== len) continue;
    let j = 0;
    while (j < len && bytes[from + j] === b[j]) j++;
    if (j === len) return name;
  }
  if (plainAscii(bytes, from, to)) return '';
  const text = rawText(bytes, from, to);
  return followed.some(([name]) => name === text) ? text : '';
}

/** An id's text: ASCII read as such, without a decoder. */
function idText(bytes: Uint8Array, from: number, to: number): string {
  return plainAscii(bytes, from, to) ? String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]) : rawText(bytes, from, to);
}

/**
 * Finds the spans of an OTLP/JSON file (one export request per line, or one document) without
 * parsing them: a scan of the bytes that follows strings and brackets, keeping each span's byte
 * range, trace id and parent, and each resource's range. A span's body is parsed only when its
 * trace is shown, so a bad one is an error of that trace alone. A line (of JSON lines) that ends
 * inside its request, or the end of the file inside a document, drops that request's spans with
 * an error naming the line.
 */
export class OtlpScanner {
  private readonly stack: Frame[] = [];
  /** Containers below a span's own keys: only their kind is kept (1 array, 0 object), no frame each. */
  private deep = 0;
  private readonly deepArray: number[] = [];
  private inString = false;
  private escaped = false;
  private capturing: number[] | undefined;
  /** Where the string being kept starts in this chunk (-1: not kept, or gathered in `capturing`). */
  private captureAt = -1;
  /** The next backslash and line break of this chunk, as found. */
  private next: [number, number] = [-2, -2];
  private captureIsKey = false;
  private expectKey = false;
  private pendingKey: string | undefined;
  private line = 1;
  private lines: boolean | undefined;
  private valueLine = 1;
  private broken = false;
  private closedOne = false;
  /** Spans and resources of the request being read, kept when it closes. */
  private pending: SpanRef[] = [];
  private pendingResources: { start: number; end: number }[] = [];
  private rsResource = -1;
  private rsSpans: SpanRef[] = [];
  private span: { traceId: string; spanId: string; parentSpanId: string } | undefined;
  readonly result: OtlpScan = { spans: [], resources: [], diagnostics: [] };

  constructor(private readonly file: string) {}

  /** Scans the next chunk; `base` is its offset in the file. */
  push(chunk: Uint8Array, base: number): void {
    const n = chunk.length;
    let i = 0;
    this.next = [-2, -2];
    if (this.captureAt >= 0) {
      this.capturing = [];
      this.captureAt = -1;
    }
    while (i < n) {
      if (this.inString) {
        i = this.stringPart(chunk, i);
        continue;
      }
      if (this.deep && !this.broken) {
        const j = this.skipDeep(chunk, i, base);
        if (j > i) {
          i = j;
          continue;
        }
      }
      const c = chunk[i]!;
      if (c === 0x0a) this.newline();
      else if (c === Q) this.startString(i);
      else if (!this.broken) {
        if (c === 0x7b || c === 0x5b) this.open(c === 0x5b, base + i);
        else if (c === 0x7d || c === 0x5d) this.close(c === 0x5d, base + i);
        else if (c === 0x3a) this.expectKey = false;
        else if (c === 0x2c) this.comma();
      }
      i++;
    }
  }

  /** Ends the scan: a request still open is cut off. */
  finish(): OtlpScan {
    if ((this.stack.length || this.deep) && !this.broken) this.fail(this.valueLine, 'the file ends inside this export request; the last line looks cut off');
    return this.result;
  }

  /** The next `byte` at or after `i` in this chunk (-1: none), found once per occurrence: the scan stays linear. */
  private nextOf(which: 0 | 1, byte: number, chunk: Uint8Array, i: number): number {
    const at = this.next[which];
    if (at === -1 || at >= i) return at;
    return (this.next[which] = chunk.indexOf(byte, i));
  }

  private stringPart(chunk: Uint8Array, i: number): number {
    const n = chunk.length;
    if (this.escaped) {
      this.escaped = false;
      this.capturing?.push(chunk[i]!);
      return i + 1;
    }
    const q = stringEnd(chunk, i);
    const end = q < 0 ? n : q;
    const nl = this.nextOf(1, 0x0a, chunk, i);
    if (nl >= 0 && nl < end) {
      // A line break inside a string is no JSON: the line is broken (the scan resumes at the next line).
      this.inString = false;
      this.capturing = undefined;
      this.captureAt = -1;
      if (!this.broken) this.fail(this.line, 'a string runs past the end of the line');
      return nl;
    }
    if (q < 0) {
      // A string that crosses a chunk is gathered (if kept); an odd run of backslashes at the end escapes the next chunk's first byte.
      if (this.captureAt >= 0) this.capturing = Array.from(chunk.subarray(this.captureAt, n));
      else if (this.capturing) for (let j = i; j < n; j++) this.capturing.push(chunk[j]!);
      this.captureAt = -1;
      this.escaped = endsEscaping(chunk, i);
      return n;
    }
    this.inString = false;
    if (this.captureAt >= 0) {
      this.captured(this.captureIsKey ? keyName(chunk, this.captureAt, q) : idText(chunk, this.captureAt, q));
      this.captureAt = -1;
    } else if (this.capturing) {
      for (let j = i; j < q; j++) this.capturing.push(chunk[j]!);
      const bytes = Uint8Array.from(this.capturing);
      this.capturing = undefined;
      this.captured(this.captureIsKey ? keyName(bytes, 0, bytes.length) : idText(bytes, 0, bytes.length));
    }
    return q + 1;
  }

  /**
   * From `i` inside a container below a span's own keys (its attributes, events, status): on to
   * where the outermost of them closes, following brackets and skipping strings, with no key or
   * value kept. Stops early (for `push`) at a line break or a string that does not end in this
   * chunk, or when the scan breaks.
   */
  private skipDeep(chunk: Uint8Array, i: number, base: number): number {
    const n = chunk.length;
    const kinds = this.deepArray;
    let deep = this.deep;
    while (i < n) {
      const c = chunk[i]!;
      if (c === Q) {
        const q = stringEnd(chunk, i + 1);
        const nl = this.nextOf(1, 0x0a, chunk, i);
        if (q < 0 || (nl >= 0 && nl < q)) break;
        i = q + 1;
        continue;
      }
      if (c === 0x0a) break;
      if (c === 0x7b || c === 0x5b) kinds[deep++] = c === 0x5b ? 1 : 0;
      else if (c === 0x7d || c === 0x5d) {
        if (kinds[deep - 1] !== (c === 0x5d ? 1 : 0)) {
          this.deep = deep;
          this.close(c === 0x5d, base + i);
          return i + 1;
        }
        if (--deep === 0) {
          this.deep = 0;
          this.expectKey = false;
          return i + 1;
        }
      }
      i++;
    }
    this.deep = deep;
    return i;
  }

  private startString(i: number): void {
    this.inString = true;
    if (this.broken) return;
    if (this.deep) {
      this.captureAt = -1;
      this.capturing = undefined;
      return;
    }
    const top = this.stack[this.stack.length - 1];
    const isKey = !!top && !top.array && this.expectKey;
    this.captureIsKey = isKey;
    const capture = isKey ? this.stack.length <= spanDepth : !!this.span && this.stack.length === spanDepth && !!this.pendingKey && kept.has(this.pendingKey);
    this.captureAt = capture ? i + 1 : -1;
    this.capturing = undefined;
    if (isKey) this.pendingKey = undefined;
  }

  private captured(text: string): void {
    if (this.captureIsKey) this.pendingKey = text;
    else if (this.span && this.pendingKey) this.span[this.pendingKey as 'traceId'] = text;
  }

  private newline(): void {
    if ((this.stack.length || this.deep) && !this.broken) {
      // The first line break inside a request: the file is one document over many lines.
      if (this.lines === undefined) this.lines = false;
      else if (this.lines) this.fail(this.valueLine, 'the line ends inside its export request: it is cut off or broken');
    } else if (!this.stack.length && this.lines === undefined && this.closedOne) this.lines = true;
    if (this.broken && this.lines !== false) this.reset();
    this.line++;
  }

  private fail(line: number, message: string): void {
    this.result.diagnostics.push(lineDiagnostic(this.file, line, 0, 'error', message));
    this.broken = true;
  }

  private reset(): void {
    this.stack.length = 0;
    this.deep = 0;
    this.broken = false;
    this.expectKey = false;
    this.pendingKey = undefined;
    this.pending = [];
    this.pendingResources = [];
    this.rsSpans = [];
    this.rsResource = -1;
    this.span = undefined;
  }

  private open(array: boolean, at: number): void {
    if (this.deep || this.stack.length >= spanDepth) {
      this.deepArray[this.deep++] = array ? 1 : 0;
      this.expectKey = !array;
      return;
    }
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.valueLine = this.line;
      this.pending = [];
      this.pendingResources = [];
    }
    const key = top && !top.array ? this.pendingKey : undefined;
    this.stack.push({ array, key, start: at, line: this.line, count: 0 });
    this.expectKey = !array;
    this.pendingKey = undefined;
    if (this.isSpan()) this.span = { traceId: '', spanId: '', parentSpanId: '' };
  }

  private isSpan(): boolean {
    const s = this.stack;
    return s.length === spanDepth && !s[6]!.array && s[5]!.array && s[5]!.key === 'spans' && s[3]!.array && s[3]!.key === 'scopeSpans' && s[1]!.array && s[1]!.key === 'resourceSpans';
  }

  private isResource(): boolean {
    const s = this.stack;
    return s.length === 4 && !s[3]!.array && s[3]!.key === 'resource' && s[1]!.array && s[1]!.key === 'resourceSpans';
  }

  private isResourceSpans(): boolean {
    const s = this.stack;
    return s.length === 3 && !s[2]!.array && s[1]!.array && s[1]!.key === 'resourceSpans';
  }

  private close(array: boolean, at: number): void {
    if (this.deep) {
      if (this.deepArray[this.deep - 1] !== (array ? 1 : 0)) {
        this.fail(this.line, `an unmatched ${array ? ']' : '}'}`);
        return;
      }
      this.deep--;
      this.expectKey = false;
      return;
    }
    const top = this.stack[this.stack.length - 1];
    if (!top || top.array !== array) {
      this.fail(this.line, `an unmatched ${array ? ']' : '}'}`);
      return;
    }
    if (this.isSpan() && this.span) {
      const s = this.stack;
      const ref: SpanRef = { start: top.start, end: at + 1, line: top.line, ...this.span, resource: -1, path: [s[1]!.count, s[3]!.count, s[5]!.count] };
      this.rsSpans.push(ref);
      this.span = undefined;
    } else if (this.isResource()) {
      this.pendingResources.push({ start: top.start, end: at + 1 });
      this.rsResource = this.result.resources.length + this.pendingResources.length - 1;
    } else if (this.isResourceSpans()) {
      for (const r of this.rsSpans) r.resource = this.rsResource;
      this.pending.push(...this.rsSpans);
      this.rsSpans = [];
      this.rsResource = -1;
    }
    this.stack.pop();
    this.expectKey = false;
    if (!this.stack.length) {
      this.closedOne = true;
      this.result.spans.push(...this.pending);
      this.result.resources.push(...this.pendingResources);
      this.pending = [];
      this.pendingResources = [];
    }
  }

  private comma(): void {
    if (this.deep) {
      this.expectKey = this.deepArray[this.deep - 1] === 0;
      return;
    }
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    if (top.array) top.count++;
    else {
      this.expectKey = true;
      this.pendingKey = undefined;
    }
  }
}

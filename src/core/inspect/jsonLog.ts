import type { ByteSource } from '../input/byteSource';
import type { AbortFlag } from '../input/dataset';
import { readFully } from '../input/entryStream';
import type { IndexProgress } from '../input/lineIndex';
import { parseJsonLine } from '../input/parseLine';
import { adapterFor } from './convert';
import { logHeaderSchema } from './header';
import { InspectLog } from './inspectLog';

const chunkSize = 2 * 1024 * 1024;
const quote = 0x22;
const backslash = 0x5c;
const samplesKey = new TextEncoder().encode('samples');

/**
 * An Inspect `.json` log: one `EvalLog` object with the samples inline. It can be large, so it
 * is never parsed whole: one streaming scan over its bytes finds each element of the top-level
 * `samples` array (byte ranges, as the line index keeps for JSONL), and a sample is parsed when
 * shown. The header is the rest of the object, parsed without the samples.
 */
export class JsonLog extends InspectLog {
  private _starts: number[] = [];
  private _ends: number[] = [];
  private _keys: { id: string; epoch: number }[] = [];
  /** The header before the samples was read: samples found by the scan are readable at once. */
  private _early = false;
  /** A sample was found before the header, or without a peeked key: the rest wait for the scan's end. */
  private _gap = false;
  private _scan: Omit<SampleRanges, 'open' | 'close'> | undefined;

  get count(): number {
    return this._keys.length;
  }

  async build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    // Built once: a pairing builds its runs, which may have been built already.
    if (this._done) return;
    // Samples become readable as the scan passes them, once the header before them (Inspect
    // writes `eval` first) names the task and model, and while their keys were peeked.
    let prefix: Promise<void> | undefined;
    const found = await scanSamples(this.source, {
      onProgress,
      signal,
      onOpen: (open) => {
        prefix = this._earlyHeader(open);
      },
      onSample: (_k, ranges) => {
        this._scan = ranges;
        this._catchUp();
      },
    });
    await prefix;
    if (signal?.aborted) return;
    if (!found) {
      // A log without samples (`"samples": null`, or a header-only log) is small: read it whole.
      const whole = this.source.size <= 64 << 20 ? parseJsonLine(await this._bytes(0, this.source.size)) : undefined;
      const h = whole?.ok ? logHeaderSchema.safeParse(whole.value) : undefined;
      if (h?.success) this._header = h.data;
      else this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'error', message: 'not an Inspect log: no top-level object with `eval` and a `samples` array' });
      this._done = true;
      return;
    }
    // The header: everything but the samples, with `"samples": []` in their place.
    const head = await this._bytes(0, found.open + 1);
    const tail = await this._bytes(found.close, this.source.size);
    const joined = new Uint8Array(head.length + tail.length);
    joined.set(head);
    joined.set(tail, head.length);
    const parsed = parseJsonLine(joined);
    const h = parsed.ok ? logHeaderSchema.safeParse(parsed.value) : undefined;
    if (h?.success) this._header = h.data;
    else this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'error', message: parsed.ok ? 'the log has no `eval.task` and `eval.model`' : `the log header is not valid JSON: ${parsed.message}` });
    this._adapter = adapterFor(this._header);
    // The samples not taken during the scan; one whose id and epoch do not come first is parsed for them.
    for (let i = this._keys.length; i < found.starts.length; i++) {
      const start = found.starts[i]!;
      const end = found.ends[i]!;
      this._starts.push(start);
      this._ends.push(end);
      this._keys.push(found.keys[i] ?? (await this._keyAt(start, end, i)));
    }
    this._done = true;
  }

  /** Takes the samples the scan found so far, in order, up to the first without a peeked key. */
  private _catchUp(): void {
    const r = this._scan;
    if (!this._early || this._gap || !r) return;
    for (let k = this._keys.length; k < r.starts.length; k++) {
      const key = r.keys[k];
      if (!key) {
        this._gap = true;
        return;
      }
      this._starts.push(r.starts[k]!);
      this._ends.push(r.ends[k]!);
      this._keys.push(key);
    }
  }

  /** The header from the bytes before the samples, closed off; samples are readable once it names task and model. */
  private async _earlyHeader(open: number): Promise<void> {
    const head = await this._bytes(0, open + 1);
    const closing = new TextEncoder().encode(']}');
    const joined = new Uint8Array(head.length + closing.length);
    joined.set(head);
    joined.set(closing, head.length);
    const parsed = parseJsonLine(joined);
    const h = parsed.ok ? logHeaderSchema.safeParse(parsed.value) : undefined;
    if (!h?.success) return;
    this._header = h.data;
    this._adapter = adapterFor(h.data);
    this._early = true;
    this._catchUp();
  }

  /** The key of a sample whose id and epoch do not come first: the whole sample is parsed. */
  private async _keyAt(start: number, end: number, i: number): Promise<{ id: string; epoch: number }> {
    const parsed = parseJsonLine(await this._bytes(start, end));
    const v = parsed.ok ? (parsed.value as { id?: unknown; epoch?: unknown }) : {};
    return { id: typeof v.id === 'string' || typeof v.id === 'number' ? String(v.id) : `#${i + 1}`, epoch: typeof v.epoch === 'number' ? v.epoch : 1 };
  }

  private async _bytes(from: number, to: number): Promise<Uint8Array> {
    const buf = this.source.alloc(Math.max(0, to - from));
    const n = await readFully(this.source, buf, buf.length, from);
    return buf.subarray(0, n);
  }

  protected _sample(i: number): { id: string; epoch: number } {
    return this._keys[i]!;
  }

  protected _sampleJson(i: number): Promise<Uint8Array | unknown> {
    return this._bytes(this._starts[i]!, this._ends[i]!);
  }
}

export interface SampleRanges {
  /** Byte offsets of the `[` and `]` of the top-level `samples` array. */
  open: number;
  close: number;
  starts: number[];
  ends: number[];
  /** Each sample's id and epoch when they come first in it (as Inspect writes them), read during the scan. */
  keys: ({ id: string; epoch: number } | undefined)[];
}

const peekDecoder = new TextDecoder();
const idKey = new TextEncoder().encode('"id"');
const epochKey = new TextEncoder().encode('"epoch"');

const isBlank = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/**
 * The id and epoch at the start of a sample's bytes (`{"id": …, "epoch": n`), if they come
 * first, as Inspect writes them. Read from the bytes: a text decode per sample was a sixth of
 * the scan of a 100k-sample log.
 */
function peekKey(b: Uint8Array): { id: string; epoch: number } | undefined {
  let p = after(b, blanks(b, 1), idKey);
  if (p < 0 || b[(p = blanks(b, p))] !== 0x3a) return undefined;
  p = blanks(b, p + 1);
  let id: string;
  if (b[p] === quote) {
    let q = p + 1;
    let plain = true;
    while (q < b.length && b[q] !== quote) {
      if (b[q] === backslash || b[q]! >= 0x80 || b[q]! < 0x20) plain = false;
      q += b[q] === backslash ? 2 : 1;
    }
    if (q >= b.length) return undefined;
    try {
      id = plain ? String.fromCharCode(...b.subarray(p + 1, q)) : (JSON.parse(peekDecoder.decode(b.subarray(p, q + 1))) as string);
    } catch {
      return undefined;
    }
    p = q + 1;
  } else {
    const from = p;
    if (b[p] === 0x2d) p++;
    if (!isDigit(b[p])) return undefined;
    while (isDigit(b[p])) p++;
    id = String.fromCharCode(...b.subarray(from, p));
  }
  if (b[(p = blanks(b, p))] !== 0x2c) return undefined;
  p = after(b, blanks(b, p + 1), epochKey);
  if (p < 0 || b[(p = blanks(b, p))] !== 0x3a) return undefined;
  const from = (p = blanks(b, p + 1));
  while (isDigit(b[p])) p++;
  return p > from ? { id, epoch: Number(String.fromCharCode(...b.subarray(from, p))) } : undefined;
}

/** Past the blanks from `p`. */
function blanks(b: Uint8Array, p: number): number {
  while (isBlank(b[p])) p++;
  return p;
}

/** Past `bytes` at `p`, or -1 when they are not there. */
function after(b: Uint8Array, p: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) if (b[p + k] !== bytes[k]) return -1;
  return p + bytes.length;
}

/**
 * Finds the elements of the top-level `samples` array in one pass, tracking only string and
 * nesting state (strings are skipped with `indexOf`, the usual bulk of a log). Byte ranges are
 * [start, end) of each element, without surrounding whitespace.
 */
export interface ScanOptions {
  onProgress?: (p: IndexProgress) => void;
  signal?: AbortFlag;
  /** The `[` of `samples` was reached at this offset: the header before it can be read. */
  onOpen?: (open: number) => void;
  /** Sample `k` (of the arrays returned) was found; the arrays are filled as the scan goes. */
  onSample?: (k: number, ranges: Omit<SampleRanges, 'open' | 'close'>) => void;
}

export async function scanSamples(source: ByteSource, options: ScanOptions = {}): Promise<SampleRanges | undefined> {
  const { onProgress, signal, onOpen, onSample } = options;
  // Two buffers: the next chunk is read while this one is scanned.
  const bufs = [source.alloc(chunkSize), source.alloc(chunkSize)] as const;
  const readChunk = (base: number, k: number) => readFully(source, bufs[k & 1]!, Math.min(chunkSize, source.size - base), base);
  let pending = source.size > 0 ? readChunk(0, 0) : Promise.resolve(0);
  let depth = 0;
  let inString = false;
  /** Backslashes that ended the string's bytes read so far (the previous chunk's): they may escape the next quote. */
  let slashes = 0;
  // The last string that closed at depth 1: the key of the value that follows.
  let keyStart = -1;
  let keyBytes: number[] = [];
  let lastKeyIsSamples = false;
  let inSamples = false;
  let open = -1;
  let close = -1;
  let elementStart = -1;
  let lastNonBlank = -1;
  const starts: number[] = [];
  const ends: number[] = [];
  const keys: ({ id: string; epoch: number } | undefined)[] = [];
  for (let base = 0, k = 0; base < source.size && close < 0; base += chunkSize, k++) {
    const n = await pending;
    if (signal?.aborted) return undefined;
    const buf = bufs[k & 1]!;
    if (base + chunkSize < source.size) {
      pending = readChunk(base + chunkSize, k + 1);
      // A read left behind when the scan stops early is not awaited: its failure is nobody's.
      pending.catch(() => undefined);
    }
    let i = 0;
    while (i < n) {
      if (inString) {
        // The string's closing quote, found natively (a JS look at the next bytes first was
        // slower: strings are the bulk of a log). A quote is escaped when an odd run of
        // backslashes precedes it; the run is counted back from the quote, so backslashes cost
        // nothing unless they precede one.
        const found = buf.indexOf(quote, i);
        const stop = found === -1 || found >= n ? n : found;
        if (stop < n) {
          let run = 0;
          while (stop - run - 1 >= i && buf[stop - run - 1] === backslash) run++;
          // A run reaching back to where this look began continues the previous one (kept across chunks).
          if (stop - run === i) run += slashes;
          if (run % 2 === 1) {
            if (keyStart >= 0) for (let k = i; k <= stop && keyBytes.length < 16; k++) keyBytes.push(buf[k]!);
            slashes = 0;
            i = stop + 1;
            continue;
          }
        }
        if (keyStart >= 0) for (let k = i; k < stop && keyBytes.length < 16; k++) keyBytes.push(buf[k]!);
        if (stop === n) {
          // The chunk ends inside the string: the backslashes it ends with may escape the next chunk's first quote.
          let run = 0;
          while (n - run - 1 >= i && buf[n - run - 1] === backslash) run++;
          slashes = n - run === i ? slashes + run : run;
        } else slashes = 0;
        if (stop === n) {
          i = n;
          continue;
        }
        inString = false;
        if (keyStart >= 0) {
          lastKeyIsSamples = keyBytes.length === samplesKey.length && keyBytes.every((b, k) => b === samplesKey[k]);
          keyStart = -1;
        }
        lastNonBlank = base + stop;
        i = stop + 1;
        continue;
      }
      const b = buf[i]!;
      const at = base + i;
      if (b === quote) {
        inString = true;
        if (depth === 1) {
          keyStart = at;
          keyBytes = [];
        }
        if (inSamples && depth === 2 && elementStart < 0) {
          elementStart = at;
          keys.push(undefined);
        }
      } else if (b === 0x7b || b === 0x5b) {
        if (inSamples && depth === 2 && elementStart < 0) {
          elementStart = at;
          // A key split across chunks is left to the full parse.
          keys.push(peekKey(buf.subarray(i, Math.min(n, i + 512))));
        }
        if (depth === 1 && b === 0x5b && lastKeyIsSamples && open < 0) {
          inSamples = true;
          open = at;
          onOpen?.(open);
        }
        depth++;
      } else if (b === 0x7d || b === 0x5d) {
        depth--;
        if (inSamples && depth === 1) {
          if (elementStart >= 0) {
            starts.push(elementStart);
            ends.push(lastNonBlank + 1);
            onSample?.(starts.length - 1, { starts, ends, keys });
          }
          inSamples = false;
          close = at;
          break;
        }
      } else if (b === 0x2c && inSamples && depth === 2) {
        if (elementStart >= 0) {
          starts.push(elementStart);
          ends.push(lastNonBlank + 1);
          onSample?.(starts.length - 1, { starts, ends, keys });
        }
        elementStart = -1;
      } else if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && inSamples && depth === 2 && elementStart < 0) {
        elementStart = at;
        keys.push(undefined);
      }
      if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) lastNonBlank = at;
      i++;
    }
    onProgress?.({ bytesScanned: Math.min(source.size, base + chunkSize), totalBytes: source.size, lines: starts.length });
  }
  if (open < 0 || close < 0) return undefined;
  return { open, close, starts, ends, keys };
}

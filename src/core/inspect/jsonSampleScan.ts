import type { ByteSource } from '../input/byteSource';
import type { AbortFlag } from '../input/dataset';
import { readFully } from '../input/entryStream';
import { endsEscaping, stringEnd } from '../input/jsonStringEnd';
import { isJsonBlank } from '../input/jsonBlank';
import type { IndexProgress } from '../input/lineIndex';

/** Reads of 4 MiB: fewer turns of the event loop per gigabyte, two buffers kept. */
const chunkSize = 4 * 1024 * 1024;
const quote = 0x22;
const backslash = 0x5c;
const samplesKey = new TextEncoder().encode('samples');

export interface SampleKey {
  id: string;
  epoch: number;
}

export interface SampleRanges {
  /** Byte offsets of the `[` and `]` of the top-level `samples` array (`close` -1 when the file is `cut` inside it). */
  open: number;
  close: number;
  starts: number[];
  ends: number[];
  /** Each sample's id and epoch when they come first in it (as Inspect writes them), read during the scan. */
  keys: (SampleKey | undefined)[];
  /**
   * The file ends inside the samples array: the 1-based line (line breaks outside strings
   * counted) where the sample it cuts off starts, or where the file ends when that is between
   * two samples. The samples before it are whole.
   */
  cut?: { line: number; inSample: boolean };
}

export interface ScanOptions {
  onProgress?: (p: IndexProgress) => void;
  signal?: AbortFlag;
  /** The `[` of `samples` was reached at this offset: the header before it can be read. */
  onOpen?: (open: number) => void;
  /** Sample `k` (of the arrays returned) was found; the arrays are filled as the scan goes. */
  onSample?: (k: number, ranges: Omit<SampleRanges, 'open' | 'close'>) => void;
}

/** What a byte is to the scan inside a value (below the level it follows): only quotes, brackets, and line breaks before indentation matter. */
const other = 0;
const quoteKind = 1;
const opening = 2;
const closing = 3;
const lineBreak = 4;
const deepKind = new Uint8Array(256);
deepKind[quote] = quoteKind;
deepKind[0x7b] = deepKind[0x5b] = opening;
deepKind[0x7d] = deepKind[0x5d] = closing;
deepKind[0x0a] = lineBreak;
const fourSpaces = 0x20202020;

/**
 * Finds the elements of the top-level `samples` array of one JSON document, fed in blocks of any
 * size, without parsing it: it follows only strings and brackets. Byte ranges are [start, end) of
 * each element, without surrounding whitespace.
 *
 * Nearly all of a log's bytes are inside strings, and nearly all the rest inside a sample: there
 * only a quote or a bracket matters, so the scan skips from one to the next (a string by the
 * engine's byte search for its closing quote), and looks at every byte only between the samples.
 */
export class SampleScanner {
  private depth = 0;
  /** A block ended inside a string; `escaped`: with an odd run of backslashes, so the next byte is escaped. */
  private inString = false;
  private escaped = false;
  /** Offset of the first byte of the string being read at depth 1 (a key, maybe `samples`), else -1. */
  private keyFrom = -1;
  /** That string's bytes in earlier blocks (the first 8 at most: enough to tell `samples`). */
  private keyPart: number[] = [];
  private lastKeyIsSamples = false;
  private inSamples = false;
  private elementStart = -1;
  private lastNonBlank = -1;
  /** Line breaks outside strings, counted for an error's line: the start of the sample being read, and now. */
  private elementLine = 1;
  private line = 1;
  open = -1;
  close = -1;
  readonly found: Omit<SampleRanges, 'open' | 'close'> = { starts: [], ends: [], keys: [] };

  constructor(private readonly options: Pick<ScanOptions, 'onOpen' | 'onSample'> = {}) {}

  /** Scans the next block, at offset `base` of the file; false once the samples array has closed (the rest is not needed). */
  push(block: Uint8Array, base: number): boolean {
    const n = block.length;
    const words = new DataView(block.buffer, block.byteOffset, n);
    let i = 0;
    if (this.inString && n > 0) {
      const from = this.escaped ? 1 : 0;
      i = this.stringTail(block, base, 0, from);
    }
    while (i < n && this.close < 0) {
      if (this.depth > (this.inSamples ? 2 : 1)) {
        i = this.skipDeep(block, words, base, i);
        continue;
      }
      i = this.shallow(block, base, i);
    }
    return this.close < 0;
  }

  /** The ranges, once every block was pushed; undefined when no `samples` array opened. */
  result(): SampleRanges | undefined {
    if (this.open < 0) return undefined;
    const { starts, ends, keys } = this.found;
    if (this.close >= 0) return { open: this.open, close: this.close, starts, ends, keys };
    const inSample = this.elementStart >= 0;
    return { open: this.open, close: -1, starts, ends, keys: keys.slice(0, starts.length), cut: { line: inSample ? this.elementLine : this.line, inSample } };
  }

  /**
   * The rest of a string from `from` (its bytes in this block start at `content`): past its
   * closing quote, or the block's end when it goes on in the next.
   */
  private stringTail(block: Uint8Array, base: number, content: number, from: number): number {
    const q = stringEnd(block, from);
    if (q < 0) {
      this.inString = true;
      this.escaped = endsEscaping(block, from);
      if (this.keyFrom >= 0) for (let k = content; k < block.length && this.keyPart.length < 8; k++) this.keyPart.push(block[k]!);
      return block.length;
    }
    this.inString = false;
    this.escaped = false;
    if (this.keyFrom >= 0) {
      this.lastKeyIsSamples = this.isSamples(block, content, base + q - this.keyFrom);
      this.keyFrom = -1;
      this.keyPart.length = 0;
    } else if (this.inSamples && this.depth === 2) this.lastNonBlank = base + q;
    return q + 1;
  }

  /** Whether the depth-1 string of `length` bytes that ends in this block (from `content`, after `keyPart`) is `samples`. */
  private isSamples(block: Uint8Array, content: number, length: number): boolean {
    if (length !== samplesKey.length) return false;
    const part = this.keyPart;
    for (let k = 0; k < length; k++) if ((k < part.length ? part[k] : block[content + k - part.length]) !== samplesKey[k]) return false;
    return true;
  }

  /**
   * From `i` inside a value below the level the scan follows (a header field's value, or a
   * sample): on past the bracket that closes it, counting brackets and skipping strings, nothing
   * else looked at. Returns where it stopped (the block's end if the value goes on).
   */
  private skipDeep(block: Uint8Array, words: DataView, base: number, i: number): number {
    const n = block.length;
    const shallow = this.inSamples ? 2 : 1;
    let depth = this.depth;
    while (i < n) {
      const k = deepKind[block[i]!]!;
      if (k === other) i++;
      else if (k === quoteKind) {
        const q = stringEnd(block, i + 1);
        if (q < 0) {
          this.depth = depth;
          return this.stringTail(block, base, i + 1, i + 1);
        }
        i = q + 1;
      } else if (k === lineBreak) {
        // A pretty-printed log's indentation, four spaces at a time: a third of its bytes outside strings.
        this.line++;
        i++;
        while (i + 4 <= n && words.getUint32(i) === fourSpaces) i += 4;
      } else if (k === opening) {
        depth++;
        i++;
      } else if (--depth === shallow) {
        this.depth = depth;
        this.lastNonBlank = base + i;
        return i + 1;
      } else i++;
    }
    this.depth = depth;
    return n;
  }

  /** One byte at the level the scan follows: the top-level object's keys, or the samples array's elements. */
  private shallow(block: Uint8Array, base: number, i: number): number {
    const c = block[i]!;
    const at = base + i;
    const element = this.inSamples && this.elementStart < 0;
    if (c === quote) {
      if (element) this.startElement(at, undefined);
      else if (this.depth === 1 && !this.inSamples) {
        this.keyFrom = at + 1;
        this.keyPart.length = 0;
      }
      return this.stringTail(block, base, i + 1, i + 1);
    }
    if (c === 0x7b || c === 0x5b) {
      if (element) this.startElement(at, c === 0x7b ? peekKey(block, i) : undefined);
      else if (this.depth === 1 && c === 0x5b && this.lastKeyIsSamples && this.open < 0) {
        this.inSamples = true;
        this.open = at;
        this.options.onOpen?.(at);
      }
      this.depth++;
    } else if (c === 0x7d || c === 0x5d) {
      this.depth--;
      if (this.inSamples && this.depth === 1) {
        this.endElement();
        this.inSamples = false;
        this.close = at;
      }
    } else if (c === 0x2c) {
      if (this.inSamples) this.endElement();
    } else if (c === 0x0a) this.line++;
    else if (!isJsonBlank(c) && element) this.startElement(at, undefined);
    if (!isJsonBlank(c)) this.lastNonBlank = at;
    return i + 1;
  }

  private startElement(at: number, key: SampleKey | undefined): void {
    this.elementStart = at;
    this.elementLine = this.line;
    this.found.keys.push(key);
  }

  private endElement(): void {
    if (this.elementStart < 0) return;
    const { starts, ends } = this.found;
    starts.push(this.elementStart);
    ends.push(this.lastNonBlank + 1);
    this.elementStart = -1;
    this.options.onSample?.(starts.length - 1, this.found);
  }
}

/**
 * The elements of the top-level `samples` array of a JSON document, in one streaming pass over
 * its bytes (see SampleScanner); undefined when it has none.
 */
export async function scanSamples(source: ByteSource, options: ScanOptions = {}): Promise<SampleRanges | undefined> {
  const { onProgress, signal } = options;
  const scanner = new SampleScanner(options);
  // Two buffers: the next block is read while this one is scanned.
  const bufs = [source.alloc(chunkSize), source.alloc(chunkSize)] as const;
  const readChunk = (base: number, k: number) => readFully(source, bufs[k & 1]!, Math.min(chunkSize, source.size - base), base);
  let pending = source.size > 0 ? readChunk(0, 0) : Promise.resolve(0);
  for (let base = 0, k = 0; base < source.size; base += chunkSize, k++) {
    const n = await pending;
    if (signal?.aborted) return undefined;
    if (base + chunkSize < source.size) {
      pending = readChunk(base + chunkSize, k + 1);
      // A read left behind when the scan stops early is not awaited: its failure is nobody's.
      pending.catch(() => undefined);
    }
    const more = scanner.push(bufs[k & 1]!.subarray(0, n), base);
    onProgress?.({ bytesScanned: Math.min(source.size, base + chunkSize), totalBytes: source.size, lines: scanner.found.starts.length });
    if (!more || n < Math.min(chunkSize, source.size - base)) break;
  }
  return scanner.result();
}

const peekDecoder = new TextDecoder();
const idKey = new TextEncoder().encode('"id"');
const epochKey = new TextEncoder().encode('"epoch"');
/** An id longer than this is read from the whole sample. */
const maxPeek = 512;

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/**
 * The id and epoch at the start of the sample whose `{` is at `at` (`{"id": …, "epoch": n`), if
 * they come first, as Inspect writes them, and lie in this block. Read from the bytes, no
 * decoder or copy for a plain id: a text decode per sample was a sixth of the scan of a
 * 100k-sample log.
 */
export function peekKey(b: Uint8Array, at: number): SampleKey | undefined {
  let p = after(b, blanks(b, at + 1), idKey);
  if (p < 0 || b[(p = blanks(b, p))] !== 0x3a) return undefined;
  p = blanks(b, p + 1);
  let id: string;
  if (b[p] === quote) {
    const q = stringEnd(b, p + 1);
    if (q < 0 || q - p > maxPeek) return undefined;
    let plain = true;
    for (let k = p + 1; k < q; k++) if (b[k] === backslash || b[k]! >= 0x80 || b[k]! < 0x20) plain = false;
    try {
      id = plain ? latin1(b, p + 1, q) : (JSON.parse(peekDecoder.decode(b.subarray(p, q + 1))) as string);
    } catch {
      return undefined;
    }
    p = q + 1;
  } else {
    const from = p;
    if (b[p] === 0x2d) p++;
    if (!isDigit(b[p])) return undefined;
    while (isDigit(b[p]) && p - from < maxPeek) p++;
    id = latin1(b, from, p);
  }
  if (b[(p = blanks(b, p))] !== 0x2c) return undefined;
  p = after(b, blanks(b, p + 1), epochKey);
  if (p < 0 || b[(p = blanks(b, p))] !== 0x3a) return undefined;
  const from = (p = blanks(b, p + 1));
  let epoch = 0;
  while (isDigit(b[p]) && p - from < 16) epoch = epoch * 10 + b[p++]! - 0x30;
  return p > from ? { id, epoch } : undefined;
}

/** The text of ASCII bytes, without a decoder or a copy. */
function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) s += String.fromCharCode(b[k]!);
  return s;
}

/** Past the blanks from `p`. */
function blanks(b: Uint8Array, p: number): number {
  while (isJsonBlank(b[p])) p++;
  return p;
}

/** Past `bytes` at `p`, or -1 when they are not there. */
function after(b: Uint8Array, p: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) if (b[p + k] !== bytes[k]) return -1;
  return p + bytes.length;
}

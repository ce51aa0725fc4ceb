import { nameOf, type ZipDirectory } from './zipDirectory';

/**
 * An `.eval`'s samples as its central directory names them, found from the names' bytes: a
 * 120k-sample log makes no string or object per sample to open. Two layouts
 * (src/inspect_ai/log/_recorders/chunked/format.py) are samples, read exactly as these patterns
 * read the names as text:
 *
 *   samples/{id}_epoch_{n}.json          ^samples\/(.+)_epoch_(\d+)\.json$
 *   samples/{id}_epoch_{n}/sample.json   ^samples\/(.+)_epoch_(\d+)\/sample\.json$
 *
 * Every other name (the header, a chunked sample's metadata and chunks) is listed for the caller.
 */
export class SampleNames {
  /** Per sample, in Inspect's order: its entry (the last, for a name written twice). */
  readonly entries: Uint32Array;
  /** Per sample: 1 for the chunked layout (`…/sample.json`). */
  readonly chunked: Uint8Array;
  readonly epochs: Float64Array;
  /** Entries whose names are not samples', in directory order. */
  readonly others: number[] = [];
  /** Entries of sample names seen before in the directory (a name written twice), in directory order. */
  readonly repeated: number[] = [];
  private readonly _idEnds: Float64Array;
  /** Ids decoded so far, per sample. */
  private readonly _ids: (string | undefined)[];

  constructor(private readonly _dir: ZipDirectory) {
    const b = _dir.bytes;
    const n = _dir.count;
    // Per sample candidate, in directory order: its entry, where its id ends, its id's value (NaN unless digits), its epoch, its layout.
    const found = new Uint32Array(n);
    const idEnds = new Float64Array(n);
    const num = new Float64Array(n);
    const epochs = new Float64Array(n);
    const layouts = new Uint8Array(n);
    let m = 0;
    // Whether every id is a number written plainly (digits, no leading zero, below 2^32): such ids tie only when equal as text.
    let plain = true;
    for (let k = 0; k < n; k++) {
      const s = _dir.nameStart(k);
      const e = _dir.nameEnd(k);
      // Both layouts end in `.json`: a digit before it is a monolithic sample's epoch, else the name may be a chunked sample's shell.
      let layout = 0;
      let digitsEnd = -1;
      if (startsWith(b, s, e, samplesPrefix) && endsWith(b, s, e, jsonSuffix)) {
        if (isDigit(b[e - jsonSuffix.length - 1]!)) digitsEnd = e - jsonSuffix.length;
        else if (endsWith(b, s, e, shellSuffix)) {
          layout = 1;
          digitsEnd = e - shellSuffix.length;
        }
      }
      const idStart = s + samplesPrefix.length;
      const idEnd = digitsEnd < 0 ? -1 : epochAt(b, idStart, digitsEnd);
      const value = idEnd < 0 ? lineBreak : idValue(b, idStart, idEnd);
      if (value === lineBreak) {
        this.others.push(k);
        continue;
      }
      found[m] = k;
      idEnds[m] = idEnd;
      num[m] = value;
      if (plain && !(value < 2 ** 32 && (b[idStart] !== 0x30 || idEnd - idStart === 1))) plain = false;
      epochs[m] = digitsValue(b, idEnd + epochInfix.length, digitsEnd);
      layouts[m] = layout;
      m++;
    }
    // Ids of increasing value in directory order (a log written in id order): that is the order, with no name twice.
    let k = 1;
    while (k < m && num[k - 1]! < num[k]!) k++;
    if (k >= m) {
      this.entries = found.subarray(0, m);
      this.chunked = layouts.subarray(0, m);
      this.epochs = epochs.subarray(0, m);
      this._idEnds = idEnds.subarray(0, m);
      this._ids = [];
      return;
    }
    // Ids as text only when compared as text (string ids, or equal numbers): numeric ids never are.
    const texts: (string | undefined)[] = new Array<string | undefined>(m).fill(undefined);
    const idOf = (c: number) => (texts[c] ??= nameOf(b, _dir.nameStart(found[c]!) + samplesPrefix.length, idEnds[c]!));
    const order = sampleOrder(m, num, idOf, epochs, plain);
    // A name written twice sorts beside itself (equal id and epoch, then directory order): the first keeps its place, the last entry is read.
    const kept: number[] = [];
    this.entries = new Uint32Array(m);
    for (let r = 0; r < m; ) {
      let end = r + 1;
      while (end < m && sameKey(order[r]!, order[end]!, num, idOf, epochs)) end++;
      if (end === r + 1) {
        this.entries[kept.length] = found[order[r]!]!;
        kept.push(order[r]!);
      } else {
        // Equal keys are rare (a name twice, or epochs `1` and `01`): their names are compared as text.
        const at = new Map<string, number>();
        for (let q = r; q < end; q++) {
          const c = order[q]!;
          const first = at.get(_dir.name(found[c]!));
          if (first === undefined) {
            at.set(_dir.name(found[c]!), kept.length);
            this.entries[kept.length] = found[c]!;
            kept.push(c);
          } else {
            this.entries[first] = found[c]!;
            this.repeated.push(found[c]!);
          }
        }
      }
      r = end;
    }
    this.repeated.sort((x, y) => x - y);
    const count = kept.length;
    this.entries = this.entries.subarray(0, count);
    this.chunked = new Uint8Array(count);
    this.epochs = new Float64Array(count);
    this._idEnds = new Float64Array(count);
    this._ids = [];
    for (let i = 0; i < count; i++) {
      const c = kept[i]!;
      this.chunked[i] = layouts[c]!;
      this.epochs[i] = epochs[c]!;
      this._idEnds[i] = idEnds[c]!;
      if (texts[c] !== undefined) this._ids[i] = texts[c];
    }
  }

  get count(): number {
    return this.entries.length;
  }

  /** Sample `i`'s id as its entry's name writes it. */
  id(i: number): string {
    return (this._ids[i] ??= nameOf(this._dir.bytes, this._dir.nameStart(this.entries[i]!) + samplesPrefix.length, this._idEnds[i]!));
  }
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const samplesPrefix = ascii('samples/');
const jsonSuffix = ascii('.json');
const shellSuffix = ascii('/sample.json');
const epochInfix = ascii('_epoch_');
/** Longest run of digits whose value is summed exactly in a double; longer runs are read as `Number` reads their text. */
const exactDigits = 15;

function startsWith(b: Uint8Array, s: number, e: number, what: Uint8Array): boolean {
  if (e - s < what.length) return false;
  for (let i = 0; i < what.length; i++) if (b[s + i] !== what[i]) return false;
  return true;
}

function endsWith(b: Uint8Array, s: number, e: number, what: Uint8Array): boolean {
  return e - s >= what.length && startsWith(b, e - what.length, e, what);
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Where the id ends in `{id}_epoch_{digits}` ending at `digitsEnd`, the id (one or more bytes) starting at `idStart`; -1 when the bytes are not that. */
function epochAt(b: Uint8Array, idStart: number, digitsEnd: number): number {
  let d = digitsEnd;
  while (d > idStart && isDigit(b[d - 1]!)) d--;
  const idEnd = d - epochInfix.length;
  return d === digitsEnd || idEnd <= idStart || !startsWith(b, idEnd, d, epochInfix) ? -1 : idEnd;
}

/** What `idValue` says of an id with a line break in it: no sample (`.` does not match one). */
const lineBreak = -1;

/**
 * An id's value when it is digits only (Inspect lists those first, numerically), NaN for any
 * other id, `lineBreak` for one `.` does not match. Its bytes are UTF-8, whose ASCII bytes are
 * never part of another character, so matching the names' ASCII parts as bytes is matching them
 * as text.
 */
function idValue(b: Uint8Array, s: number, e: number): number {
  let digits = true;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (isDigit(c)) continue;
    digits = false;
    // \n, \r, and U+2028, U+2029 (E2 80 A8, E2 80 A9): the line breaks `.` does not match.
    if (c === 0x0a || c === 0x0d || (c === 0xe2 && i + 2 < e && b[i + 1] === 0x80 && (b[i + 2] === 0xa8 || b[i + 2] === 0xa9))) return lineBreak;
  }
  return digits ? digitsValue(b, s, e) : NaN;
}

/** The value of the digits `b[s, e)`, as `Number` reads their text. */
function digitsValue(b: Uint8Array, s: number, e: number): number {
  if (e - s > exactDigits) return Number(nameOf(b, s, e));
  let v = 0;
  for (let i = s; i < e; i++) v = v * 10 + (b[i]! - 0x30);
  return v;
}

function sameKey(x: number, y: number, num: Float64Array, id: (c: number) => string, epochs: Float64Array): boolean {
  const a = num[x]!;
  const c = num[y]!;
  if (a !== c && !(Number.isNaN(a) && Number.isNaN(c))) return false;
  return epochs[x] === epochs[y] && id(x) === id(y);
}

/** Positions up to this many are packed with ids below 2^32 into a double (2^32 × 2^21 = 2^53): exact. */
const packed = 2 ** 21;

/**
 * Positions `0 … count-1` in the order Inspect lists samples: numeric ids numerically, then string
 * ids; epochs ascending; ties in their given order. `num` is each id's value when it is digits
 * only (else NaN), so ids are compared as text only when they must be; `plainNumbers` when every
 * id is digits without a leading zero below 2^32 (equal values are then equal ids), so the sort is
 * a native one of numbers.
 */
export function sampleOrder(count: number, num: Float64Array, id: (k: number) => string, epochs: Float64Array, plainNumbers = false): number[] {
  const order: number[] = [];
  if (plainNumbers && count <= packed) {
    // Each id's value and position in one double, sorted natively: equal values keep their given order.
    const keys = new Float64Array(count);
    for (let k = 0; k < count; k++) keys[k] = num[k]! * packed + k;
    keys.sort();
    for (let k = 0; k < count; k++) order.push(keys[k]! % packed);
    // Equal ids are listed by epoch: when their given order is not that, the comparison below sorts them.
    let k = 1;
    while (k < count && !(num[order[k - 1]!] === num[order[k]!] && epochs[order[k - 1]!]! > epochs[order[k]!]!)) k++;
    if (k >= count) return order;
    order.length = 0;
  }
  for (let k = 0; k < count; k++) order.push(k);
  order.sort((x, y) => {
    const a = num[x]!;
    const b = num[y]!;
    const an = Number.isNaN(a);
    const bn = Number.isNaN(b);
    if (!an && !bn && a !== b) return a - b;
    if (an !== bn) return an ? 1 : -1;
    const sa = id(x);
    const sb = id(y);
    return sa < sb ? -1 : sa > sb ? 1 : epochs[x]! - epochs[y]!;
  });
  return order;
}

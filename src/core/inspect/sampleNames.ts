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
  /** Entries whose names are not samples', in directory order. */
  readonly others: number[] = [];
  /** Entries of sample names seen before in the directory (a name written twice), in directory order. */
  readonly repeated: number[] = [];
  /** Ids decoded so far, per sample. */
  private readonly _ids: (string | undefined)[] = [];

  constructor(private readonly _dir: ZipDirectory) {
    const b = _dir.names;
    // Per sample candidate, in directory order: its entry and its layout. Nothing else is kept per sample: its id and
    // epoch are read from its name again when asked, and a log written in id order needs no more to be listed.
    const found = new Uint32Array(_dir.count);
    const layouts = new Uint8Array(_dir.count);
    const { m, increasing } = findSamples(_dir, found, layouts, this.others);
    if (increasing) {
      this.entries = found.subarray(0, m);
      this.chunked = layouts.subarray(0, m);
      return;
    }
    // Per candidate: where its id ends, its id's value (NaN unless digits), its epoch.
    const idEnds = new Float64Array(m);
    const num = new Float64Array(m);
    const epochs = new Float64Array(m);
    // Whether every id is a number written plainly (digits, no leading zero, below 2^32): such ids tie only when equal as text.
    let plain = true;
    for (let c = 0; c < m; c++) {
      const k = found[c]!;
      const idStart = _dir.nameStart(k) + samplesPrefix.length;
      const digitsEnd = _dir.nameEnd(k) - (layouts[c] ? shellSuffix.length : jsonSuffix.length);
      const idEnd = epochAt(b, idStart, digitsEnd);
      idEnds[c] = idEnd;
      num[c] = idValue(b, idStart, idEnd);
      epochs[c] = digitsValue(b, idEnd + epochInfix.length, digitsEnd);
      if (plain && !(num[c]! < 2 ** 32 && (b[idStart] !== 0x30 || idEnd - idStart === 1))) plain = false;
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
    for (let i = 0; i < count; i++) {
      const c = kept[i]!;
      this.chunked[i] = layouts[c]!;
      if (texts[c] !== undefined) this._ids[i] = texts[c];
    }
  }

  get count(): number {
    return this.entries.length;
  }

  /** Sample `i`'s id as its entry's name writes it. */
  id(i: number): string {
    return (this._ids[i] ??= nameOf(this._dir.names, this._dir.nameStart(this.entries[i]!) + samplesPrefix.length, this._idEnd(i)));
  }

  /** Sample `i`'s epoch, as `Number` reads its digits. */
  epoch(i: number): number {
    return digitsValue(this._dir.names, this._idEnd(i) + epochInfix.length, this._digitsEnd(i));
  }

  /** Where sample `i`'s epoch digits end in the names, before its layout's suffix. */
  private _digitsEnd(i: number): number {
    return this._dir.nameEnd(this.entries[i]!) - (this.chunked[i] ? shellSuffix.length : jsonSuffix.length);
  }

  /** Where sample `i`'s id ends in the names: found as when the name was taken for a sample's. */
  private _idEnd(i: number): number {
    return epochAt(this._dir.names, this._dir.nameStart(this.entries[i]!) + samplesPrefix.length, this._digitsEnd(i));
  }
}

/**
 * Which entries are samples (their entry into `found`, their layout into `layouts`, in directory order)
 * and which are not (into `others`); `increasing` when the sample ids are numbers of increasing value
 * in directory order (a log written in id order): that is then the order, with no name twice. A
 * function of its own: it runs once per entry before anything shows, and a small loop is optimized sooner.
 */
function findSamples(dir: ZipDirectory, found: Uint32Array, layouts: Uint8Array, others: number[]): { m: number; increasing: boolean } {
  const b = dir.names;
  const n = dir.count;
  let m = 0;
  let increasing = true;
  let last = -1;
  let s = 0;
  for (let k = 0; k < n; k++) {
    const e = dir.nameEnd(k);
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
    s = e;
    if (value === lineBreak) {
      others.push(k);
      continue;
    }
    // NaN (an id not digits) compares false: not increasing.
    if (increasing && !(m === 0 || last < value)) increasing = false;
    last = value;
    found[m] = k;
    layouts[m] = layout;
    m++;
  }
  return { m, increasing };
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

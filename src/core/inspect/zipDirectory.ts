/** One entry of a zip's central directory: where its bytes are and what the directory claims of them. */
export interface ZipEntry {
  name: string;
  /** Offset of the entry's local header. */
  offset: number;
  compressedSize: number;
  /** The inflated size the directory claims: checked against the bytes, never allocated on trust. */
  size: number;
  method: number;
  crc32: number;
  flags: number;
}

/**
 * A central directory held compactly: the directory's own bytes (names are read from them when
 * asked: a 120k-entry log makes no string per name to open), and each other field in a typed
 * array, so opening allocates a few arrays rather than 120k objects. `entry(k)` gives one entry
 * as an object, when it is read.
 */
export class ZipDirectory {
  private readonly _nameStarts: Float64Array;
  private readonly _nameEnds: Float64Array;
  private readonly _offsets: Float64Array;
  private readonly _compressed: Float64Array;
  private readonly _sizes: Float64Array;
  private readonly _crcs: Uint32Array;
  private readonly _methods: Uint16Array;
  private readonly _flags: Uint16Array;
  private _count = 0;

  /** `bytes`: the central directory as read; entries' names are ranges of it. */
  constructor(
    readonly bytes: Uint8Array,
    capacity: number,
  ) {
    this._nameStarts = new Float64Array(capacity);
    this._nameEnds = new Float64Array(capacity);
    this._offsets = new Float64Array(capacity);
    this._compressed = new Float64Array(capacity);
    this._sizes = new Float64Array(capacity);
    this._crcs = new Uint32Array(capacity);
    this._methods = new Uint16Array(capacity);
    this._flags = new Uint16Array(capacity);
  }

  get count(): number {
    return this._count;
  }

  /** Adds the entry whose name is `bytes[nameStart, nameEnd)`. */
  add(nameStart: number, nameEnd: number, offset: number, compressedSize: number, size: number, method: number, crc32: number, flags: number): void {
    const k = this._count++;
    this._nameStarts[k] = nameStart;
    this._nameEnds[k] = nameEnd;
    this._offsets[k] = offset;
    this._compressed[k] = compressedSize;
    this._sizes[k] = size;
    this._crcs[k] = crc32;
    this._methods[k] = method;
    this._flags[k] = flags;
  }

  /** Where entry `k`'s name is in `bytes`: [start, end). */
  nameStart(k: number): number {
    return this._nameStarts[k]!;
  }
  nameEnd(k: number): number {
    return this._nameEnds[k]!;
  }

  /** Entry `k`'s name as text. */
  name(k: number): string {
    return nameOf(this.bytes, this._nameStarts[k]!, this._nameEnds[k]!);
  }

  entry(k: number): ZipEntry {
    return { name: this.name(k), offset: this._offsets[k]!, compressedSize: this._compressed[k]!, size: this._sizes[k]!, method: this._methods[k]!, crc32: this._crcs[k]!, flags: this._flags[k]! };
  }
}

export type RangeRead = (offset: number, length: number) => Promise<Uint8Array>;

const eocdSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EocdSignature = 0x06064b50;
const entrySignature = 0x02014b50;
/** The end record (22 bytes) and the longest comment it can have. */
const maxTail = 22 + 0xffff;

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
/** A 64-bit field as a number; past 2^53 it cannot be an offset or size of a real file. */
function u64(b: Uint8Array, at: number, what: string): number {
  const n = u32(b, at) + u32(b, at + 4) * 2 ** 32;
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what}: a 64-bit field is past 2^53: a damaged or forged zip`);
  return n;
}

/** The ZIP64 extra field's value at `at` (it holds only the fields that overflowed, in a fixed order); the entry is named only when it is wrong. */
function zip64Value(b: Uint8Array, at: number, end: number, what: string, nameStart: number, nameEnd: number): number {
  if (at + 8 > end) throw new Error(`${nameOf(b, nameStart, nameEnd)}: its ZIP64 field has no ${what}: damaged`);
  const n = u32(b, at) + u32(b, at + 4) * 2 ** 32;
  if (!Number.isSafeInteger(n)) throw new RangeError(`${nameOf(b, nameStart, nameEnd)}: a 64-bit field is past 2^53: a damaged or forged zip`);
  return n;
}

// A leading byte-order mark is kept, as Python's zipfile keeps it: part of the name, and of an id read from part of a name.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** A name's bytes as text: ASCII (nearly every name) in one flat string without a decoder call, else UTF-8 as the zip's writer (Python) means it. */
export function nameOf(b: Uint8Array, start: number, end: number): string {
  for (let i = start; i < end; i++) if (b[i]! >= 0x80) return utf8.decode(b.subarray(start, end));
  return String.fromCharCode.apply(null, b.subarray(start, end) as unknown as number[]);
}

/**
 * A zip's central directory, read in one range read: the end record (ZIP64 when the counts or
 * offsets overflow, as Python writes past 65,535 entries), then every entry, each field checked
 * against the real file size. Nothing of an entry's data is read. Throws an error saying what
 * is wrong and where.
 */
export async function readZipDirectory(read: RangeRead, fileSize: number): Promise<ZipDirectory> {
  const tailStart = Math.max(0, fileSize - maxTail);
  const tail = await read(tailStart, fileSize - tailStart);
  let end = -1;
  // The last signature whose comment reaches the end of the file exactly: a comment may contain the signature.
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === eocdSignature && i + 22 + u16(tail, i + 20) === tail.length) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('no end of central directory record: not a zip, or truncated');
  const endAt = tailStart + end;
  let count = u16(tail, end + 10);
  let dirSize = u32(tail, end + 12);
  let dirOffset = u32(tail, end + 16);
  let dirLimit = endAt;
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    const locatorAt = endAt - 20;
    const locator = locatorAt >= 0 ? await read(locatorAt, 20) : new Uint8Array(0);
    if (locator.length < 20 || u32(locator, 0) !== zip64LocatorSignature) throw new Error('the end record points to a ZIP64 record that is not there: damaged');
    const recordAt = u64(locator, 8, 'the ZIP64 end record offset');
    if (recordAt + 56 > locatorAt) throw new Error(`the ZIP64 end record (at ${recordAt.toLocaleString('en-US')}) is not before its locator: damaged or truncated`);
    const record = await read(recordAt, 56);
    if (u32(record, 0) !== zip64EocdSignature) throw new Error(`no ZIP64 end record at ${recordAt.toLocaleString('en-US')}: damaged`);
    count = u64(record, 32, 'the ZIP64 entry count');
    dirSize = u64(record, 40, 'the ZIP64 directory size');
    dirOffset = u64(record, 48, 'the ZIP64 directory offset');
    dirLimit = recordAt;
  }
  if (dirOffset + dirSize > dirLimit) {
    throw new Error(`the central directory (${dirSize.toLocaleString('en-US')} bytes at ${dirOffset.toLocaleString('en-US')}) runs past where the file's end record is (${dirLimit.toLocaleString('en-US')}): truncated or damaged`);
  }
  // Each entry takes at least 46 bytes: a count the directory cannot hold is refused before anything is allocated for it.
  if (count * 46 > dirSize) throw new Error(`the zip claims ${count.toLocaleString('en-US')} entries in a ${dirSize.toLocaleString('en-US')}-byte central directory, more than it can hold: damaged`);
  const dir = await read(dirOffset, dirSize);
  if (dir.length < dirSize) throw new Error('the file ends inside its central directory: truncated');
  const entries = new ZipDirectory(dir, count);
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > dirSize || u32(dir, p) !== entrySignature) throw new Error(`central directory entry ${k + 1} of ${count.toLocaleString('en-US')} is not where the previous one ends (byte ${(dirOffset + p).toLocaleString('en-US')}): damaged`);
    const flags = u16(dir, p + 8);
    const method = u16(dir, p + 10);
    const crc32 = u32(dir, p + 16);
    let compressedSize = u32(dir, p + 20);
    let size = u32(dir, p + 24);
    const nameLength = u16(dir, p + 28);
    const extraLength = u16(dir, p + 30);
    const commentLength = u16(dir, p + 32);
    let offset = u32(dir, p + 42);
    const nameStart = p + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > dirSize) throw new Error(`central directory entry ${k + 1} runs past the directory's end: damaged`);
    if (size === 0xffffffff || compressedSize === 0xffffffff || offset === 0xffffffff) {
      // No object or name per entry: Python writes this field for every entry of a large log.
      const extraEnd = extraStart + extraLength;
      let at = -1;
      let fieldEnd = -1;
      for (let x = extraStart; x + 4 <= extraEnd; x += 4 + u16(dir, x + 2)) {
        if (u16(dir, x) !== 0x0001) continue;
        at = x + 4;
        fieldEnd = Math.min(at + u16(dir, x + 2), extraEnd);
        break;
      }
      if (at < 0) throw new Error(`${nameOf(dir, nameStart, extraStart)}: sizes past 4 GB with no ZIP64 field: damaged`);
      if (size === 0xffffffff) {
        size = zip64Value(dir, at, fieldEnd, 'size', nameStart, extraStart);
        at += 8;
      }
      if (compressedSize === 0xffffffff) {
        compressedSize = zip64Value(dir, at, fieldEnd, 'compressed size', nameStart, extraStart);
        at += 8;
      }
      if (offset === 0xffffffff) offset = zip64Value(dir, at, fieldEnd, 'header offset', nameStart, extraStart);
    }
    entries.add(nameStart, extraStart, offset, compressedSize, size, method, crc32, flags);
    p = next;
  }
  return entries;
}

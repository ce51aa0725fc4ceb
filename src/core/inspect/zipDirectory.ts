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
 * A central directory held compactly: its own bytes and where each entry's record is in them.
 * Opening walks the records (where each one ends) and nothing more: a 120k-entry log makes no
 * string, object or parsed field per entry. An entry's name and fields are read from its record
 * when asked (`name(k)`, `entry(k)`), and a field that is wrong is that entry's error, then.
 */
export class ZipDirectory {
  private readonly _records: Float64Array;
  private _count = 0;

  /** `bytes`: the central directory as read. */
  constructor(
    readonly bytes: Uint8Array,
    capacity: number,
  ) {
    this._records = new Float64Array(capacity);
  }

  get count(): number {
    return this._count;
  }

  /** Adds the entry whose record starts at `bytes[record]` (checked to lie within the directory). */
  add(record: number): void {
    this._records[this._count++] = record;
  }

  /** Where entry `k`'s name is in `bytes`: [start, end). */
  nameStart(k: number): number {
    return this._records[k]! + 46;
  }
  nameEnd(k: number): number {
    const p = this._records[k]!;
    return p + 46 + u16(this.bytes, p + 28);
  }

  /** Entry `k`'s name as text. */
  name(k: number): string {
    return nameOf(this.bytes, this.nameStart(k), this.nameEnd(k));
  }

  /** Entry `k`'s fields, its ZIP64 field read where the 32-bit ones overflow; throws, naming the entry, when they are damaged. */
  entry(k: number): ZipEntry {
    const dir = this.bytes;
    const p = this._records[k]!;
    const nameStart = p + 46;
    const extraStart = nameStart + u16(dir, p + 28);
    let compressedSize = u32(dir, p + 20);
    let size = u32(dir, p + 24);
    let offset = u32(dir, p + 42);
    const name = nameOf(dir, nameStart, extraStart);
    if (size === 0xffffffff || compressedSize === 0xffffffff || offset === 0xffffffff) {
      const extraEnd = extraStart + u16(dir, p + 30);
      let at = -1;
      let fieldEnd = -1;
      for (let x = extraStart; x + 4 <= extraEnd; x += 4 + u16(dir, x + 2)) {
        if (u16(dir, x) !== 0x0001) continue;
        at = x + 4;
        fieldEnd = Math.min(at + u16(dir, x + 2), extraEnd);
        break;
      }
      if (at < 0) throw new Error(`${name}: sizes past 4 GB with no ZIP64 field: damaged`);
      const cursor = { at, end: fieldEnd, name };
      if (size === 0xffffffff) size = zip64Value(dir, cursor, 'size');
      if (compressedSize === 0xffffffff) compressedSize = zip64Value(dir, cursor, 'compressed size');
      if (offset === 0xffffffff) offset = zip64Value(dir, cursor, 'header offset');
    }
    return { name, offset, compressedSize, size, method: u16(dir, p + 10), crc32: u32(dir, p + 16), flags: u16(dir, p + 8) };
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

/** The next value of an entry's ZIP64 extra field (it holds only the fields that overflowed, in a fixed order). */
function zip64Value(b: Uint8Array, cursor: { at: number; end: number; name: string }, what: string): number {
  if (cursor.at + 8 > cursor.end) throw new Error(`${cursor.name}: its ZIP64 field has no ${what}: damaged`);
  const v = u64(b, cursor.at, cursor.name);
  cursor.at += 8;
  return v;
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
 * offsets overflow, as Python writes past 65,535 entries), then every entry's record found, each
 * within the directory. Nothing of an entry's data is read, and its fields only when it is
 * (`ZipDirectory.entry`). Throws an error saying what is wrong and where.
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
    // The three lengths (name, extra, comment) read inline: this loop runs once per entry before anything shows.
    const next = p + 46 + (dir[p + 28]! | (dir[p + 29]! << 8)) + (dir[p + 30]! | (dir[p + 31]! << 8)) + (dir[p + 32]! | (dir[p + 33]! << 8));
    if (next > dirSize) throw new Error(`central directory entry ${k + 1} runs past the directory's end: damaged`);
    entries.add(p);
    p = next;
  }
  return entries;
}

import type { ByteSource } from '../input/byteSource';
import { blockReader } from '../input/blockReader';
import { readFully } from '../input/entryStream';

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

/** Positions up to `max`: in four bytes each below 2^32, else eight (`max` is a real length, the directory's). */
type Positions = Uint32Array | Float64Array;
const positions = (length: number, max: number): Positions => (max < 2 ** 32 ? new Uint32Array(length) : new Float64Array(length));

/**
 * A central directory held compactly: every entry's name, one after another, and where each entry's
 * record is in the directory. The rest of the directory (fixed fields, extra fields, comments: about
 * three quarters of its bytes) is not kept; an entry's fields are read from its record again when the
 * entry is read (`entry(k)`), and a field that is wrong is that entry's error, then.
 */
export class ZipDirectory {
  /** Records read again for `entry`: a chunked sample's chunks are neighbours in the directory, served by one block. */
  private readonly _readRecord: RangeRead;

  constructor(
    /** Every entry's name, in directory order; entry `k`'s is `[nameStart(k), nameEnd(k))`. */
    readonly names: Uint8Array,
    private readonly _nameEnds: Positions,
    /** Where each record starts in the directory, and one more: where the last ends. */
    private readonly _records: Positions,
    readonly count: number,
    private readonly _dirOffset: number,
    source: ByteSource,
  ) {
    this._readRecord = blockReader(source, recordBlock);
  }

  /** Where entry `k`'s name is in `names`: [start, end). */
  nameStart(k: number): number {
    return k === 0 ? 0 : this._nameEnds[k - 1]!;
  }
  nameEnd(k: number): number {
    return this._nameEnds[k]!;
  }

  /** Entry `k`'s name as text. */
  name(k: number): string {
    return nameOf(this.names, this.nameStart(k), this.nameEnd(k));
  }

  /** Entry `k`'s fields, its ZIP64 field read where the 32-bit ones overflow; throws, naming the entry, when they are damaged. */
  async entry(k: number): Promise<ZipEntry> {
    const name = this.name(k);
    const start = this._records[k]!;
    const length = this._records[k + 1]! - start;
    const dir = await this._readRecord(this._dirOffset + start, length);
    // The record was whole and named so when the directory was walked: else the file changed since.
    const nameLength = this.nameEnd(k) - this.nameStart(k);
    const same = dir.length === length && u32(dir, 0) === entrySignature && u16(dir, 28) === nameLength && 46 + nameLength + u16(dir, 30) + u16(dir, 32) === length && sameBytes(dir, 46, this.names, this.nameStart(k), nameLength);
    if (!same) throw new Error(`${name}: its central directory record is not what it was when the log was opened: the file changed`);
    const extraStart = 46 + nameLength;
    let compressedSize = u32(dir, 20);
    let size = u32(dir, 24);
    let offset = u32(dir, 42);
    if (size === 0xffffffff || compressedSize === 0xffffffff || offset === 0xffffffff) {
      const extraEnd = extraStart + u16(dir, 30);
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
    return { name, offset, compressedSize, size, method: u16(dir, 10), crc32: u32(dir, 16), flags: u16(dir, 8) };
  }
}

function sameBytes(a: Uint8Array, at: number, b: Uint8Array, bt: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[at + i] !== b[bt + i]) return false;
  return true;
}

export type RangeRead = (offset: number, length: number) => Promise<Uint8Array>;

const eocdSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EocdSignature = 0x06064b50;
const entrySignature = 0x02014b50;
/** The end record (22 bytes) and the longest comment it can have. */
const maxTail = 22 + 0xffff;
/** A record's longest: its 46 fixed bytes and three 16-bit lengths (name, extra, comment). */
const maxRecord = 46 + 3 * 0xffff;
/**
 * The directory is walked through one buffer of this size, read again and again: a 12 MB directory read
 * whole was 12 MB of fresh pages, each faulted in by the read and again when first touched, which cost
 * more than the walk (a record always fits in it).
 */
const walkBlock = 256 << 10;
if (walkBlock < maxRecord) throw new Error('walkBlock must hold a whole record');
/** Records read again for their fields come from blocks of this size: neighbours (a chunked sample's parts) share one. */
const recordBlock = 64 << 10;

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
 * A zip's central directory: the end record (ZIP64 when the counts or offsets overflow, as Python
 * writes past 65,535 entries), then every entry's record found, each within the directory, read
 * through one small buffer; only the names and where each record starts are kept. Nothing of an
 * entry's data is read, and its fields only when it is (`ZipDirectory.entry`). Throws an error
 * saying what is wrong and where.
 */
export async function readZipDirectory(source: ByteSource, read: RangeRead): Promise<ZipDirectory> {
  const fileSize = source.size;
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
  // The names take at most what the records' fixed parts leave of the directory, and 64 KiB each; pages never written are never touched.
  const walk: Walk = { k: 0, p: 0, namesEnd: 0, count, dirOffset, dirSize, names: new Uint8Array(Math.min(dirSize - 46 * count, count * 0xffff)), nameEnds: positions(count, dirSize), records: positions(count + 1, dirSize) };
  const buffer = source.alloc(Math.min(walkBlock, dirSize));
  while (walk.k < count) {
    // Each block starts at the first record not yet walked, so a record cut by the last block's end is read whole.
    const length = Math.min(buffer.length, dirSize - walk.p);
    if ((await readFully(source, buffer, length, dirOffset + walk.p)) < length) throw new Error('the file ends inside its central directory: truncated');
    const from = walk.k;
    walkRecords(walk, buffer, length);
    // A record is at most `maxRecord` bytes and a block at least that or the rest of the directory: each block walks one.
    if (walk.k === from) throw new Error(`central directory entry ${from + 1} is longer than a record can be: damaged`);
  }
  walk.records[count] = walk.p;
  return new ZipDirectory(walk.names, walk.nameEnds, walk.records, count, dirOffset, source);
}

/** Where a walk of the directory is: the next entry `k`, its record at `p`, the names kept so far. */
interface Walk {
  k: number;
  p: number;
  namesEnd: number;
  readonly count: number;
  readonly dirOffset: number;
  readonly dirSize: number;
  readonly names: Uint8Array;
  readonly nameEnds: Positions;
  readonly records: Positions;
}

/**
 * The records wholly in `block` (the directory's bytes from `walk.p`, `length` of them): each found where
 * the previous one ends, its name kept. Stops at the first record the block cuts. A small function of its
 * own: it runs once per entry before anything shows, in a process whose JIT is cold, and a small loop is
 * optimized sooner.
 */
function walkRecords(walk: Walk, block: Uint8Array, length: number): void {
  const { count, dirOffset, dirSize, names, nameEnds, records } = walk;
  const base = walk.p;
  let { k, namesEnd } = walk;
  let q = 0;
  for (; k < count; k++) {
    const p = base + q;
    if (p + 46 > dirSize) throw misplaced(k, count, dirOffset + p);
    if (q + 46 > length) break;
    if ((block[q]! | (block[q + 1]! << 8) | (block[q + 2]! << 16) | (block[q + 3]! << 24)) >>> 0 !== entrySignature) throw misplaced(k, count, dirOffset + p);
    // The three lengths (name, extra, comment) read inline.
    const nameLength = block[q + 28]! | (block[q + 29]! << 8);
    const next = q + 46 + nameLength + (block[q + 30]! | (block[q + 31]! << 8)) + (block[q + 32]! | (block[q + 33]! << 8));
    if (base + next > dirSize) throw new Error(`central directory entry ${k + 1} runs past the directory's end: damaged`);
    if (next > length) break;
    for (let i = q + 46, e = q + 46 + nameLength; i < e; i++) names[namesEnd++] = block[i]!;
    nameEnds[k] = namesEnd;
    records[k] = p;
    q = next;
  }
  walk.k = k;
  walk.p = base + q;
  walk.namesEnd = namesEnd;
}

const misplaced = (k: number, count: number, at: number) => new Error(`central directory entry ${k + 1} of ${count.toLocaleString('en-US')} is not where the previous one ends (byte ${at.toLocaleString('en-US')}): damaged`);

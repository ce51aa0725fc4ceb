import { Inflate, inflateSync } from 'fflate';
import { crc32 } from '../input/crc32';
import type { RangeRead, ZipEntry } from './zipDirectory';

/** The most one zip entry (a sample, a chunk, the header) is inflated to: past it, the entry is an error, never an allocation of its claimed size. */
export const maxEntryBytes = 256 << 20;
/** Deflate's best ratio is about 1032:1: an entry claiming more than that of its compressed bytes is not what the file holds. */
const maxDeflateRatio = 1032;
/** Entries up to this many compressed bytes are inflated at once (microseconds); larger ones a block at a time, each read yielding. */
const syncInflateBytes = 1 << 20;

const mb = (n: number) => `${(n / (1 << 20)).toFixed(1)} MB`;
const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/**
 * An entry's bytes, checked: its claimed size against the cap and against what its compressed
 * bytes can inflate to, its data against the real end of the file, its inflated length against
 * the claim (inflating stops once past it: a zip bomb is an error, not an allocation), and its
 * CRC-32 against the central directory's, so an entry edited after the log was written is not
 * read as genuine. Throws an error that says which check failed.
 */
export async function readEntry(entry: ZipEntry, read: RangeRead, fileSize: number): Promise<Uint8Array> {
  const { name, size, compressedSize, method } = entry;
  if (size > maxEntryBytes) throw new RangeError(`${name} claims ${mb(size)}, past the ${mb(maxEntryBytes)} one entry is read with`);
  const holds = method === 0 ? compressedSize : compressedSize * maxDeflateRatio + 64;
  if (size > holds) throw new RangeError(`${name} claims ${mb(size)} from ${compressedSize.toLocaleString('en-US')} compressed bytes, more than they can hold: a damaged or forged zip`);
  if (entry.flags & 1) throw new Error(`${name} is encrypted`);
  if (method !== 0 && method !== 8) throw new Error(`${name}: unsupported compression method ${method}`);
  const head = await read(entry.offset, 30);
  if (head.length < 30 || (head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)) !== 0x04034b50) throw new Error(`${name}: no local file header where the central directory says`);
  const start = entry.offset + 30 + (head[26]! | (head[27]! << 8)) + (head[28]! | (head[29]! << 8));
  if (start + compressedSize > fileSize) throw new Error(`${name}: the file ends inside the entry (${compressedSize.toLocaleString('en-US')} bytes at ${start.toLocaleString('en-US')} of a ${fileSize.toLocaleString('en-US')}-byte file)`);
  const bytes = method === 0 ? await read(start, compressedSize) : compressedSize <= syncInflateBytes ? inflateSmall(await read(start, compressedSize), size, name) : await inflateBlocks(read, start, compressedSize, size, name);
  if (bytes.length !== size) throw new Error(`${name} inflates to ${bytes.length.toLocaleString('en-US')} bytes, not the ${size.toLocaleString('en-US')} the zip says: damaged`);
  const sum = crc32(bytes);
  if (sum !== entry.crc32 >>> 0) throw new Error(`${name} fails its CRC-32 check (the zip says ${hex(entry.crc32)}, its bytes give ${hex(sum)}): changed or damaged after the log was written`);
  return bytes;
}

/** A small entry at once; one byte of room past the claim tells an entry that inflates to more from one that fits. */
function inflateSmall(data: Uint8Array, size: number, name: string): Uint8Array {
  let out: Uint8Array;
  try {
    out = inflateSync(data, { out: new Uint8Array(size + 1) });
  } catch (err) {
    throw new Error(`${name}: damaged deflate data (${err instanceof Error ? err.message : String(err)})`);
  }
  if (out.length > size) throw new Error(`${name} inflates to more than the ${size.toLocaleString('en-US')} bytes the zip says: damaged or forged`);
  return out;
}

/** A large entry a block at a time; stops as soon as the output passes the claimed size. */
async function inflateBlocks(read: RangeRead, start: number, compressedSize: number, size: number, name: string): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let length = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (over || length + chunk.length > size) {
      over = true;
      return;
    }
    out.set(chunk, length);
    length += chunk.length;
  });
  for (let at = 0; at < compressedSize && !over; at += syncInflateBytes) {
    const n = Math.min(syncInflateBytes, compressedSize - at);
    const block = await read(start + at, n);
    if (block.length < n) throw new Error(`${name}: the file ends inside the entry`);
    try {
      inflater.push(block, at + n >= compressedSize);
    } catch (err) {
      throw new Error(`${name}: damaged deflate data (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  if (over) throw new Error(`${name} inflates to more than the ${size.toLocaleString('en-US')} bytes the zip says: damaged or forged`);
  return out.subarray(0, length);
}

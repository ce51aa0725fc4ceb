import { inflateSync } from 'fflate';
import type { ZipEntry } from 'unzipit';
import { z } from 'zod';
import { crc32 } from '../input/crc32';

/** The most one zip entry (a sample, a chunk, the header) is inflated to: past it, the entry is an error, never an allocation of its claimed size. */
export const maxEntryBytes = 256 << 20;
/** Deflate's best ratio is about 1032:1: an entry claiming more than that of its compressed bytes is not what the file holds. */
const maxDeflateRatio = 1032;
/** Entries up to this many compressed bytes are inflated at once (fflate, microseconds); larger ones stream through the platform's DecompressionStream, which yields. */
const syncInflateBytes = 1 << 20;

/** What unzipit read from the central directory and keeps on its raw entry (not in its public type). */
const rawEntrySchema = z.object({
  relativeOffsetOfLocalHeader: z.number().int().nonnegative(),
  compressedSize: z.number().int().nonnegative(),
  uncompressedSize: z.number().int().nonnegative(),
  compressionMethod: z.number().int(),
  crc32: z.number().int(),
  generalPurposeBitFlag: z.number().int(),
});
type RawEntry = z.infer<typeof rawEntrySchema>;

export type RangeRead = (offset: number, length: number) => Promise<Uint8Array>;

const mb = (n: number) => `${(n / (1 << 20)).toFixed(1)} MB`;
const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/**
 * An entry's bytes, checked: its claimed size against the cap and against what its compressed
 * bytes can inflate to (unzipit allocates the claimed size up front), its inflated length
 * against the claim, and its CRC-32 against the central directory's, so an entry edited after
 * the log was written is not read as genuine. Throws an error that says which check failed.
 */
export async function readEntry(entry: ZipEntry, read: RangeRead): Promise<Uint8Array> {
  if (entry.size > maxEntryBytes) throw new RangeError(`${entry.name} claims ${mb(entry.size)}, past the ${mb(maxEntryBytes)} one entry is read with`);
  const holds = entry.compressionMethod === 0 ? entry.compressedSize : entry.compressedSize * maxDeflateRatio + 64;
  if (entry.size > holds) throw new RangeError(`${entry.name} claims ${mb(entry.size)} from ${entry.compressedSize.toLocaleString('en-US')} compressed bytes, more than they can hold: a damaged or forged zip`);
  const raw = rawEntrySchema.safeParse((entry as unknown as { _rawEntry?: unknown })._rawEntry);
  const bytes = raw.success && raw.data.compressedSize <= syncInflateBytes && !(raw.data.generalPurposeBitFlag & 1) ? await readSmall(raw.data, read, entry.name) : new Uint8Array(await entry.arrayBuffer());
  if (bytes.length !== entry.size) throw new Error(`${entry.name} inflates to ${bytes.length.toLocaleString('en-US')} bytes, not the ${entry.size.toLocaleString('en-US')} the zip says: damaged`);
  if (raw.success && crc32(bytes) !== raw.data.crc32 >>> 0) throw new Error(`${entry.name} fails its CRC-32 check (the zip says ${hex(raw.data.crc32)}, its bytes give ${hex(crc32(bytes))}): changed or damaged after the log was written`);
  return bytes;
}

/** A small entry read from its local header on: a DecompressionStream per entry costs about a millisecond, so 60k message chunks took a minute. */
async function readSmall(raw: RawEntry, read: RangeRead, name: string): Promise<Uint8Array> {
  const head = await read(raw.relativeOffsetOfLocalHeader, 30);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length < 30 || view.getUint32(0, true) !== 0x04034b50) throw new Error(`${name}: no local file header where the central directory says`);
  const start = raw.relativeOffsetOfLocalHeader + 30 + view.getUint16(26, true) + view.getUint16(28, true);
  const data = await read(start, raw.compressedSize);
  if (data.length < raw.compressedSize) throw new Error(`${name}: the file ends inside the entry`);
  if (raw.compressionMethod === 0) return data;
  if (raw.compressionMethod !== 8) throw new Error(`${name}: unsupported compression method ${raw.compressionMethod}`);
  try {
    return inflateSync(data, { out: new Uint8Array(raw.uncompressedSize) }).subarray(0, raw.uncompressedSize);
  } catch (err) {
    throw new Error(`${name}: damaged deflate data (${err instanceof Error ? err.message : String(err)})`);
  }
}

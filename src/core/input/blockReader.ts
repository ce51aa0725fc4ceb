import type { ByteSource } from './byteSource';
import { readFully } from './entryStream';

/**
 * Ranged reads for a zip reader: a zip's small reads (a 30-byte local header, then a small
 * entry) each cost an I/O round trip, so a sample of 60k message chunks took 120k of them. Reads
 * smaller than a block are served from the last block read (one pread of `blockSize`, 1 MiB unless
 * told); larger ones go to the source as they are.
 */
export function blockReader(source: ByteSource, blockSize = 1 << 20): (offset: number, length: number) => Promise<Uint8Array<ArrayBuffer>> {
  let block: { start: number; bytes: Uint8Array<ArrayBuffer>; memory: Uint8Array<ArrayBuffer> } | undefined;
  // A replaced block's memory, read into again: a fresh block each time was fresh pages to fault in (a jump's 1 MiB).
  // Reads are served from the current block synchronously, so once replaced no read sees it; one being filled is never current.
  let spare: Uint8Array<ArrayBuffer> | undefined;
  return async (offset, length) => {
    const end = offset + length;
    if (length <= blockSize / 4) {
      if (!block || offset < block.start || end > block.start + block.bytes.length) {
        const memory = spare ?? new Uint8Array(Math.min(blockSize, Math.max(0, source.size)));
        spare = undefined;
        const want = Math.min(memory.length, Math.max(0, source.size - offset));
        const got = await readFully(source, memory, want, offset);
        spare = block?.memory;
        block = { start: offset, bytes: memory.subarray(0, got), memory };
      }
      if (end <= block.start + block.bytes.length) return block.bytes.slice(offset - block.start, end - block.start);
    }
    const buf = new Uint8Array(length);
    await readFully(source, buf, length, offset);
    return buf;
  };
}

import type { ByteSource } from './byteSource';
import type { LineIndex } from './lineIndex';

/** A sequence of entry numbers, in ascending order. */
export interface EntryList {
  readonly length: number;
  at(k: number): number;
}

/** Entries `from` … `to - 1`. */
export function entryRange(from: number, to: number): EntryList {
  return { length: Math.max(0, to - from), at: (k) => from + k };
}

const defaultWindow = 4 * 1024 * 1024;

/** Reads until `length` bytes are in or the source ends; resolves to the count read. */
export async function readFully(source: ByteSource, buffer: Uint8Array, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const n = await source.read(buffer, got, length - got, position + got);
    if (n <= 0) break;
    got += n;
  }
  return got;
}

interface Window {
  start: number;
  length: number;
  /** Positions in the entry list: [first, last). */
  first: number;
  last: number;
}

/**
 * The bytes of many entries, in order, read in large windows (a pread per item costs more than
 * parsing small items). The next window is read while the current one is consumed. Each
 * `bytes` is a view into a reused buffer: use it before asking for the next entry.
 */
export async function* readEntries(
  source: ByteSource,
  index: LineIndex,
  entries: EntryList,
  options: { window?: number } = {},
): AsyncGenerator<{ entry: number; bytes: Uint8Array }> {
  // No larger than the file (a small shard's 8 MiB of windows was most of its cost).
  const size = Math.max(1, Math.min(options.window ?? defaultWindow, source.size));
  let k = 0;
  const plan = (): Window | undefined => {
    if (k >= entries.length) return undefined;
    const first = k;
    const { start } = index.range(entries.at(k));
    let end = index.range(entries.at(k)).end;
    k++;
    while (k < entries.length) {
      const r = index.range(entries.at(k));
      if (r.end - start > size || r.start < end) break;
      end = r.end;
      k++;
    }
    return { start, length: end - start, first, last: k };
  };
  const buffers = [source.alloc(size), source.alloc(size)];
  const load = async (w: Window | undefined, slot: number): Promise<{ w: Window; buf: Uint8Array } | undefined> => {
    if (!w) return undefined;
    // An entry longer than the window gets a buffer of its own.
    const buf = w.length > size ? source.alloc(w.length) : buffers[slot]!;
    await readFully(source, buf, w.length, w.start);
    return { w, buf };
  };
  let slot = 0;
  // A read still in flight when the consumer stops early must not become an unhandled rejection.
  const start = (w: Window | undefined, s: number) => {
    const p = load(w, s);
    p.catch(() => undefined);
    return p;
  };
  let pending = start(plan(), slot);
  while (true) {
    const current = await pending;
    if (!current) return;
    slot ^= 1;
    pending = start(plan(), slot);
    const { w, buf } = current;
    for (let j = w.first; j < w.last; j++) {
      const entry = entries.at(j);
      const r = index.range(entry);
      yield { entry, bytes: buf.subarray(r.start - w.start, r.end - w.start) };
    }
  }
}

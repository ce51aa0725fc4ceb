import type { ByteSource } from '../input/byteSource';
import type { TraceFileBytes, TraceGroupBytes } from './traceGroup';

/** A trace file as the platform opens it (the opening plan's file access), named for messages. */
export interface TraceFile {
  readonly name: string;
  open(): Promise<ByteSource & { close(): Promise<void> }>;
  /** The whole file in one call, where the platform has it (fewer round trips than open, read, close). */
  read?(): Promise<Uint8Array>;
}

/**
 * The files one trace is read from: `main` in order (a session; a trajectory and its
 * continuations) and `related` files it may point at (sub-agent sessions, a trial's result),
 * named by its main file. Nothing is read until the index or the review asks.
 */
export interface TraceGroup {
  readonly name: string;
  readonly main: readonly TraceFile[];
  readonly related: readonly TraceFile[];
  /** Not sniffed when its folder was walked: indexing checks its format from the bytes it reads anyway, and skips it if another. */
  readonly unsniffed?: boolean;
}

/** Reads `length` bytes of `source` from `position`, in one buffer. */
export async function readRange(source: ByteSource, position: number, length: number): Promise<Uint8Array> {
  const buf = source.alloc(length);
  let done = 0;
  while (done < length) {
    const n = await source.read(buf, done, length - done, position + done);
    if (n <= 0) break;
    done += n;
  }
  return done < length ? buf.subarray(0, done) : buf;
}

/** A whole file's bytes (a session, a trajectory: small files, read when indexed or shown). */
export async function readWhole(file: TraceFile): Promise<TraceFileBytes> {
  if (file.read) return { name: file.name, bytes: await file.read() };
  const f = await file.open();
  try {
    return { name: file.name, bytes: await readRange(f, 0, f.size) };
  } finally {
    await f.close();
  }
}

/** The bytes of a group: its main files (a failure throws) and the related files that can be read. */
export async function loadGroup(group: TraceGroup): Promise<TraceGroupBytes> {
  const main = await Promise.all(group.main.map(readWhole));
  const related = await Promise.all(group.related.map((f) => readWhole(f).catch(() => undefined)));
  return { main, related: related.filter((f): f is TraceFileBytes => f !== undefined) };
}

import { constants, fstat, read } from 'node:fs';
import { isatty } from 'node:tty';
import { promisify } from 'node:util';
import { mkdtemp, open, stat, type FileHandle } from 'node:fs/promises';
import { removeAtExit } from './tempFiles';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ByteSource } from '../core/input/byteSource';

/** A ByteSource over an open file. Call `close()` when the document goes away. */
export interface FileSource extends ByteSource {
  /** The file read: the input itself, or a pipe's temporary copy (worker threads open it again). */
  readonly path: string;
  close(): Promise<void>;
}

/** A pipe that nothing writes to is refused after this long, instead of waiting forever. */
export const pipeWaitMs = 5000;

/**
 * The most a pipe is spooled to the temporary folder: 2 GiB, or `TRANSCRIPT_REVIEW_MAX_PIPE_MB`
 * megabytes. Past it the input is refused (exit 2) and the copy removed, instead of filling the disk.
 */
export function maxPipeBytes(): number {
  const mb = Number(process.env.TRANSCRIPT_REVIEW_MAX_PIPE_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : 2048) * (1 << 20);
}

/** A pipe that never delivers a byte, or a device that is not a pipe: refused (exit 2), never read as an empty input. */
export class SpecialFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Opens a file for random access. A pipe or FIFO (`/dev/stdin`, `-`, `<(cmd)`) has no size and
 * cannot be read twice, so it is copied to a temporary file first (removed on close). Other
 * devices (a terminal, `/dev/zero`) are refused.
 */
export async function openFileSource(path: string): Promise<FileSource> {
  // Standard input is read through its descriptor: a socket (as Node's own child processes get) cannot be opened by path.
  const stdin = path === '-' || path === '/dev/stdin';
  const name = stdin ? '/dev/stdin' : path;
  const info = stdin ? await promisify(fstat)(0) : await stat(name);
  if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (info.isFile()) return overHandle(await open(name, 'r'), name, info.size);
  if (!info.isFIFO() && !info.isSocket()) throw new SpecialFileError('ENOTSUP', stdin && isatty(0) ? 'is a terminal: pipe the data in (`cmd | transcript-review validate -`)' : 'not a regular file or a pipe');
  const dir = await mkdtemp(join(tmpdir(), 'transcript-review-pipe-'));
  const remove = removeAtExit(dir);
  const copy = join(dir, 'input.jsonl');
  try {
    // Only a named FIFO can lack a writer; an anonymous pipe (`/dev/stdin`, `/dev/fd/63` from `<(cmd)`) had one from the start.
    await spool(stdin ? 0 : name, copy, info.isFIFO() && !/^\/(dev|proc)\//.test(name), maxPipeBytes());
    const source = await overHandle(await open(copy, 'r'), copy);
    return { ...source, close: async () => void (await source.close(), remove()) };
  } catch (err) {
    remove();
    throw err;
  }
}

/** `size`: as the stat before opening saw it (a second stat per file was a tenth of a small shard's cost), else the handle's. */
async function overHandle(handle: FileHandle, path: string, known?: number): Promise<FileSource> {
  const size = known ?? (await handle.stat()).size;
  return {
    path,
    size,
    async read(buffer, offset, length, position) {
      const { bytesRead } = await handle.read(buffer, offset, length, position);
      return bytesRead;
    },
    alloc: (n) => Buffer.allocUnsafe(n),
    close: () => handle.close(),
  };
}

/**
 * Copies a pipe to `to`. Opened non-blocking: a blocking open of a FIFO waits for a writer
 * forever. On a named FIFO, a read of 0 bytes before any data or EAGAIN means no writer has
 * opened it yet (or one closed without writing); after `pipeWaitMs` of that, it is refused.
 */
async function spool(from: string | 0, to: string, namedFifo: boolean, maxBytes: number): Promise<void> {
  const handle = from === 0 ? undefined : await open(from, constants.O_RDONLY | constants.O_NONBLOCK);
  const readFd = promisify(read);
  const input = {
    read: (buffer: Buffer) => (handle ? handle.read(buffer, 0, buffer.length, null) : readFd(0, buffer, 0, buffer.length, null)),
    close: async () => handle?.close(),
  };
  const output = await open(to, 'w');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let written = 0;
  let writer = !namedFifo;
  const start = Date.now();
  try {
    for (;;) {
      let n: number;
      try {
        n = (await input.read(buffer)).bytesRead;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        writer = true;
        await sleep(5);
        continue;
      }
      if (n > 0) {
        writer = true;
        if (written + n > maxBytes) throw new SpecialFileError('EFBIG', `the pipe delivered more than ${Math.round(maxBytes / (1 << 20)).toLocaleString('en-US')} MB, the most a pipe is copied; write it to a file and open that (or set TRANSCRIPT_REVIEW_MAX_PIPE_MB)`);
        await output.write(buffer, 0, n);
        written += n;
        continue;
      }
      if (writer) break;
      if (Date.now() - start > pipeWaitMs) break;
      await sleep(20);
    }
  } finally {
    await input.close();
    await output.close();
  }
  if (written === 0) throw new SpecialFileError('ENODATA', `nothing was written to this pipe${writer ? '' : ` within ${pipeWaitMs / 1000} s (start its writer first)`}`);
}

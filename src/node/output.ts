import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
/** The output would overwrite one of the command's inputs. */
export class OutputConflictError extends Error {}

/** Where a command's output goes: `--out FILE` or stdout. Writes are batched and respect backpressure. */
export interface Output {
  write(text: string): Promise<void>;
  /** Flushes; a file is renamed into place only now, so a failed run never leaves half a file under the name. */
  close(): Promise<void>;
  /** Drops a partly written file. */
  abort(): Promise<void>;
}

const batchSize = 1 << 20;

/**
 * Opens the output. `protect` lists files that must never be written (the input and the label
 * logs: exports make new files, they never rewrite their sources).
 */
export async function openOutput(path: string | undefined, protect: readonly string[]): Promise<Output> {
  if (path === undefined || path === '-') return batched(process.stdout, async () => undefined, async () => undefined);
  const target = resolve(path);
  if (protect.some((p) => resolve(p) === target)) throw new OutputConflictError(`refusing to write ${path}: it is an input of this command`);
  // A device or pipe (`--out /dev/stdout`, a FIFO) is written in place: renaming over it would replace it.
  const special = await stat(target).then((s) => !s.isFile(), () => false);
  const temp = special ? target : `${target}.${process.pid}.tmp`;
  const stream: WriteStream = createWriteStream(temp, { highWaterMark: batchSize });
  await once(stream, 'open');
  return batched(
    stream,
    async () => {
      stream.end();
      await once(stream, 'finish');
      if (!special) await rename(temp, target);
    },
    async () => {
      stream.destroy();
      if (!special) await rm(temp, { force: true });
    },
  );
}

/** Resolves on 'drain' or 'close', removing both listeners (one `once` per write would pile up). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolvePromise) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolvePromise();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

function batched(stream: Writable, finish: () => Promise<void>, abort: () => Promise<void>): Output {
  let buffer = '';
  let failed: Error | undefined;
  // stdout closed early (`| head`) is not an error worth a stack trace: stop writing quietly.
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') closed = true;
    else failed = err;
  });
  const flush = async () => {
    if (failed) throw failed;
    if (closed || buffer === '') return;
    const chunk = buffer;
    buffer = '';
    if (!stream.write(chunk)) await drained(stream);
    if (failed) throw failed;
  };
  return {
    async write(text) {
      buffer += text;
      if (buffer.length >= batchSize) await flush();
    },
    async close() {
      await flush();
      await finish();
    },
    abort,
  };
}

import { createWriteStream, type WriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { terminalBlock } from '../core/terminalText';
/** The output would overwrite one of the command's inputs. */
export class OutputConflictError extends Error {}

/** What an output must never overwrite: input files (data, manifests, label logs, gold, guidelines), and folders whose files the command reads (labels). */
export interface Protected {
  files: readonly string[];
  dirs?: readonly string[];
}

/** Where a command's output goes: `--out FILE` or stdout. Writes are batched and respect backpressure. */
export interface Output {
  write(text: string): Promise<void>;
  /** Writes bytes as they are (copied: the caller may reuse its buffer at once). */
  writeBytes(bytes: Uint8Array): Promise<void>;
  /** Flushes; a file is renamed into place only now, so a failed run never leaves half a file under the name. */
  close(): Promise<void>;
  /** Drops a partly written file. */
  abort(): Promise<void>;
}

const batchSize = 1 << 20;

/** Device and inode: the same file however its path is spelled (symlinks, `..`, case, hard links). */
async function identity(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path, { bigint: true });
    return s.ino === 0n ? undefined : `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/** The real path, case-folded where file systems usually ignore case; for files that do not exist yet, the parent's. */
async function canonical(path: string): Promise<string> {
  const abs = resolve(path);
  const real = await realpath(abs).catch(() => realpath(dirname(abs)).then((d) => join(d, basename(abs)), () => abs));
  return process.platform === 'win32' || process.platform === 'darwin' ? real.toLowerCase() : real;
}

async function same(a: string, b: string): Promise<boolean> {
  const [ia, ib] = await Promise.all([identity(a), identity(b)]);
  if (ia !== undefined && ib !== undefined) return ia === ib;
  return (await canonical(a)) === (await canonical(b));
}

/** Throws `OutputConflictError` naming the file when writing `path` would replace a protected file or land in a protected folder. */
export async function checkOutput(path: string, protect: Protected): Promise<void> {
  for (const file of protect.files) {
    if (await same(path, file)) throw new OutputConflictError(`refusing to write ${path}: it is ${file}, an input of this command`);
  }
  const target = await identity(path);
  for (const dir of protect.dirs ?? []) {
    if (await same(dirname(resolve(path)), dir)) throw new OutputConflictError(`refusing to write ${path}: it is in the labels folder ${dir}, which this command reads (write exports elsewhere)`);
    if (target === undefined) continue;
    // Every log in the folder, not only those read: a hard link elsewhere is the same file.
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if ((await identity(join(dir, name))) === target) throw new OutputConflictError(`refusing to write ${path}: it is ${join(dir, name)} (a hard link), in the labels folder ${dir}`);
    }
  }
}

/**
 * Opens the output. `protect` names what must never be written (the inputs, the label logs and
 * their folder: exports make new files, they never rewrite their sources), compared as files
 * (device and inode), not as spelled.
 */
export async function openOutput(path: string | undefined, protect: Protected): Promise<Output> {
  if (path === undefined || path === '-') {
    const out = batched(process.stdout, async () => undefined, async () => undefined);
    return process.stdout.isTTY ? toTerminal(out) : out;
  }
  const target = resolve(path);
  await checkOutput(path, protect);
  // A device or pipe (`--out /dev/stdout`, a FIFO) is written in place: renaming over it would replace it.
  const special = await stat(target).then((s) => !s.isFile(), () => false);
  // A new file of a random name beside the target, created exclusively: a link planted under a guessable name is never followed.
  const temp = special ? target : join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  const stream: WriteStream = createWriteStream(temp, { highWaterMark: batchSize, flags: special ? 'w' : 'wx' });
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

/**
 * Output shown on a terminal: data must not drive it (escape sequences from a transcript could
 * retitle the window or fake a line), so controls are escaped (`terminalBlock`); piped or to a
 * file, the bytes stay exact.
 */
function toTerminal(out: Output): Output {
  const decoder = new TextDecoder();
  return {
    write: (text) => out.write(terminalBlock(text)),
    writeBytes: (bytes) => out.write(terminalBlock(decoder.decode(bytes, { stream: true }))),
    close: async () => {
      await out.write(terminalBlock(decoder.decode()));
      await out.close();
    },
    abort: () => out.abort(),
  };
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

/** Batch buffers kept for reuse: the stream holds about two at a time (its high-water mark is one batch). */
const spareBatches = 4;

function batched(stream: Writable, finish: () => Promise<void>, abort: () => Promise<void>): Output {
  // Text is encoded straight into a batch buffer, bytes copied into it: one write per MiB.
  let buffer = Buffer.allocUnsafe(batchSize);
  let used = 0;
  // Batches the stream has written, filled again: a fresh 1 MiB buffer each time cost a page
  // fault and a zeroed page every 4 KiB (half a CPU-second a GiB of export).
  const spare: (typeof buffer)[] = [];
  let failed: Error | undefined;
  // stdout closed early (`| head`) is not an error worth a stack trace: stop writing quietly.
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') closed = true;
    else failed = err;
  });
  const send = async (chunk: Buffer | string, written?: () => void) => {
    if (failed) throw failed;
    if (closed) return;
    const done = written && ((err: Error | null | undefined) => void (err || written()));
    if (!stream.write(chunk, done)) await drained(stream);
    if (failed) throw failed;
  };
  const flush = async () => {
    if (used === 0) {
      if (failed) throw failed;
      return;
    }
    const full = buffer;
    const chunk = full.subarray(0, used);
    // The stream holds the chunk until it is written: only then may its buffer be filled again.
    buffer = spare.pop() ?? Buffer.allocUnsafe(batchSize);
    used = 0;
    await send(chunk, () => void (spare.length < spareBatches && spare.push(full)));
  };
  return {
    async write(text) {
      // At most 3 bytes per UTF-16 unit: a text that may not fit goes after the batch, or alone.
      if (used + text.length * 3 > batchSize) {
        await flush();
        if (text.length * 3 > batchSize) return send(text);
      }
      used += buffer.write(text, used);
    },
    async writeBytes(bytes) {
      if (used + bytes.length > batchSize) {
        await flush();
        if (bytes.length > batchSize) return send(Buffer.from(bytes));
      }
      buffer.set(bytes, used);
      used += bytes.length;
    },
    async close() {
      await flush();
      await finish();
    },
    abort,
  };
}

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { createHash } from 'node:crypto';

/**
 * Where decompressed copies of `.jsonl.gz` inputs live. A gzip stream has no random access, so
 * the review editor's line index (byte offsets, an item read when shown) needs the plain bytes
 * somewhere: a cached copy on disk costs one streamed pass and keeps memory flat, where an
 * in-memory copy of a 1 GB file would not fit and seek points inside deflate need its full
 * 32 KB window per point. The cache is keyed by path, size and mtime, so a changed file is
 * decompressed again.
 */
export function gunzipCacheDir(): string {
  return join(tmpdir(), 'transcript-review', 'gunzip');
}

/** How much of the decompressed start `onHead` gets: enough for the first items of a review. */
const headBytes = 4 << 20;

export interface GunzipOptions {
  /** Progress in compressed bytes read. */
  onProgress?: (done: number, total: number) => void;
  /** The first few MB of decompressed bytes, as soon as they exist (not called on a cache hit). */
  onHead?: (head: Uint8Array) => void;
  dir?: string;
}

/** The decompressed copy of `path`, made once per version of the file. */
export async function gunzipToCache(path: string, options: GunzipOptions = {}): Promise<string> {
  const { onProgress, onHead, dir = gunzipCacheDir() } = options;
  const info = await stat(path);
  const key = createHash('sha256').update(`${path}\u0000${info.size}\u0000${info.mtimeMs}`).digest('hex').slice(0, 32);
  const target = join(dir, `${key}.jsonl`);
  try {
    await stat(target);
    // Touched on use: pruning removes copies nobody opened for a while.
    const now = new Date();
    await utimes(target, now, now).catch(() => undefined);
    return target;
  } catch {
    // not cached yet
  }
  await mkdir(dir, { recursive: true });
  const partial = `${target}.${process.pid}.part`;
  let done = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      done += chunk.length;
      onProgress?.(done, info.size);
      cb(null, chunk);
    },
  });
  const head: Buffer[] = [];
  let headSize = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (onHead && headSize < headBytes) {
        head.push(chunk);
        headSize += chunk.length;
        if (headSize >= headBytes) onHead(Buffer.concat(head).subarray(0, headBytes));
      }
      cb(null, chunk);
    },
    flush(cb) {
      if (onHead && headSize < headBytes) onHead(Buffer.concat(head));
      cb();
    },
  });
  try {
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), counter, createGunzip({ chunkSize: 1 << 20 }), tap, createWriteStream(partial, { flags: 'wx' }));
    await rename(partial, target);
  } catch (err) {
    await unlink(partial).catch(() => undefined);
    throw err;
  }
  await pruneCache(dir, target);
  return target;
}

/** Copies unused for two weeks go, and partial copies a crash left behind: the cache must not fill the disk. */
const keepMs = 14 * 24 * 3600 * 1000;

async function pruneCache(dir: string, keep: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    if (path === keep) continue;
    const info = await stat(path).catch(() => undefined);
    const limit = name.endsWith('.part') ? 24 * 3600 * 1000 : keepMs;
    if (info && now - info.mtimeMs > limit) await unlink(path).catch(() => undefined);
  }
}

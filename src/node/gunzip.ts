import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
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

/** The decompressed copy of `path` (made once per version of the file); progress in compressed bytes. */
export async function gunzipToCache(path: string, onProgress?: (done: number, total: number) => void, dir = gunzipCacheDir()): Promise<string> {
  const info = await stat(path);
  const key = createHash('sha256').update(`${path}\u0000${info.size}\u0000${info.mtimeMs}`).digest('hex').slice(0, 32);
  const target = join(dir, `${key}.jsonl`);
  try {
    await stat(target);
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
  try {
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), counter, createGunzip({ chunkSize: 1 << 20 }), createWriteStream(partial, { flags: 'wx' }));
    await rename(partial, target);
  } catch (err) {
    await unlink(partial).catch(() => undefined);
    throw err;
  }
  return target;
}

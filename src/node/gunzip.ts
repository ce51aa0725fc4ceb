import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, readdir, rename, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { createHash, randomBytes } from 'node:crypto';
import { ensurePrivateDir, ownedEntry } from './privateDir';
import { userCacheDir } from './userCacheDir';
import { lruEvictions, type CacheEntry } from './cacheLru';

/**
 * Where decompressed copies of `.jsonl.gz` inputs live. A gzip stream has no random access, so
 * the review editor's line index (byte offsets, an item read when shown) needs the plain bytes
 * somewhere: a cached copy on disk costs one streamed pass and keeps memory flat, where an
 * in-memory copy of a 1 GB file would not fit and seek points inside deflate need its full
 * 32 KB window per point. The folder is this user's own (0700, see `ensurePrivateDir`): the
 * extension's storage in the editor, the user cache folder for the CLI.
 */
let cacheRoot: string | undefined;

/** The editor keeps its copies in its own storage folder. */
export function useGunzipCacheIn(dir: string): void {
  cacheRoot = dir;
}

export function gunzipCacheDir(): string {
  return cacheRoot ?? join(userCacheDir(), 'gunzip');
}

/** Total size of the copies kept; the least recently used go first (the one in use always stays). */
export const gunzipCacheMaxBytes = 4 * 1024 ** 3;

/** Only names this cache writes are ever read or deleted. */
const entryName = /^gz-[0-9a-f]{64}\.jsonl$/;
const partName = /^gz-[0-9a-f]{64}\.[0-9a-f]{16}\.part$/;

/** How much of the decompressed start `onHead` gets: enough for the first items of a review. */
const headBytes = 4 << 20;

export interface GunzipOptions {
  /** Progress in compressed bytes read. */
  onProgress?: (done: number, total: number) => void;
  /** The first few MB of decompressed bytes, as soon as they exist (not called on a cache hit). */
  onHead?: (head: Uint8Array) => void;
  dir?: string;
  /** Overrides `gunzipCacheMaxBytes`. */
  maxBytes?: number;
  /** The most one decompressed copy may hold; overrides `gunzipCacheMaxBytes`. */
  maxCopyBytes?: number;
}

/**
 * The decompressed copy of `path`, made once per content: keyed by the SHA-256 of the compressed
 * bytes, so a touched or copied `.gz` reuses its copy and a replaced one never gets a stale copy.
 */
export async function gunzipToCache(path: string, options: GunzipOptions = {}): Promise<string> {
  const { onProgress, onHead, dir = gunzipCacheDir(), maxBytes = gunzipCacheMaxBytes, maxCopyBytes = gunzipCacheMaxBytes } = options;
  // The user cache folder's `transcript-review` is checked too: a link there would lead the copies elsewhere.
  await ensurePrivateDir(dir, options.dir === undefined && cacheRoot === undefined ? 2 : 1);
  const { key, size } = await contentKey(path);
  const name = `gz-${key}.jsonl`;
  const target = join(dir, name);
  if (await usable(target)) {
    // Touched on use: eviction drops the copies nobody opened for longest.
    const now = new Date();
    await utimes(target, now, now).catch(() => undefined);
    return target;
  }
  const partial = join(dir, `gz-${key}.${randomBytes(8).toString('hex')}.part`);
  const info = { size };
  let done = 0;
  // The bytes decompressed are hashed again: a file replaced since `contentKey` is kept under its own key.
  const streamed = createHash('sha256');
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      streamed.update(chunk);
      done += chunk.length;
      onProgress?.(done, info.size);
      cb(null, chunk);
    },
  });
  const head: Buffer[] = [];
  let headSize = 0;
  let written = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      // A few KB of gzip can claim gigabytes: the copy stops at the cache's own cap.
      written += chunk.length;
      if (written > maxCopyBytes) return cb(new GunzipTooLargeError(path, maxCopyBytes));
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
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), counter, createGunzip({ chunkSize: 1 << 20 }), tap, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    const actual = streamed.digest('hex');
    await rename(partial, join(dir, `gz-${actual}.jsonl`));
    await evict(dir, `gz-${actual}.jsonl`, maxBytes);
    return join(dir, `gz-${actual}.jsonl`);
  } catch (err) {
    await unlink(partial).catch(() => undefined);
    throw err;
  }
}

/** A `.gz` whose decompressed bytes pass the cache's cap: refused, its partial copy removed. */
export class GunzipTooLargeError extends Error {
  constructor(path: string, maxBytes: number) {
    super(`${path}: decompresses to more than ${(maxBytes / 1024 ** 3).toFixed(maxBytes < 1024 ** 3 ? 3 : 0)} GiB, the cap on a decompressed copy; split the file or decompress it yourself`);
    this.name = 'GunzipTooLargeError';
  }
}

/** SHA-256 of the file's bytes (one streamed read: far cheaper than decompressing) and its size. */
async function contentKey(path: string): Promise<{ key: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { key: hash.digest('hex'), size };
}

/** A copy this cache made: a plain file of this user's with one name, never a link someone planted. */
async function usable(path: string): Promise<boolean> {
  const s = await lstat(path).catch(() => undefined);
  return s !== undefined && ownedEntry(s, 'file') && s.nlink === 1 && (s.mode & 0o077) === 0;
}

/** Partial copies a crash left: gone after a day. */
const partialMs = 24 * 3600 * 1000;

/** Drops least recently used copies past `maxBytes`; only this cache's own names, only plain files of this user, never through a link. */
async function evict(dir: string, keep: string, maxBytes: number): Promise<void> {
  const now = Date.now();
  const entries: CacheEntry[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const isPart = partName.test(name);
    if (!isPart && !entryName.test(name)) continue;
    const s = await lstat(join(dir, name)).catch(() => undefined);
    if (!s || !ownedEntry(s, 'file')) continue;
    if (isPart) {
      if (now - s.mtimeMs > partialMs) await unlink(join(dir, name)).catch(() => undefined);
      continue;
    }
    entries.push({ name, bytes: s.size, usedMs: s.mtimeMs });
  }
  for (const e of lruEvictions(entries, { maxBytes, keep: new Set([keep]) })) await unlink(join(dir, e.name)).catch(() => undefined);
}

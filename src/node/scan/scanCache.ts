import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rmdir, unlink, utimes, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { z } from 'zod';
import { ensurePrivateDir, ownedEntry } from '../privateDir';
import { lruEvictions, type CacheEntry } from '../cacheLru';
import { Dataset, type AbortFlag, type ItemSource } from '../../core/input/dataset';
import type { SavedIndex } from '../../core/input/lineIndex';
import type { ItemSummary } from '../../core/review/itemSummary';
import type { FormatName } from '../../core/adapters/types';
import { scanSummaries, type ParallelOptions } from './parallelScan';
import { PackedSummaryError, packSummaries, unpackSummaries } from './packedSummaries';

/** Bump when `ItemSummary`, the index or the adapters change what a scan yields: older entries are then ignored. */
const cacheVersion = 4;
/** Entries are folders named by 32 hex digits; nothing else in the cache folder is ever read or deleted. */
const entryDirName = /^[0-9a-f]{32}$/;
/** `summaries.v8` is the form before version 3: still counted and removed with its entry. */
const entryFiles = ['index.v8', 'summaries.bin', 'summaries.v8'];
const tempName = /^(index\.v8|summaries\.bin|summaries\.v8)\.[0-9a-f]{16}\.tmp$/;
/** Total size of the entries kept; the least recently used go first. */
export const scanCacheMaxBytes = 1024 ** 3;
const blockBytes = 64 * 1024;

/**
 * What identifies one state of a file: a replaced file has another inode, and any write changes
 * its ctime (which, unlike the mtime, no one can set back); size, mtime and the first and last
 * block too.
 */
export interface FileKey {
  size: number;
  mtimeMs: number;
  /** Device, inode and ctime in nanoseconds, as decimal strings (exact past 2^53). */
  dev: string;
  ino: string;
  ctimeNs: string;
  /** SHA-256 of the first and of the last 64 KiB. */
  head: string;
  tail: string;
}

/** What `prepare` reads before the build: small (24 bytes per line), so a reopen shows its first item at once. */
interface IndexEntry {
  v: number;
  path: string;
  key: FileKey;
  adapter: FormatName;
  index: SavedIndex;
}


export async function fileKey(path: string): Promise<FileKey> {
  const handle = await open(path, 'r');
  try {
    const { size, mtimeMs } = await handle.stat();
    const big = await handle.stat({ bigint: true });
    const hash = async (position: number) => {
      const buf = Buffer.alloc(Math.min(blockBytes, size));
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      return createHash('sha256').update(buf.subarray(0, bytesRead)).digest('hex');
    };
    return { size, mtimeMs, dev: String(big.dev), ino: String(big.ino), ctimeNs: String(big.ctimeNs), head: await hash(0), tail: await hash(Math.max(0, size - blockBytes)) };
  } finally {
    await handle.close();
  }
}

const sameKey = (a: FileKey, b: FileKey) =>
  a.size === b.size && a.mtimeMs === b.mtimeMs && a.dev === b.dev && a.ino === b.ino && a.ctimeNs === b.ctimeNs && a.head === b.head && a.tail === b.tail;

/** What a read entry must look like before anything of it is used (a damaged one is a miss). */
const fileKeySchema = z.object({ size: z.number(), mtimeMs: z.number(), dev: z.string(), ino: z.string(), ctimeNs: z.string(), head: z.string(), tail: z.string() });
const indexEntrySchema = z.object({
  v: z.literal(cacheVersion),
  path: z.string(),
  key: fileKeySchema,
  adapter: z.string(),
  index: z
    .object({ starts: z.instanceof(Float64Array), ends: z.instanceof(Float64Array), lines: z.instanceof(Float64Array), hasBom: z.boolean() })
    .refine((i) => i.ends.length === i.starts.length && i.lines.length === i.starts.length),
});
const summaryHeadSchema = z.object({ v: z.literal(cacheVersion), key: fileKeySchema });

/** What `prepare` found for a dataset: the key it was indexed under, and the entry when it held. */
interface Prepared {
  path: string;
  key: FileKey;
  entry?: IndexEntry;
  /** Summaries this cache computed or read for the dataset. */
  summaries?: ItemSummary[];
}

/**
 * The line index and item summaries of files seen before, kept in the extension's own storage
 * (never beside the data), one folder per input path: `index.v8` (read when the file opens) and
 * `summaries.bin` (packed; read when the item list asks). The cache folder is this user's own (0700,
 * `ensurePrivateDir`); an entry is a folder of this user's, its files checksummed and checked
 * before use, and used only while the file is the same one (inode, ctime, size, mtime, first
 * and last 64 KiB); else it is rebuilt. At most `maxEntries` entries and `maxBytes` are kept,
 * the least recently used dropped first; only entry names this cache writes are ever deleted.
 */
export class ScanCache {
  private readonly _prepared = new WeakMap<Dataset, Prepared>();

  constructor(
    readonly dir: string,
    private readonly _options: {
      maxEntries?: number;
      maxBytes?: number;
      parallel?: ParallelOptions;
      /** Asked after every record; a promise it returns is waited for (the extension host lets other work in: a pass on this thread is long). */
      pause?: () => Promise<void> | undefined;
    } = {},
  ) {}

  private _writing: Promise<void> = Promise.resolve();

  /** Resolves when the entries being written are on disk. */
  settled(): Promise<void> {
    return this._writing;
  }

  private _safe: Promise<boolean> | undefined;

  /** Whether the cache folder is safely ours (made so when missing); an unsafe one is never read or written. */
  private _ready(): Promise<boolean> {
    return (this._safe ??= ensurePrivateDir(this.dir).then(
      () => true,
      () => false,
    ));
  }

  private _entryDir(path: string): string {
    return join(this.dir, createHash('sha256').update(resolve(path)).digest('hex').slice(0, 32));
  }

  /**
   * Before the dataset is built: notes the file's key and, when the cache holds this unchanged
   * file, restores its index, so `build` does not scan. Never throws: a missing or broken entry
   * is a miss.
   */
  async prepare(dataset: Dataset): Promise<boolean> {
    const path = filePath(dataset);
    if (path === undefined) return false;
    try {
      if (!(await this._ready())) return false;
      const key = await fileKey(path);
      const prepared: Prepared = { path, key };
      this._prepared.set(dataset, prepared);
      const entry = await readEntry(join(this._entryDir(path), 'index.v8'), indexEntrySchema);
      if (!entry || entry.path !== resolve(path) || !sameKey(entry.key, key) || key.size !== dataset.source.size) return false;
      prepared.entry = entry as IndexEntry;
      // Touched on use: eviction drops the entries nobody opened for longest.
      const now = new Date();
      await utimes(this._entryDir(path), now, now).catch(() => undefined);
      if (!dataset.index.done && dataset.count === 0) dataset.index.restore(entry.index);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The item summaries: the cached ones for an unchanged file, else a whole-file pass (on worker
   * threads), then kept. `built`: the source's build still running (the pass overlaps it).
   */
  async summaries(source: ItemSource, signal?: AbortFlag, built?: Promise<unknown>): Promise<ItemSummary[]> {
    const dataset = source instanceof Dataset ? source : undefined;
    const prepared = dataset ? this._prepared.get(dataset) : undefined;
    if (prepared?.summaries) return prepared.summaries;
    if (dataset && prepared?.entry && (await dataset.adapter()).name === prepared.entry.adapter && dataset.count === prepared.entry.index.starts.length) {
      const cached = await readSummaries(join(this._entryDir(prepared.path), 'summaries.bin'), prepared.key, dataset).catch(() => undefined);
      if (cached) return (prepared.summaries = cached);
    }
    let summaries: ItemSummary[];
    try {
      summaries = await this._scan(source, { ...this._options.parallel, signal, built });
    } catch (err) {
      // The build itself failed: so does the item list, as it would have without the cache.
      if (built && (await built.then(() => false, () => true))) throw err;
      // A worker failed (out of memory, killed): the item list still comes, from this thread.
      summaries = await this._scan(source, { signal, workers: 1, built });
    }
    // A pass stopped half-way is never kept. Written after the summaries are handed over: the item list does not wait for it.
    if (dataset && prepared && !signal?.aborted) {
      prepared.summaries = summaries;
      this._writing = this._writing.then(() => this._write(prepared, dataset, summaries));
    }
    return summaries;
  }

  /**
   * After a build that `prepare` could not spare (the CLI's `--cache`): keeps the index alone,
   * so the next open of the unchanged file, by the CLI or the editor, skips the scan; the item
   * list's summaries are added the first time the editor asks for them.
   */
  keep(dataset: Dataset): void {
    const prepared = this._prepared.get(dataset);
    if (!prepared || prepared.entry || !dataset.done) return;
    this._writing = this._writing.then(() => this._write(prepared, dataset));
  }

  private _scan(source: ItemSource, options: ParallelOptions): Promise<ItemSummary[]> {
    return scanSummaries(source, { ...options, pause: this._options.pause });
  }

  private async _write(prepared: Prepared, dataset: Dataset, summaries?: ItemSummary[]): Promise<void> {
    try {
      // Indexed under this key, but changed since: keep nothing (the watcher indexes it again).
      if (!(await this._ready()) || !sameKey(prepared.key, await fileKey(prepared.path))) return;
      const dir = this._entryDir(prepared.path);
      await mkdir(dir, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
      if (!ownedEntry(await lstat(dir), 'dir')) return;
      const entry: IndexEntry = { v: cacheVersion, path: resolve(prepared.path), key: prepared.key, adapter: (await dataset.adapter()).name, index: dataset.index.save() };
      // Summaries first: an index entry is only ever beside the summaries of the same key, or none.
      await unlink(join(dir, 'summaries.v8')).catch(() => undefined);
      if (summaries) await writeFramed(join(dir, 'summaries.bin'), summariesPayload(prepared.key, summaries));
      else await unlink(join(dir, 'summaries.bin')).catch(() => undefined);
      await writeEntry(join(dir, 'index.v8'), entry);
      prepared.entry = entry;
      if (summaries) prepared.summaries = summaries;
      await this._trim();
    } catch {
      // A full disk or a read-only storage folder: the next open scans again.
    }
  }

  /** Drops least recently used entries past the limits: only folders named as this cache names them, of this user, emptied file by known file, never through a link. */
  private async _trim(): Promise<void> {
    const entries: CacheEntry[] = [];
    for (const name of await readdir(this.dir)) {
      if (!entryDirName.test(name)) continue;
      const s = await lstat(join(this.dir, name)).catch(() => undefined);
      if (!s || !ownedEntry(s, 'dir')) continue;
      let bytes = 0;
      for (const f of entryFiles) bytes += (await lstat(join(this.dir, name, f)).catch(() => undefined))?.size ?? 0;
      entries.push({ name, bytes, usedMs: s.mtimeMs });
    }
    const drop = lruEvictions(entries, { maxBytes: this._options.maxBytes ?? scanCacheMaxBytes, maxEntries: this._options.maxEntries ?? 16 });
    for (const { name } of drop) await removeEntry(join(this.dir, name));
  }
}

/** Removes an entry folder: its own files only (unlink never follows a link), then the folder if that left it empty. */
async function removeEntry(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (entryFiles.includes(name) || tempName.test(name)) await unlink(join(dir, name)).catch(() => undefined);
  }
  await rmdir(dir).catch(() => undefined);
}

/** Entries are framed: a magic line, then the SHA-256 of the payload: a torn or altered file is a miss before it is deserialised. */
const magic = Buffer.from('transcript-review scan cache\n');
const readFlags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** Bytes before the payload in a file read (the frame is 61 bytes): the payload starts on an 8-byte boundary, so its typed arrays are views, not copies. */
const lead = (8 - ((magic.length + 32) % 8)) % 8;

/** The checked payload of a framed entry file, or undefined (missing, a link, larger than `maxBytes`, torn or altered). */
async function readFramed(file: string, maxBytes = Infinity): Promise<Buffer | undefined> {
  let bytes: Buffer;
  try {
    const handle = await open(file, readFlags);
    try {
      // The budget comes from the data file's real size, never from what the entry says of itself.
      const { size } = await handle.stat();
      if (size > maxBytes) return undefined;
      // One read into a buffer of its own (not `readFile`'s 512 KiB steps, each a trip to the thread pool, and a copy to align after).
      const into = Buffer.allocUnsafeSlow(lead + size);
      let got = 0;
      for (let n = -1; n !== 0 && got < size; got += n) n = (await handle.read(into, lead + got, size - got, got)).bytesRead;
      if (got !== size) return undefined;
      bytes = into.subarray(lead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  if (bytes.length < magic.length + 32 || !bytes.subarray(0, magic.length).equals(magic)) return undefined;
  const digest = bytes.subarray(magic.length, magic.length + 32);
  const payload = bytes.subarray(magic.length + 32);
  if (!createHash('sha256').update(payload).digest().equals(digest)) return undefined;
  return payload;
}

async function readEntry<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S> | undefined> {
  const payload = await readFramed(file);
  if (!payload) return undefined;
  const parsed = schema.safeParse(deserialize(payload));
  return parsed.success ? parsed.data : undefined;
}

async function writeEntry(file: string, value: object): Promise<void> {
  await writeFramed(file, serialize(value));
}

async function writeFramed(file: string, payload: Uint8Array): Promise<void> {
  const tmp = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  await writeFile(tmp, Buffer.concat([magic, createHash('sha256').update(payload).digest(), payload]), { flag: 'wx', mode: 0o600 });
  await rename(tmp, file);
}

/**
 * `summaries.bin`: the version and file key as a little JSON head (u32 length, padded to 4
 * bytes), then the packed summaries (`packSummaries`): read back in one pass, no parse per item.
 */
function summariesPayload(key: FileKey, summaries: readonly ItemSummary[]): Buffer {
  const head = Buffer.from(JSON.stringify({ v: cacheVersion, key }));
  const padded = (4 + head.length + 3) & ~3;
  const out = Buffer.alloc(padded);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  return Buffer.concat([out, packSummaries(summaries)]);
}

/**
 * The kept summaries of `dataset`'s file under `key`, or undefined. No larger a file is read than
 * the data file could give (its text twice over, as UTF-16, and 64 bytes of fields per item).
 */
async function readSummaries(file: string, key: FileKey, dataset: Dataset): Promise<ItemSummary[] | undefined> {
  const payload = await readFramed(file, 2 * dataset.source.size + 64 * dataset.count + (1 << 20));
  if (!payload || payload.length < 4) return undefined;
  const headLength = payload.readUInt32LE(0);
  const padded = (4 + headLength + 3) & ~3;
  if (padded > payload.length) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(payload.toString('utf8', 4, 4 + headLength));
  } catch {
    return undefined;
  }
  const parsed = summaryHeadSchema.safeParse(head);
  if (!parsed.success || !sameKey(parsed.data.key, key)) return undefined;
  try {
    return unpackSummaries(payload.subarray(padded), dataset.count);
  } catch (err) {
    if (err instanceof PackedSummaryError) return undefined;
    throw err;
  }
}

/** The file a dataset reads, when it is one on disk. */
function filePath(dataset: Dataset): string | undefined {
  const path = (dataset.source as { path?: unknown }).path;
  return typeof path === 'string' ? path : undefined;
}

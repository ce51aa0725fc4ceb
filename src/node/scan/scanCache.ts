import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { Dataset, type AbortFlag, type ItemSource } from '../../core/input/dataset';
import type { SavedIndex } from '../../core/input/lineIndex';
import type { ItemSummary } from '../../core/review/itemSummary';
import type { FormatName } from '../../core/adapters/types';
import { scanSummaries, type ParallelOptions } from './parallelScan';

/** Bump when `ItemSummary`, the index or the adapters change what a scan yields: older entries are then ignored. */
const cacheVersion = 1;
const blockBytes = 64 * 1024;

/** What identifies one state of a file: any write changes its size, its mtime or its first or last block. */
export interface FileKey {
  size: number;
  mtimeMs: number;
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

/** Read only when the item list asks. */
interface SummaryEntry {
  v: number;
  key: FileKey;
  summaries: ItemSummary[];
}

export async function fileKey(path: string): Promise<FileKey> {
  const handle = await open(path, 'r');
  try {
    const { size, mtimeMs } = await handle.stat();
    const hash = async (position: number) => {
      const buf = Buffer.alloc(Math.min(blockBytes, size));
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      return createHash('sha256').update(buf.subarray(0, bytesRead)).digest('hex');
    };
    return { size, mtimeMs, head: await hash(0), tail: await hash(Math.max(0, size - blockBytes)) };
  } finally {
    await handle.close();
  }
}

const sameKey = (a: FileKey, b: FileKey) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.head === b.head && a.tail === b.tail;

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
 * `summaries.v8` (read when the item list asks). An entry is used only while the file's size,
 * mtime and first and last 64 KiB are what they were when it was indexed; else it is rebuilt.
 * At most `maxEntries` files are kept, the least recently written dropped first.
 */
export class ScanCache {
  private readonly _prepared = new WeakMap<Dataset, Prepared>();

  constructor(
    readonly dir: string,
    private readonly _options: {
      maxEntries?: number;
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
      const key = await fileKey(path);
      const prepared: Prepared = { path, key };
      this._prepared.set(dataset, prepared);
      const entry = await readEntry<IndexEntry>(join(this._entryDir(path), 'index.v8'));
      if (!entry || entry.path !== resolve(path) || !sameKey(entry.key, key) || key.size !== dataset.source.size) return false;
      prepared.entry = entry;
      if (!dataset.index.done && dataset.count === 0) dataset.index.restore(entry.index);
      return true;
    } catch {
      return false;
    }
  }

  /** The item summaries: the cached ones for an unchanged file, else a whole-file pass (on worker threads), then kept. */
  async summaries(source: ItemSource, signal?: AbortFlag): Promise<ItemSummary[]> {
    const dataset = source instanceof Dataset ? source : undefined;
    const prepared = dataset ? this._prepared.get(dataset) : undefined;
    if (prepared?.summaries) return prepared.summaries;
    if (dataset && prepared?.entry && (await dataset.adapter()).name === prepared.entry.adapter && dataset.count === prepared.entry.index.starts.length) {
      const cached = await readEntry<SummaryEntry>(join(this._entryDir(prepared.path), 'summaries.v8')).catch(() => undefined);
      if (cached && sameKey(cached.key, prepared.key)) return (prepared.summaries = cached.summaries);
    }
    let summaries: ItemSummary[];
    try {
      summaries = await this._scan(source, { ...this._options.parallel, signal });
    } catch {
      // A worker failed (out of memory, killed): the item list still comes, from this thread.
      summaries = await this._scan(source, { signal, workers: 1 });
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
      if (!sameKey(prepared.key, await fileKey(prepared.path))) return;
      const dir = this._entryDir(prepared.path);
      await mkdir(dir, { recursive: true });
      const entry: IndexEntry = { v: cacheVersion, path: resolve(prepared.path), key: prepared.key, adapter: (await dataset.adapter()).name, index: dataset.index.save() };
      // Summaries first: an index entry is only ever beside the summaries of the same key, or none.
      if (summaries) await writeEntry(join(dir, 'summaries.v8'), { v: cacheVersion, key: prepared.key, summaries } satisfies SummaryEntry);
      else await rm(join(dir, 'summaries.v8'), { force: true });
      await writeEntry(join(dir, 'index.v8'), entry);
      prepared.entry = entry;
      if (summaries) prepared.summaries = summaries;
      await this._trim();
    } catch {
      // A full disk or a read-only storage folder: the next open scans again.
    }
  }

  private async _trim(): Promise<void> {
    const max = this._options.maxEntries ?? 16;
    const names = await readdir(this.dir);
    if (names.length <= max) return;
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(this.dir, n))).mtimeMs })));
    dated.sort((a, b) => b.t - a.t);
    for (const { n } of dated.slice(max)) await rm(join(this.dir, n), { recursive: true, force: true });
  }
}

async function readEntry<T extends { v: number }>(file: string): Promise<T | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  const entry = deserialize(bytes) as Partial<T>;
  return entry.v === cacheVersion ? (entry as T) : undefined;
}

async function writeEntry(file: string, value: object): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, serialize(value));
  await rename(tmp, file);
}

/** The file a dataset reads, when it is one on disk. */
function filePath(dataset: Dataset): string | undefined {
  const path = (dataset.source as { path?: unknown }).path;
  return typeof path === 'string' ? path : undefined;
}

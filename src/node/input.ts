import { readFile as readFileCallback, realpathSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { ItemSource } from '../core/input/dataset';
import { labelsDirFor } from '../core/labels/labelPaths';
import type { FileAccess, FileNames } from '../core/open/fileAccess';
import type { OpenedInput } from '../core/open/openedInput';
import { openInput as openPlanned, type OpenOptions as PlanOptions } from '../core/open/openInput';
import { UnreadableFileError } from '../core/open/unreadableFileError';
import { openFileSource, type FileSource } from './fileSource';
import { pooledFileSource } from './pooledFileSource';
import { GunzipDataset } from './fileDataset';
import { gunzipToCache } from './gunzip';

export type OpenOptions = PlanOptions<string>;

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory without Inspect logs (.eval, .json)',
  ENOTDIR: 'a parent is not a directory',
  ELOOP: 'too many symbolic links',
};

function unreadable(path: string, err: unknown): UnreadableFileError {
  if (err instanceof UnreadableFileError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
  return new UnreadableFileError(path, code, reasons[code] ?? (err instanceof Error ? err.message : String(err)));
}

/** Runs `io` on `path`, naming `path` in the error when it fails. */
async function reading<T>(path: string, io: () => Promise<T>): Promise<T> {
  try {
    return await io();
  } catch (err) {
    throw unreadable(path, err);
  }
}

async function openReadable(path: string): Promise<FileSource> {
  // openFileSource's own stat refuses a folder (EISDIR): one stat a file, which thousands of shards each pay.
  return reading(path, () => openFileSource(path));
}

/** The real path of a file or folder that may not exist yet (then its nearest existing parent's, plus the rest). */
function realPath(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync.native(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(realPath(parent), basename(abs));
  }
}

const names: FileNames<string> = {
  name: (path) => path,
  parts: (path) => ({ base: basename(path), parent: basename(dirname(resolve(path))) }),
  // Joined (not resolved), so messages keep the user's relative paths.
  resolve: (from, path) => (isAbsolute(path) ? path : join(dirname(from), path)),
  labelsDir: labelsDirFor,
  identity: realPath,
  // Where file names differ only in case, the same file: the usual default of Windows and macOS volumes.
  foldCase: process.platform === 'win32' || process.platform === 'darwin',
};

/** The desktop's and the CLI's files: Node's file system, read in pages; a `.jsonl.gz` through a decompressed cache. */
export const nodeFiles: FileAccess<string> = {
  stat: (path) =>
    reading(path, async () => {
      const s = await stat(path);
      return { directory: s.isDirectory(), size: s.size };
    }),
  open: openReadable,
  openPooled: (path) => reading(path, () => pooledFileSource(path)),
  // The callback form: a third less time than fs/promises' (no FileHandle per file) over 10k sessions.
  readBytes: (path) => reading(path, () => new Promise<Uint8Array>((done, fail) => readFileCallback(path, (err, bytes) => (err ? fail(err) : done(bytes))))),
  list: (dir) =>
    reading(dir, async () =>
      (await readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort()
        .map((n) => join(dir, n)),
    ),
  folders: (dir) =>
    reading(dir, async () =>
      (await readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
        .map((n) => join(dir, n)),
    ),
  readText: (path) => reading(path, () => readFile(path, 'utf8')),
  gunzip: async (path) => openReadable(await reading(path, () => gunzipToCache(path))),
  gzipDataset(path, format) {
    const source = new GunzipDataset(path, openReadable, format);
    return { source, close: () => source.close() };
  },
  names,
};

/** Opens the files of an input without indexing them; unreadable files throw `UnreadableFileError`. */
export async function openSource(path: string, options: OpenOptions = {}): Promise<OpenedInput> {
  // A task mapping file (`--key tasks.json`) is named from where the command runs.
  const key = typeof options.key === 'string' && /\.json$/i.test(options.key) ? resolve(options.key) : options.key;
  return openPlanned(path, nodeFiles, { ...options, ...(key !== undefined ? { key } : {}) });
}

/**
 * Opens and fully indexes an input (pairs are joined), ready for `source.items()`. `beforeBuild`
 * sees the source before it is indexed and `afterBuild` once it is (the CLI's `--cache` restores
 * and keeps the index there).
 */
export async function openInput(path: string, options: OpenOptions = {}, hooks: { beforeBuild?(source: ItemSource): Promise<unknown>; afterBuild?(source: ItemSource): void } = {}): Promise<OpenedInput> {
  const opened = await openSource(path, options);
  const { source } = opened;
  try {
    await hooks.beforeBuild?.(source);
    await source.build();
    hooks.afterBuild?.(source);
  } catch (err) {
    await opened.close();
    throw err;
  }
  return { ...opened, diagnostics: [...opened.diagnostics, ...source.diagnostics] };
}

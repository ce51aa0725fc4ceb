import { realpathSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { Dataset, type ItemResult, type ItemSource } from '../core/input/dataset';
import { emptySource } from '../core/input/emptySource';
import { defaultSideNames, sideNameOf as sideNameFromBase } from '../core/input/sideNames';
import type { Diagnostic } from '../core/diagnostic';
import type { FormatName } from '../core/adapters/types';
import { PairedDataset } from '../core/input/pairing';
import { inputInLabelsFolder, type Manifest } from '../core/input/manifest';
import { planManifest } from '../core/input/manifestPlan';
import { labelsDirFor } from '../core/labels/labelPaths';
import { openFileSource, type FileSource } from './fileSource';
import { RunPairing, SingleRun } from '../core/runs/runPairing';
import { isRunPath, openRun } from './runInput';
import { openFileDataset, openLines, type OpenedDataset } from './fileDataset';
import { ItemRun } from '../core/runs/itemRun';
import { inputKind } from '../core/input/inputKind';
import { openTraceRun, traceFormatOf } from './traceInput';

/**
 * An input the CLI and exports read: a dataset `.jsonl`, two run files joined into pairs, or a
 * `.review.json` manifest naming either. Items are read lazily, one at a time, in file order.
 */
export interface Input {
  /** Path used for labels (`labelsDirFor(labelsPath)`) and in messages. */
  readonly labelsPath: string;
  /** Where labels go: `labelsDirFor(labelsPath)`, or the manifest's `labels` directory. */
  readonly labelsDir: string;
  /** Problems found while opening (e.g. unpaired records); per-item problems come with each item. */
  readonly diagnostics: Diagnostic[];
  /** The manifest, when the input is one (its `taxonomy` is for the taxonomy module to validate). */
  readonly manifest?: Manifest;
  /** The items underneath, for random access (`item(i)`). */
  readonly source: ItemSource;
  count(): number;
  items(): AsyncIterable<ItemResult>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Read records with this adapter instead of detecting one per file. */
  format?: FormatName;
  /** Pair `path` (then the baseline run) with this trained run file. */
  trained?: string;
  /** Join field of a pair; null pairs by line number. Default: the manifest's, else `id`. */
  key?: string | null;
  /** Side names of a pair, baseline first. Default: the manifest's, else the files' base names. */
  names?: readonly [string, string];
}

/** A file that cannot be opened: the CLI prints the message and exits 2. */
export class UnreadableFileError extends Error {
  constructor(
    readonly path: string,
    /** The errno code, e.g. ENOENT. */
    readonly code: string,
    reason: string,
  ) {
    super(`cannot read ${path}: ${reason}`);
  }
}

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory without Inspect logs (.eval, .json)',
  ENOTDIR: 'a parent is not a directory',
  ELOOP: 'too many symbolic links',
};

function unreadable(path: string, err: unknown): UnreadableFileError {
  const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
  return new UnreadableFileError(path, code, reasons[code] ?? (err instanceof Error ? err.message : String(err)));
}

async function openReadable(path: string): Promise<FileSource> {
  try {
    if (path !== '-' && (await stat(path)).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return await openFileSource(path);
  } catch (err) {
    throw unreadable(path, err);
  }
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

/** Where file names differ only in case, the same file: the usual default of Windows and macOS volumes. */
const foldCase = process.platform === 'win32' || process.platform === 'darwin';

/** Refuses a labels folder that is, or holds, one of the input files (see `inputInLabelsFolder`). */
function checkLabelsFolder(labelsDir: string, inputs: readonly string[]): void {
  const inside = inputInLabelsFolder(realPath(labelsDir), inputs.map(realPath), foldCase);
  if (inside !== undefined) throw new UnreadableFileError(labelsDir, 'EINVAL', `the labels folder holds the input ${inside}; move the input out of it`);
}

/** `runs/trained.jsonl` → `trained`. */
export function sideNameOf(path: string): string {
  return sideNameFromBase(basename(path));
}

/** Base names, qualified by their directory when they are equal (`a/out`, `b/out`). */
function defaultNames(a: string, b: string): [string, string] {
  const named = (p: string) => ({ base: basename(p), parent: basename(dirname(resolve(p))) });
  return defaultSideNames(named(a), named(b));
}

export interface OpenedSource {
  /** Not yet built: call `source.build()` (the editor does, with progress) before reading. */
  readonly source: ItemSource;
  readonly labelsPath: string;
  readonly labelsDir: string;
  readonly manifest?: Manifest;
  /** Problems of the manifest itself. */
  readonly diagnostics: Diagnostic[];
  close(): Promise<void>;
}

/** Opens the files of an input without indexing them; unreadable files throw `UnreadableFileError`. */
export async function openSource(path: string, options: OpenOptions = {}): Promise<OpenedSource> {
  if (/\.review\.json$/i.test(path)) return openManifest(path, options);
  if (options.trained !== undefined) {
    const labelsPath = join(dirname(path), `${sideNameOf(path)}-vs-${sideNameOf(options.trained)}.review.json`);
    checkLabelsFolder(labelsDirFor(labelsPath), [path, options.trained]);
    return openPair(path, options.trained, options, labelsPath, labelsDirFor(labelsPath));
  }
  const trace = await traceFormatOf(path, options.format);
  if (trace) {
    const run = await openTraceRun(path, trace, options.key);
    return { source: new SingleRun(run.run), labelsPath: path, labelsDir: labelsDirFor(path), diagnostics: [], close: run.close };
  }
  if (await isRunPath(path)) {
    const run = await openRunReadable(path);
    return { source: new SingleRun(run.run), labelsPath: path, labelsDir: labelsDirFor(path), diagnostics: [], close: run.close };
  }
  const file = await openFileDataset(path, openReadable, options.format);
  return { source: file.source, labelsPath: path, labelsDir: labelsDirFor(path), diagnostics: [], close: file.close };
}

/** An Inspect log or folder; a missing path is `UnreadableFileError` as for any input. */
async function openRunReadable(path: string) {
  try {
    return await openRun(path, openReadable);
  } catch (err) {
    throw err instanceof UnreadableFileError ? err : unreadable(path, err);
  }
}

/** Two runs of which one is Parquet (no line index to pair by): joined on the records' ids. */
async function openItemRunPair(a: string, b: string, options: OpenOptions, labelsPath: string, labelsDir: string, manifest?: Manifest, extra: Diagnostic[] = []): Promise<OpenedSource> {
  const da = await openFileDataset(a, openReadable, options.format);
  let db: OpenedDataset;
  try {
    db = await openFileDataset(b, openReadable, options.format);
  } catch (err) {
    await da.close();
    throw err;
  }
  const notes = options.key !== undefined && options.key !== 'id' ? [{ file: a, line: 1, column: 0, severity: 'warning' as const, message: 'Parquet runs pair by record id; the join key is ignored' }] : [];
  const source = new RunPairing(new ItemRun(da.source), new ItemRun(db.source), { names: options.names ?? defaultNames(a, b), byTask: false });
  return { source, labelsPath, labelsDir, manifest, diagnostics: [...extra, ...notes], close: async () => void (await Promise.all([da.close(), db.close()])) };
}

/** Two Inspect runs (logs or folders) joined by sample id + epoch, and by task when either is a folder. */
async function openRunPair(a: string, b: string, names: readonly [string, string], labelsPath: string, labelsDir: string, manifest?: Manifest, extra: Diagnostic[] = []): Promise<OpenedSource> {
  const ra = await openRunReadable(a);
  let rb;
  try {
    rb = await openRunReadable(b);
  } catch (err) {
    await ra.close();
    throw err;
  }
  const source = new RunPairing(ra.run, rb.run, { names, byTask: ra.folder || rb.folder });
  return { source, labelsPath, labelsDir, manifest, diagnostics: extra, close: async () => void (await Promise.all([ra.close(), rb.close()])) };
}

async function openPair(a: string, b: string, options: OpenOptions, labelsPath: string, labelsDir: string, manifest?: Manifest, extra: Diagnostic[] = []): Promise<OpenedSource> {
  const trace = (await traceFormatOf(a, options.format)) ?? (await traceFormatOf(b, options.format));
  if (trace) {
    // Two agents' traces: joined by task (or first user message), as two folders of Inspect logs are.
    const [ra, rb] = await Promise.all([openTraceRun(a, trace, options.key), openTraceRun(b, trace, options.key)]);
    const source = new RunPairing(ra.run, rb.run, { names: options.names ?? defaultNames(a, b), byTask: false });
    return { source, labelsPath, labelsDir, manifest, diagnostics: extra, close: async () => undefined };
  }
  if ((await isRunPath(a)) || (await isRunPath(b))) return openRunPair(a, b, options.names ?? defaultNames(a, b), labelsPath, labelsDir, manifest, extra);
  if (inputKind(a) === 'parquet' || inputKind(b) === 'parquet') return openItemRunPair(a, b, options, labelsPath, labelsDir, manifest, extra);
  const fa = await openLines(a, openReadable);
  let fb: FileSource;
  try {
    fb = await openLines(b, openReadable);
  } catch (err) {
    await fa.close();
    throw err;
  }
  const source = new PairedDataset(new Dataset(fa, a, { format: options.format }), new Dataset(fb, b, { format: options.format }), {
    key: options.key === undefined ? 'id' : options.key,
    names: options.names ?? defaultNames(a, b),
  });
  return { source, labelsPath, labelsDir, manifest, diagnostics: extra, close: async () => void (await Promise.all([fa.close(), fb.close()])) };
}

async function openManifest(path: string, options: OpenOptions): Promise<OpenedSource> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw unreadable(path, err);
  }
  // Paths in a manifest are relative to it; joined (not resolved) so messages keep the user's relative paths.
  const plan = planManifest(
    text,
    path,
    {
      resolve: (f) => (isAbsolute(f) ? f : join(dirname(path), f)),
      name: (f) => f,
      parts: (p) => ({ base: basename(p), parent: basename(dirname(resolve(p))) }),
      defaultLabelsDir: labelsDirFor(path),
      identity: realPath,
      foldCase,
    },
    options,
  );
  const { labelsDir, manifest, diagnostics } = plan;
  if (plan.kind === 'none') return { source: emptySource([path], []), labelsPath: path, labelsDir, diagnostics, close: async () => undefined };
  if (plan.kind === 'dataset' && (await traceFormatOf(plan.file, plan.format))) {
    const run = await openTraceRun(plan.file, (await traceFormatOf(plan.file, plan.format))!);
    return { source: new SingleRun(run.run), labelsPath: path, labelsDir, manifest, diagnostics, close: run.close };
  }
  if (plan.kind === 'dataset') {
    const file = await openFileDataset(plan.file, openReadable, plan.format);
    return { source: file.source, labelsPath: path, labelsDir, manifest, diagnostics, close: file.close };
  }
  return openPair(plan.baseline, plan.trained, { format: plan.format, key: plan.key, names: plan.names }, path, labelsDir, manifest, diagnostics);
}

/**
 * Opens and fully indexes an input (pairs are joined), ready for `items()`. `beforeBuild` sees
 * the source before it is indexed and `afterBuild` once it is (the CLI's `--cache` restores and
 * keeps the index there).
 */
export async function openInput(path: string, options: OpenOptions = {}, hooks: { beforeBuild?(source: ItemSource): Promise<unknown>; afterBuild?(source: ItemSource): void } = {}): Promise<Input> {
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
  return {
    labelsPath: opened.labelsPath,
    labelsDir: opened.labelsDir,
    manifest: opened.manifest,
    source,
    diagnostics: [...opened.diagnostics, ...source.diagnostics],
    count: () => source.count,
    items: () => source.items(),
    close: () => opened.close(),
  };
}

import type { FormatName } from '../adapters/types';
import type { Diagnostic } from '../diagnostic';
import { Dataset } from '../input/dataset';
import { emptySource } from '../input/emptySource';
import { inputKind, isInspectLogName, type InputKind } from '../input/inputKind';
import { inputInLabelsFolder, type Manifest } from '../input/manifest';
import { planManifest } from '../input/manifestPlan';
import { PairedDataset } from '../input/pairing';
import { defaultSideNames, sideNameOf } from '../input/sideNames';
import { openInspectLog } from '../inspect/open';
import { ParquetDataset } from '../parquet/parquetDataset';
import { ItemRun } from '../runs/itemRun';
import { RunPairing, SingleRun } from '../runs/runPairing';
import { ConcatRuns, type RunSource } from '../runs/runSource';
import type { FileAccess, OpenedItems, OpenFile } from './fileAccess';
import type { OpenedInput } from './openedInput';
import { openTraceRun, traceFormatOf } from './openTraces';
import { UnreadableFileError } from './unreadableFileError';

export interface OpenOptions<F> {
  /** Read records with this adapter instead of detecting one per file. */
  format?: FormatName;
  /** Pair the input (then the baseline run) with this trained run. */
  trained?: F;
  /** Join field of a pair; null pairs by line number. Default: the manifest's, else `id`. */
  key?: string | null;
  /** Side names of a pair, baseline first. Default: the manifest's, else the files' base names. */
  names?: readonly [string, string];
}

type RecordsKind = Exclude<InputKind, 'manifest' | 'inspect-eval' | 'inspect-json'>;

const held = async (file: Promise<OpenFile>, source: (f: OpenFile) => OpenedItems['source']): Promise<OpenedItems> => {
  const f = await file;
  return { source: source(f), close: () => f.close() };
};

/** How each kind of records file becomes items, for both builds: a new container format is one line here (its record shapes are adapters). */
const records: { [K in RecordsKind]: <F>(io: FileAccess<F>, file: F, format?: FormatName) => Promise<OpenedItems> } = {
  jsonl: (io, file, format) => held(io.open(file), (f) => new Dataset(f, io.names.name(file), { format })),
  gzip: async (io, file, format) => io.gzipDataset?.(file, format) ?? held(io.gunzip(file), (f) => new Dataset(f, io.names.name(file), { format })),
  parquet: (io, file, format) => held(io.open(file), (f) => new ParquetDataset(f, io.names.name(file), { format })),
};

const kindOf = <F>(io: FileAccess<F>, file: F): InputKind => inputKind(io.names.parts(file).base);

/** An Inspect log, or a folder (read as a run of its logs). */
async function isRun<F>(io: FileAccess<F>, file: F): Promise<boolean> {
  const kind = kindOf(io, file);
  if (kind === 'inspect-eval' || kind === 'inspect-json') return true;
  return io.stat(file).then(
    (s) => s.directory,
    () => false,
  );
}

interface OpenedRun {
  run: RunSource;
  /** A folder of logs: pairs join on task as well. */
  folder: boolean;
  close(): Promise<void>;
}

/** One Inspect log, or every log of a folder (as `inspect eval-set` writes them, one per task) as one run. */
async function openRun<F>(io: FileAccess<F>, file: F): Promise<OpenedRun> {
  const name = io.names.name(file);
  if (!(await io.stat(file)).directory) {
    const f = await io.open(file);
    return { run: openInspectLog(f, name), folder: false, close: () => f.close() };
  }
  const logs = (await io.list(file)).filter((l) => isInspectLogName(io.names.parts(l).base));
  if (!logs.length) throw new UnreadableFileError(name, 'EISDIR', 'is a directory without Inspect logs (.eval, .json)');
  // A folder may hold thousands of logs: each holds a descriptor only while it is read.
  const opened = await openAll(logs.map((l) => () => (io.openPooled ? io.openPooled(l) : io.open(l))));
  return { run: new ConcatRuns(opened.map((f, k) => openInspectLog(f, io.names.name(logs[k]!)))), folder: true, close: () => closeAll(opened) };
}

/** Opens one after the other; on a failure closes what was opened and throws. */
async function openAll<T extends { close(): Promise<void> }>(openers: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  try {
    for (const open of openers) out.push(await open());
  } catch (err) {
    await closeAll(out);
    throw err;
  }
  return out;
}

const closeAll = async (all: readonly { close(): Promise<void> }[]) => void (await Promise.all(all.map((x) => x.close())));

async function openOne<F>(io: FileAccess<F>, file: F, format?: FormatName, key?: string | null): Promise<OpenedItems> {
  // Agent traces first: a Harbor trial's `.json` files or an OTLP `.json` are not Inspect logs.
  const trace = await traceFormatOf(io, file, format);
  if (trace) {
    const r = await openTraceRun(io, file, trace, key);
    return { source: new SingleRun(r.run), close: r.close };
  }
  if (await isRun(io, file)) {
    const r = await openRun(io, file);
    return { source: new SingleRun(r.run), close: r.close };
  }
  return records[kindOf(io, file) as RecordsKind](io, file, format);
}

interface Where {
  labelsPath: string;
  labelsDir: string;
  manifest?: Manifest;
  diagnostics: Diagnostic[];
}

/** Two runs or datasets as pairs: agent traces by task, Inspect runs by sample (and task), Parquet by record id, JSONL by `key`. */
async function openPair<F>(io: FileAccess<F>, a: F, b: F, pair: { key: string | null; names: [string, string]; format?: FormatName }, where: Where): Promise<OpenedInput> {
  const { key, names, format } = pair;
  const trace = (await traceFormatOf(io, a, format)) ?? (await traceFormatOf(io, b, format));
  if (trace) {
    const [ra, rb] = await openAll([() => openTraceRun(io, a, trace, key), () => openTraceRun(io, b, trace, key)]);
    return { ...where, source: new RunPairing(ra!.run, rb!.run, { names, byTask: false }), close: () => closeAll([ra!, rb!]) };
  }
  if ((await isRun(io, a)) || (await isRun(io, b))) {
    const [ra, rb] = await openAll([() => openRun(io, a), () => openRun(io, b)]);
    return { ...where, source: new RunPairing(ra!.run, rb!.run, { names, byTask: ra!.folder || rb!.folder }), close: () => closeAll([ra!, rb!]) };
  }
  if (kindOf(io, a) === 'parquet' || kindOf(io, b) === 'parquet') {
    // Parquet has no line index to pair by: its runs join on the records' ids.
    const [da, db] = await openAll([() => openOne(io, a, format), () => openOne(io, b, format)]);
    const notes: Diagnostic[] = key !== 'id' ? [{ file: io.names.name(a), line: 1, column: 0, severity: 'warning', message: 'Parquet runs pair by record id; the join key is ignored' }] : [];
    const source = new RunPairing(new ItemRun(da!.source), new ItemRun(db!.source), { names, byTask: false });
    return { ...where, source, diagnostics: [...where.diagnostics, ...notes], close: () => closeAll([da!, db!]) };
  }
  const lines = (f: F) => () => (kindOf(io, f) === 'gzip' ? io.gunzip(f) : io.open(f));
  const [fa, fb] = await openAll([lines(a), lines(b)]);
  const source = new PairedDataset(new Dataset(fa!, io.names.name(a), { format }), new Dataset(fb!, io.names.name(b), { format }), { key, names });
  return { ...where, source, close: () => closeAll([fa!, fb!]) };
}

/** Refuses a labels folder that is, or holds, one of the inputs (see `inputInLabelsFolder`). */
function checkLabelsFolder<F>(io: FileAccess<F>, labelsDir: string, inputs: readonly F[]): void {
  const identity = io.names.identity ?? ((n: string) => n);
  const inside = inputInLabelsFolder(identity(labelsDir), inputs.map((f) => identity(io.names.name(f))), io.names.foldCase);
  if (inside !== undefined) throw new UnreadableFileError(labelsDir, 'EINVAL', `the labels folder holds the input ${inside}; move the input out of it`);
}

async function openManifest<F>(io: FileAccess<F>, file: F, options: OpenOptions<F>): Promise<OpenedInput> {
  const n = io.names;
  const name = n.name(file);
  const plan = planManifest(
    await io.readText(file),
    name,
    { resolve: (p) => n.resolve(file, p), name: n.name, parts: n.parts, defaultLabelsDir: n.labelsDir(file), identity: n.identity, foldCase: n.foldCase },
    options,
  );
  const where: Where = { labelsPath: name, labelsDir: plan.labelsDir, manifest: plan.manifest, diagnostics: plan.diagnostics };
  if (plan.kind === 'none') return { ...where, source: emptySource([name], []), close: async () => undefined };
  if (plan.kind === 'dataset') return { ...where, ...(await openOne(io, plan.file, plan.format, options.key)) };
  return openPair(io, plan.baseline, plan.trained, { key: plan.key, names: plan.names, format: plan.format }, where);
}

/**
 * The one plan for opening an input, on the desktop and in the browser: a `.review.json`
 * manifest (one dataset or two runs), two files to pair (`trained`), an Inspect log or folder
 * (a run), agent traces (a session, rollout, OTLP file or Harbor trial, or a folder of them: a
 * run), or one records file (JSONL, `.jsonl.gz`, Parquet). Nothing is indexed yet.
 */
export async function openInput<F>(file: F, io: FileAccess<F>, options: OpenOptions<F> = {}): Promise<OpenedInput> {
  const n = io.names;
  if (kindOf(io, file) === 'manifest') return openManifest(io, file, options);
  if (options.trained !== undefined) {
    const b = options.trained;
    const pairFile = n.resolve(file, `${sideNameOf(n.parts(file).base)}-vs-${sideNameOf(n.parts(b).base)}.review.json`);
    const labelsDir = n.labelsDir(pairFile);
    checkLabelsFolder(io, labelsDir, [file, b]);
    const names = options.names ? ([options.names[0], options.names[1]] as [string, string]) : defaultSideNames(n.parts(file), n.parts(b));
    return openPair(io, file, b, { key: options.key === undefined ? 'id' : options.key, names, format: options.format }, { labelsPath: n.name(pairFile), labelsDir, diagnostics: [] });
  }
  return { labelsPath: n.name(file), labelsDir: n.labelsDir(file), diagnostics: [], ...(await openOne(io, file, options.format, options.key)) };
}

import * as vscode from 'vscode';
import { memorySource } from '../../core/input/byteSource';
import { Dataset } from '../../core/input/dataset';
import { emptySource } from '../../core/input/emptySource';
import type { Diagnostic } from '../../core/diagnostic';
import type { FormatName } from '../../core/adapters/types';
import { PairedDataset } from '../../core/input/pairing';
import type { Manifest } from '../../core/input/manifest';
import { planManifest } from '../../core/input/manifestPlan';
import { labelsDirFor } from '../../core/labels/labelPaths';
import { baseName, dirName, relativePath } from '../../core/posixPath';
import type { OpenedInput, Platform } from './platform';
import { webLabelFolder } from './webLabelLog';
import { inputKind, isInspectLogName } from '../../core/input/inputKind';
import { openInspectLog } from '../../core/inspect/open';
import { ParquetDataset } from '../../core/parquet/parquetDataset';
import { gunzipMemory } from '../../core/input/gunzipMemory';
import { ConcatRuns, type RunSource } from '../../core/runs/runSource';
import { RunPairing, SingleRun } from '../../core/runs/runPairing';
import { ItemRun } from '../../core/runs/itemRun';
import type { ItemSource } from '../../core/input/dataset';

/**
 * The largest input file the browser opens. `workspace.fs` has no ranged read, so a file is
 * read whole into the web worker's memory (then indexed and read like the desktop's pages);
 * 200 MB keeps a pair of runs, their index and the webview well inside a tab's memory.
 */
export const maxBrowserBytes = 200 * 1024 * 1024;

const mb = (bytes: number) => Math.ceil(bytes / (1024 * 1024));

/** The message shown in the editor (and the Problems panel) for a file above `maxBrowserBytes`. */
export function tooLargeMessage(bytes: number, name?: string): string {
  const limit = mb(maxBrowserBytes);
  return name
    ? vscode.l10n.t('{0} is {1} MB; in the browser, Transcript Review opens files up to {2} MB. Use the desktop app or the CLI for larger files.', name, mb(bytes), limit)
    : vscode.l10n.t('This file is {0} MB; in the browser, Transcript Review opens files up to {1} MB. Use the desktop app or the CLI for larger files.', mb(bytes), limit);
}

type Loaded = { bytes: Uint8Array } | { tooLarge: Diagnostic };

/** A whole input file, or the "too large" problem (checked by `stat` first, so nothing big is read). */
async function load(uri: vscode.Uri, named: boolean): Promise<Loaded> {
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > maxBrowserBytes) {
    return { tooLarge: { file: uri.toString(), line: 1, column: 0, severity: 'error', message: tooLargeMessage(size, named ? baseName(uri.path) : undefined) } };
  }
  return { bytes: await vscode.workspace.fs.readFile(uri) };
}

const labelsDirOf = (uri: vscode.Uri) => uri.with({ path: labelsDirFor(uri.path) }).toString();
const nothingToClose = async () => undefined;

interface OpenContext {
  labelsDir: string;
  manifest?: Manifest;
  diagnostics: Diagnostic[];
  format?: FormatName;
}

/** A records file by its name: JSONL, `.jsonl.gz` (decompressed in memory, within the same limit) or Parquet. */
async function recordsOf(uri: vscode.Uri, bytes: Uint8Array, format?: FormatName): Promise<ItemSource> {
  const file = uri.toString();
  const kind = inputKind(uri.path);
  if (kind === 'parquet') return new ParquetDataset(memorySource(bytes), file, { format });
  if (kind !== 'gzip') return new Dataset(memorySource(bytes), file, { format });
  try {
    return new Dataset(memorySource(await gunzipMemory(bytes, maxBrowserBytes)), file, { format });
  } catch (err) {
    return emptySource([file], [{ file, line: 1, column: 0, severity: 'error', message: vscode.l10n.t('cannot decompress: {0}', err instanceof Error ? err.message : String(err)) }]);
  }
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
}

const isInspectFile = (uri: vscode.Uri) => ['inspect-eval', 'inspect-json'].includes(inputKind(uri.path));

/** An Inspect log, or a folder of them read as one run; each log is held in memory, up to the limit. */
async function openRun(uri: vscode.Uri): Promise<{ run: RunSource; folder: boolean } | { tooLarge: Diagnostic[] }> {
  const folder = await isDirectory(uri);
  const files = folder
    ? (await vscode.workspace.fs.readDirectory(uri))
        .filter(([name, type]) => type === vscode.FileType.File && isInspectLogName(name))
        .map(([name]) => name)
        .sort()
        .map((name) => vscode.Uri.joinPath(uri, name))
    : [uri];
  const loaded = await Promise.all(files.map((f) => load(f, true)));
  const big = loaded.flatMap((l) => ('tooLarge' in l ? [l.tooLarge] : []));
  if (big.length) return { tooLarge: big };
  const logs = loaded.map((l, k) => openInspectLog(memorySource((l as { bytes: Uint8Array }).bytes), files[k]!.toString()));
  if (!folder) return { run: logs[0]!, folder };
  const none: Diagnostic[] = logs.length ? [] : [{ file: uri.toString(), line: 1, column: 0, severity: 'error', message: vscode.l10n.t('no Inspect logs (.eval, .json) in this folder') }];
  return { run: new ConcatRuns(logs, none), folder };
}

async function openFile(uri: vscode.Uri, c: OpenContext, named = false): Promise<OpenedInput> {
  const base = { labelsDir: c.labelsDir, manifest: c.manifest, close: nothingToClose };
  if (isInspectFile(uri)) {
    const r = await openRun(uri);
    if ('tooLarge' in r) return { ...base, source: emptySource([uri.toString()], []), diagnostics: [...c.diagnostics, ...r.tooLarge] };
    return { ...base, source: new SingleRun(r.run), diagnostics: c.diagnostics };
  }
  const loaded = await load(uri, named);
  if ('tooLarge' in loaded) return { ...base, source: emptySource([uri.toString()], []), diagnostics: [...c.diagnostics, loaded.tooLarge] };
  return { ...base, source: await recordsOf(uri, loaded.bytes, c.format), diagnostics: c.diagnostics };
}

async function openPair(a: vscode.Uri, b: vscode.Uri, key: string | null, names: [string, string], c: OpenContext): Promise<OpenedInput> {
  const base = { labelsDir: c.labelsDir, manifest: c.manifest, close: nothingToClose };
  const isRun = async (u: vscode.Uri) => isInspectFile(u) || (await isDirectory(u));
  if ((await isRun(a)) || (await isRun(b))) {
    const [ra, rb] = await Promise.all([openRun(a), openRun(b)]);
    if ('tooLarge' in ra || 'tooLarge' in rb) {
      const big = [ra, rb].flatMap((r) => ('tooLarge' in r ? r.tooLarge : []));
      return { ...base, source: emptySource([a.toString(), b.toString()], []), diagnostics: [...c.diagnostics, ...big] };
    }
    return { ...base, source: new RunPairing(ra.run, rb.run, { names, byTask: ra.folder || rb.folder }), diagnostics: c.diagnostics };
  }
  const [la, lb] = await Promise.all([load(a, true), load(b, true)]);
  if ('tooLarge' in la || 'tooLarge' in lb) {
    const big = [la, lb].flatMap((l) => ('tooLarge' in l ? [l.tooLarge] : []));
    return { ...base, source: emptySource([a.toString(), b.toString()], []), diagnostics: [...c.diagnostics, ...big] };
  }
  // Parquet has no line index to pair by: its runs join on the records' ids.
  if (inputKind(a.path) === 'parquet' || inputKind(b.path) === 'parquet') {
    const run = async (u: vscode.Uri, bytes: Uint8Array) => new ItemRun(await recordsOf(u, bytes, c.format));
    return { ...base, source: new RunPairing(await run(a, la.bytes), await run(b, lb.bytes), { names, byTask: false }), diagnostics: c.diagnostics };
  }
  const dataset = async (u: vscode.Uri, l: { bytes: Uint8Array }) => {
    const bytes = inputKind(u.path) === 'gzip' ? await gunzipMemory(l.bytes, maxBrowserBytes) : l.bytes;
    return new Dataset(memorySource(bytes), u.toString(), { format: c.format });
  };
  return { ...base, source: new PairedDataset(await dataset(a, la), await dataset(b, lb), { key, names }), diagnostics: c.diagnostics };
}

/** A `.review.json` manifest, resolved as `src/node/input.ts` resolves it, with URIs for paths. */
async function openManifest(uri: vscode.Uri): Promise<OpenedInput> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const plan = planManifest(text, uri.toString(), {
    // Relative to the manifest; a manifest written on Windows may use backslashes.
    resolve: (f) => {
      const p = f.replace(/\\/g, '/');
      return p.startsWith('/') ? uri.with({ path: p }) : vscode.Uri.joinPath(uri, '..', p);
    },
    name: (u) => u.toString(),
    parts: (u) => ({ base: baseName(u.path), parent: baseName(dirName(u.path)) }),
    defaultLabelsDir: labelsDirOf(uri),
  });
  const { labelsDir, diagnostics } = plan;
  if (plan.kind === 'none') return { source: emptySource([uri.toString()], []), labelsDir, diagnostics, close: nothingToClose };
  const c: OpenContext = { labelsDir, manifest: plan.manifest, diagnostics, format: plan.format };
  if (plan.kind === 'dataset') return openFile(plan.file, c, true);
  return openPair(plan.baseline, plan.trained, plan.key, plan.names, c);
}

/**
 * The browser (vscode.dev, github.dev): every read and write goes through `vscode.workspace.fs`,
 * inputs are held in memory up to `maxBrowserBytes`, and files are named by URI strings.
 */
export const webPlatform: Platform = {
  // Each poll lists and stats the labels folder through the workbench; remote file systems
  // (github.dev) answer slower than a local disk.
  labelPollMs: 2000,
  // The web worker's navigator is the browser's: the machine whose keyboard is used.
  mac: /Macintosh|Mac OS X/.test((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? ''),
  open(uri) {
    if (/\.review\.json$/i.test(uri.path)) return openManifest(uri);
    return openFile(uri, { labelsDir: labelsDirOf(uri), diagnostics: [] });
  },
  labelFolder: (dir) => webLabelFolder(vscode.Uri.parse(dir)),
  fileSize: async (file) => (await vscode.workspace.fs.stat(vscode.Uri.parse(file))).size,
  fileUri: (file) => vscode.Uri.parse(file),
  fileRef: (uri) => uri.toString(),
  async readHead(uri, maxBytes) {
    const { size } = await vscode.workspace.fs.stat(uri);
    if (size > maxBrowserBytes) throw new Error(tooLargeMessage(size, baseName(uri.path)));
    return (await vscode.workspace.fs.readFile(uri)).subarray(0, maxBytes);
  },
  relativeTo(manifest, file) {
    if (manifest.scheme !== file.scheme || manifest.authority !== file.authority) {
      throw new Error(vscode.l10n.t('{0} is not on the same file system as the comparison; pick runs from the same workspace.', baseName(file.path)));
    }
    return relativePath(dirName(manifest.path), file.path);
  },
  // No OS user in a browser tab; "Set Annotator Name…" (the status bar item) names you.
  defaultAnnotator: () => 'anonymous',
};

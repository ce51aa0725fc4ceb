import * as vscode from 'vscode';
import { memorySource } from '../../core/input/byteSource';
import { emptySource } from '../../core/input/emptySource';
import { labelsDirFor } from '../../core/labels/labelPaths';
import { baseName, dirName, relativePath } from '../../core/posixPath';
import type { Platform } from './platform';
import { webLabelFolder } from './webLabelLog';
import { gunzipMemory } from '../../core/input/gunzipMemory';
import type { FileAccess } from '../../core/open/fileAccess';
import { openInput } from '../../core/open/openInput';
import { UnreadableFileError } from '../../core/open/unreadableFileError';
import { parseSelectionFile, selectionFileName } from '../../core/campaign/selection';

/** The selection file's stat, or undefined when there is none. */
async function selectionStat(labelsDir: string): Promise<{ uri: vscode.Uri; stat: vscode.FileStat } | undefined> {
  const uri = vscode.Uri.joinPath(vscode.Uri.parse(labelsDir), selectionFileName);
  try {
    return { uri, stat: await vscode.workspace.fs.stat(uri) };
  } catch {
    return undefined;
  }
}

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

/** A file above `maxBrowserBytes`: checked by `stat` first, so nothing big is read. */
class TooLargeError extends UnreadableFileError {
  constructor(
    readonly uri: vscode.Uri,
    readonly size: number,
  ) {
    super(uri.toString(), 'EFBIG', tooLargeMessage(size, baseName(uri.path)));
  }
}

/** A whole input file, within the browser's limit. */
async function load(uri: vscode.Uri): Promise<Uint8Array> {
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > maxBrowserBytes) throw new TooLargeError(uri, size);
  return vscode.workspace.fs.readFile(uri);
}

const inMemory = (bytes: Uint8Array) => ({ ...memorySource(bytes), close: async () => undefined });

/** The browser's files: `vscode.workspace.fs`, each input read whole into memory (no ranged read there). */
const webFiles: FileAccess<vscode.Uri> = {
  async stat(uri) {
    const s = await vscode.workspace.fs.stat(uri);
    return { directory: (s.type & vscode.FileType.Directory) !== 0, size: s.size };
  },
  open: async (uri) => inMemory(await load(uri)),
  list: async (dir) =>
    (await vscode.workspace.fs.readDirectory(dir))
      .filter(([, type]) => type === vscode.FileType.File)
      .map(([name]) => name)
      .sort()
      .map((name) => vscode.Uri.joinPath(dir, name)),
  folders: async (dir) =>
    (await vscode.workspace.fs.readDirectory(dir))
      .filter(([, type]) => type === vscode.FileType.Directory)
      .map(([name]) => name)
      .sort()
      .map((name) => vscode.Uri.joinPath(dir, name)),
  readText: async (uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)),
  // Decompressed in memory, within the same limit.
  async gunzip(uri) {
    const bytes = await load(uri);
    try {
      return inMemory(await gunzipMemory(bytes, maxBrowserBytes));
    } catch (err) {
      throw new UnreadableFileError(uri.toString(), 'EBADGZ', err instanceof Error ? err.message : String(err));
    }
  },
  names: {
    name: (uri) => uri.toString(),
    parts: (uri) => ({ base: baseName(uri.path), parent: baseName(dirName(uri.path)) }),
    // Relative to the manifest; a manifest written on Windows may use backslashes.
    resolve(from, path) {
      const p = path.replace(/\\/g, '/');
      return p.startsWith('/') ? from.with({ path: p }) : vscode.Uri.joinPath(from, '..', p);
    },
    labelsDir: (uri) => uri.with({ path: labelsDirFor(uri.path) }).toString(),
  },
};

/** What cannot be opened in a browser tab, as the editor's problem: a file too large, a folder without logs, a bad `.gz`. */
function problem(uri: vscode.Uri, err: UnreadableFileError): string {
  if (err instanceof TooLargeError) return tooLargeMessage(err.size, err.uri.toString() === uri.toString() ? undefined : baseName(err.uri.path));
  if (err.code === 'EISDIR') return vscode.l10n.t('no Inspect logs (.eval, .json) in this folder');
  if (err.code === 'EBADGZ') return vscode.l10n.t('cannot decompress: {0}', err.reason);
  return err.message;
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
  async open(uri) {
    try {
      return await openInput(uri, webFiles);
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      const file = uri.toString();
      return { source: emptySource([file], []), labelsPath: file, labelsDir: webFiles.names.labelsDir(uri), diagnostics: [{ file: err.path, line: 1, column: 0, severity: 'error', message: problem(uri, err) }], close: async () => undefined };
    }
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
  async readSelection(labelsDir) {
    const found = await selectionStat(labelsDir);
    if (!found) return undefined;
    if ((found.stat.type & vscode.FileType.SymbolicLink) !== 0) throw new Error(`${found.uri.toString()}: is a link; a selection file is read only where it is`);
    if (found.stat.size > maxBrowserBytes) throw new Error(tooLargeMessage(found.stat.size, selectionFileName));
    return parseSelectionFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(found.uri)), found.uri.toString());
  },
  async selectionStamp(labelsDir) {
    const found = await selectionStat(labelsDir);
    return found && `${found.stat.size}:${found.stat.mtime}`;
  },
  // No OS user in a browser tab; "Set Annotator Name…" (the status bar item) names you.
  defaultAnnotator: () => 'anonymous',
};

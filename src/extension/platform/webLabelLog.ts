import * as vscode from 'vscode';
import { serializeEvent } from '../../core/labels/labelLog';
import type { LabelEvent } from '../../core/labels/labelEvent';
import type { LabelFolder, LabelSink, LogEntry, LogStat } from '../../core/labels/labelSink';

const encoder = new TextEncoder();

function isNotFound(err: unknown): boolean {
  return err instanceof vscode.FileSystemError && err.code === 'FileNotFound';
}

/**
 * One annotator's log through `vscode.workspace.fs`, for the browser. That API has no append and
 * no fsync: each event reads the log, adds its line and writes the whole log back. The write is
 * "stored" once `writeFile` resolves (the file system provider has the bytes; on github.dev a
 * pending change in Source Control), and only then does the editor show "saved", as on the
 * desktop. Appends are serialised, so this window never loses its own lines; two windows
 * labelling as the same annotator at the same moment could (a log per annotator avoids that).
 */
export class WebLabelLog implements LabelSink {
  private _queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly _uri: vscode.Uri) {}

  get path(): string {
    return this._uri.toString();
  }

  append(event: LabelEvent): Promise<void> {
    const run = this._queue.then(() => this._append(event));
    this._queue = run.catch(() => undefined);
    return run;
  }

  private async _append(event: LabelEvent): Promise<void> {
    const old = await this._bytes();
    // A torn last line (an interrupted write elsewhere) stays alone; ours starts on a new line.
    const torn = old.length > 0 && old[old.length - 1] !== 0x0a;
    const line = encoder.encode((torn ? '\n' : '') + serializeEvent(event));
    const next = new Uint8Array(old.length + line.length);
    next.set(old, 0);
    next.set(line, old.length);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this._uri, '..'));
    this._cache = undefined;
    await vscode.workspace.fs.writeFile(this._uri, next);
  }

  /** `writeFile` resolving is this API's only notion of stored: a line read back is as stored as it gets. */
  async sync(): Promise<void> {
    await this._queue;
  }

  /** The browser has no ranged reads: the log is read whole and handed out from `offset`. */
  async *read(offset: number): AsyncIterable<Uint8Array> {
    const bytes = await this._bytes();
    if (offset < bytes.length) yield bytes.subarray(offset);
  }

  async readRange(offset: number, length: number): Promise<Uint8Array> {
    return (await this._bytes()).subarray(offset, offset + length);
  }

  async stat(): Promise<LogStat> {
    try {
      const s = await vscode.workspace.fs.stat(this._uri);
      return { size: s.size, mtime: s.mtime };
    } catch {
      return { size: 0, mtime: 0 };
    }
  }

  /** The last bytes read, with the size and mtime they were read at. */
  private _cache: (LogStat & { bytes: Uint8Array }) | undefined;

  /**
   * The log's bytes; a missing log is empty, any other failure is the caller's (retried). A tail
   * read asks for them up to three times (the tail, its fingerprint, the check of it): while the
   * file's size and mtime are unchanged, the copy read last serves, so a label costs one read.
   */
  private async _bytes(): Promise<Uint8Array> {
    const now = await this.stat();
    if (this._cache && now.size === this._cache.size && now.mtime === this._cache.mtime && now.size > 0) return this._cache.bytes;
    try {
      const bytes = await vscode.workspace.fs.readFile(this._uri);
      this._cache = { ...now, bytes };
      return bytes;
    } catch (err) {
      this._cache = undefined;
      if (isNotFound(err)) return new Uint8Array(0);
      throw err;
    }
  }
}

/** A labels folder through `vscode.workspace.fs`. */
export function webLabelFolder(dir: vscode.Uri): LabelFolder {
  return {
    async list() {
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch {
        return []; // no labels folder yet
      }
      const names = entries
        .filter(([name, type]) => name.endsWith('.jsonl') && (type & vscode.FileType.File) !== 0 && (type & vscode.FileType.SymbolicLink) === 0)
        .map(([name]) => name)
        .sort();
      const found = await Promise.all(
        names.map(async (name): Promise<LogEntry | undefined> => {
          try {
            const s = await vscode.workspace.fs.stat(vscode.Uri.joinPath(dir, name));
            return { name, size: s.size, mtime: s.mtime };
          } catch {
            return undefined; // removed since the listing; the next poll sees the settled folder
          }
        }),
      );
      return found.filter((e): e is LogEntry => e !== undefined);
    },
    log: (name) => new WebLabelLog(vscode.Uri.joinPath(dir, name)),
  };
}

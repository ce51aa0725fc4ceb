import type { LabelEvent } from './labelEvent';

/** A log's size and modification time: a change in either means someone wrote it. */
export interface LogStat {
  size: number;
  mtime: number;
}

/**
 * One annotator's append-only label log, wherever it is stored: a file appended and fsync'd by
 * Node on the desktop, a `vscode.workspace.fs` file in the browser.
 */
export interface LabelSink {
  /** Where the log is, for messages and diagnostics: a path, or a URI in the browser. */
  readonly path: string;
  /**
   * Appends one event as one whole line in a single write (with a leading newline when the log
   * does not end with one); resolves once it is stored (fsync'd on the desktop).
   */
  append(event: LabelEvent): Promise<void>;
  /**
   * Makes what the log holds durable (fsync of the log and its folder on the desktop); throws when
   * that fails. A retry after an `append` whose sync failed calls this: bytes readable from the
   * page cache are not yet stored, and after a failed fsync the system may drop them.
   */
  sync(): Promise<void>;
  /** The log's bytes from `offset` to its end, in chunks; a missing log has none. */
  read(offset: number): AsyncIterable<Uint8Array>;
  /** Up to `length` bytes at `offset` (fewer at the end). */
  readRange(offset: number, length: number): Promise<Uint8Array>;
  /** Size and mtime; both 0 when the log is missing. */
  stat(): Promise<LogStat>;
}

/** One log in a labels folder; size and mtime tell a change made elsewhere (another window, git pull). */
export interface LogEntry extends LogStat {
  /** File name, `ANNOTATOR.jsonl` (see `annotatorFileName`). */
  name: string;
}

/** A labels folder, `DATASET.labels/`: one `ANNOTATOR.jsonl` log per annotator. */
export interface LabelFolder {
  /** The `*.jsonl` logs sorted by name (symlinks left out); none when the folder does not exist yet. */
  list(): Promise<LogEntry[]>;
  /** The log named `name` (`annotatorFileName(...)`) in this folder, existing or not. */
  log(name: string): LabelSink;
}

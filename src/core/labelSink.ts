import type { LabelEvent } from './labelEvent';
import type { ParsedLog } from './labelLog';

/**
 * One annotator's append-only label log, wherever it is stored: a file appended and fsync'd by
 * Node on the desktop, a `vscode.workspace.fs` file in the browser (HX `fileAccessor.ts`).
 */
export interface LabelSink {
  /** Where the log is, for messages and diagnostics: a path, or a URI in the browser. */
  readonly path: string;
  /** Appends one event as one whole line; resolves to the log's size after the write, once stored. */
  append(event: LabelEvent): Promise<number>;
  /** Reads and parses the whole log; a missing log is an empty one. */
  read(): Promise<ParsedLog>;
  /** The log's size in bytes, 0 when it is missing: compared to notice writes made elsewhere. */
  size(): Promise<number>;
}

/** One log in a labels folder; size and mtime tell a change made elsewhere (another window, git pull). */
export interface LogEntry {
  /** File name, `ANNOTATOR.jsonl`. */
  name: string;
  size: number;
  mtime: number;
}

/** A labels folder, `DATASET.labels/`: one `ANNOTATOR.jsonl` log per annotator. */
export interface LabelFolder {
  /** The `*.jsonl` logs sorted by name; none when the folder does not exist yet. */
  list(): Promise<LogEntry[]>;
  /** The log named `name` (`annotatorFileName(...)`) in this folder, existing or not. */
  log(name: string): LabelSink;
}

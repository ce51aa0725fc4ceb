import type { Diagnostic } from '../diagnostic';
import type { TraceGroup } from './traceFiles';
import type { TraceReadOptions } from './traceGroup';
import type { TraceRun } from './traceMessages';

/** What a run is paired on, as far as indexing knows: its id (for a mapping file), its task, or its format's key (a first prompt's hash, a trace id). */
export interface IndexedRun {
  id?: string;
  task?: string;
  key?: string;
}

/**
 * What indexing a group found: its runs, each with the task or first-user key it pairs on (when
 * the index could tell), and how to read one. Indexing reads no more than the keys need (a
 * session's first prompt, a trial's result, an OTLP file's trace ids and span byte ranges); a
 * run is assembled when `read` asks for it.
 */
export interface GroupIndex {
  readonly runs: readonly IndexedRun[];
  /** Problems of the group as a whole (a cut-off line of an OTLP file). */
  readonly diagnostics: readonly Diagnostic[];
  /** Run `k` read whole, with what could not be read in it. */
  read(k: number): Promise<{ run?: TraceRun; diagnostics: Diagnostic[] }>;
  close?(): Promise<void>;
}

export interface TraceIndexOptions extends TraceReadOptions {
  /** A mapping file's tasks: by transcript id, by the main file's base name or by its path. */
  mapping?: Readonly<Record<string, string>>;
}

export type TraceIndexer = (group: TraceGroup, options: TraceIndexOptions) => Promise<GroupIndex>;

import type { IndexProgress } from '../input/lineIndex';
import type { Diagnostic } from '../diagnostic';
import type { AbortFlag, ItemResult } from '../input/dataset';
import type { Transcript } from '../adapters/types';

/** What a record of a run is joined on: known from the container (an `.eval` directory) without reading it. */
export interface RunKey {
  /** The task (benchmark) the record belongs to, when the run has tasks (Inspect logs). */
  task?: string;
  id: string;
  epoch?: number;
}

/**
 * One run's transcripts in a container that is not one JSONL line per record: an Inspect log
 * (`.eval` zip, `.json`), a folder of them. Records are read only when asked for.
 */
export interface RunSource {
  readonly files: readonly string[];
  readonly count: number;
  readonly done: boolean;
  readonly diagnostics: readonly Diagnostic[];
  build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void>;
  key(i: number): RunKey;
  /** The file record `i` is in (a folder's log), for messages. */
  fileOf(i: number): string;
  /** Record `i` converted to a transcript (`transcript` set), or why not. */
  read(i: number): Promise<ItemResult>;
  /** The records as the container describes them before any is read (an `.eval`'s names, header and summaries), once built. */
  described?(): Promise<DescribedRecords>;
}

/**
 * A run's records as its container describes them: for the item list's early rows. Only what
 * `exact` names is the container's own (so what the read record gives too); everything else is a
 * description the record replaces when it is read.
 */
export interface DescribedRecords {
  transcript(i: number): Transcript;
  /** The model and the task come from the container (a log's header), not from the record. */
  exact: { model: boolean; task: boolean };
}

/** `task/id_epoch_N`: a sample's name in messages and item ids, as Inspect names sample files. */
export function keyText(k: RunKey, withTask = true): string {
  const base = k.epoch === undefined ? k.id : `${k.id}_epoch_${k.epoch}`;
  return withTask && k.task !== undefined ? `${k.task}/${base}` : base;
}

/** Several runs' sources read as one, in order (a folder of logs, one per task). */
export class ConcatRuns implements RunSource {
  private _built = false;
  constructor(
    private readonly _parts: readonly RunSource[],
    private readonly _extra: readonly Diagnostic[] = [],
  ) {}

  get files(): readonly string[] {
    return this._parts.flatMap((p) => p.files);
  }
  get count(): number {
    return this._parts.reduce((n, p) => n + p.count, 0);
  }
  get done(): boolean {
    return this._built;
  }
  get diagnostics(): readonly Diagnostic[] {
    return [...this._extra, ...this._parts.flatMap((p) => p.diagnostics)];
  }

  async build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    if (this._built) return;
    let k = 0;
    for (const p of this._parts) {
      if (signal?.aborted) return;
      await p.build(undefined, signal);
      onProgress?.({ bytesScanned: ++k, totalBytes: this._parts.length, lines: this.count });
    }
    this._built = true;
  }

  private _at(i: number): { part: RunSource; j: number } {
    let j = i;
    for (const part of this._parts) {
      if (j < part.count) return { part, j };
      j -= part.count;
    }
    throw new RangeError(`no record ${i} (have ${this.count})`);
  }

  key(i: number): RunKey {
    const { part, j } = this._at(i);
    return part.key(j);
  }

  fileOf(i: number): string {
    const { part, j } = this._at(i);
    return part.fileOf(j);
  }

  async read(i: number): Promise<ItemResult> {
    const { part, j } = this._at(i);
    return { ...(await part.read(j)), index: i };
  }
}

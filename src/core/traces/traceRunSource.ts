import type { Diagnostic } from '../diagnostic';
import type { AbortFlag, ItemResult } from '../input/dataset';
import type { IndexProgress } from '../input/lineIndex';
import type { RunKey, RunSource } from '../runs/runSource';
import { readClaudeCode } from './claudeCode';
import { readCodex } from './codex';
import { readHarbor } from './harbor';
import { readOtel } from './otel';
import { baseName, type TraceGroupBytes, type TraceRead, type TraceReadOptions, type TraceReader } from './traceGroup';
import type { TraceFormat } from './traceFormat';
import { firstUserKey } from './traceMessages';

export const traceReaders: Readonly<Record<TraceFormat, TraceReader>> = {
  'claude-code': readClaudeCode,
  codex: readCodex,
  otel: readOtel,
  harbor: readHarbor,
};

/** The files of one trace (a session, a trial), named by its main file and loaded when asked for. */
export interface TraceGroup {
  name: string;
  load(): Promise<TraceGroupBytes>;
}

export interface TraceRunOptions extends TraceReadOptions {
  /** A mapping file's tasks: by transcript id, by the main file's base name or by its path. */
  mapping?: Readonly<Record<string, string>>;
}

/**
 * One agent's runs in trace files (a file, a folder of sessions or trials) as a run for
 * `RunPairing`: each run keyed by its task (Harbor's task, an OTel attribute, a mapping file),
 * else by its first user message. Building reads each group once for its keys and keeps only
 * them; a run is read again (its group only) when shown.
 */
export class TraceRunSource implements RunSource {
  private _keys: { group: number; run: number; key: string }[] = [];
  private _diagnostics: Diagnostic[] = [];
  private _done = false;
  private _last: { group: number; read: Promise<TraceRead> } | undefined;

  constructor(
    readonly format: TraceFormat,
    private readonly _groups: readonly TraceGroup[],
    private readonly _options: TraceRunOptions = {},
    private readonly _extra: readonly Diagnostic[] = [],
  ) {}

  get files(): readonly string[] {
    return this._groups.map((g) => g.name);
  }
  get count(): number {
    return this._keys.length;
  }
  get done(): boolean {
    return this._done;
  }
  get diagnostics(): readonly Diagnostic[] {
    return [...this._extra, ...this._diagnostics];
  }

  async build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    if (this._done) return;
    const seen = new Map<string, number>();
    for (let g = 0; g < this._groups.length; g++) {
      if (signal?.aborted) return;
      const read = await this._read(g);
      // A part of a file that cannot be read (a cut-off line, a bad step) is skipped and its runs
      // still shown: a warning, as an error would refuse the whole input in the editor. A file
      // that gives no run at all keeps its errors.
      this._diagnostics.push(...(read.runs.length ? read.diagnostics.map((d) => (d.severity === 'error' ? { ...d, severity: 'warning' as const, message: `${d.message} (skipped; the rest is read)` } : d)) : read.diagnostics));
      read.runs.forEach((r, k) => {
        const group = this._groups[g]!;
        const mapped = this._options.mapping?.[r.transcript.id ?? ''] ?? this._options.mapping?.[baseName(group.name)] ?? this._options.mapping?.[group.name];
        const base = mapped ?? r.task ?? firstUserKey(r.transcript.messages) ?? `${baseName(group.name)}#${k + 1}`;
        // A task run twice (attempts) keeps both: the second as `task#2`, pairing with the other run's second.
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        this._keys.push({ group: g, run: k, key: n > 1 ? `${base}#${n}` : base });
      });
      onProgress?.({ bytesScanned: g + 1, totalBytes: this._groups.length, lines: this._keys.length });
    }
    this._done = true;
  }

  /** Group `g` read, keeping the last one: the runs of one OTLP file are shown one after another. */
  private _read(g: number): Promise<TraceRead> {
    if (this._last?.group !== g) {
      const group = this._groups[g]!;
      this._last = { group: g, read: group.load().then((bytes) => traceReaders[this.format](bytes, this._options)) };
    }
    return this._last.read;
  }

  key(i: number): RunKey {
    return { id: this._keys[i]!.key };
  }

  fileOf(i: number): string {
    return this._groups[this._keys[i]!.group]!.name;
  }

  async read(i: number): Promise<ItemResult> {
    const k = this._keys[i];
    if (!k) throw new RangeError(`no run ${i} (have ${this.count})`);
    try {
      const read = await this._read(k.group);
      const run = read.runs[k.run];
      if (!run) return { index: i, line: 1, diagnostics: [{ file: this.fileOf(i), line: 1, column: 0, severity: 'error', message: 'the run is no longer in the file (it changed since it was opened)' }] };
      return { index: i, line: 1, transcript: run.transcript, diagnostics: [] };
    } catch (err) {
      return { index: i, line: 1, diagnostics: [{ file: this.fileOf(i), line: 1, column: 0, severity: 'error', message: `cannot read: ${err instanceof Error ? err.message : String(err)}` }] };
    }
  }
}

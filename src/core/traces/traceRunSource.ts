import type { Diagnostic } from '../diagnostic';
import type { AbortFlag, ItemResult } from '../input/dataset';
import type { IndexProgress } from '../input/lineIndex';
import type { RunKey, RunSource } from '../runs/runSource';
import { readClaudeCode } from './claudeCode';
import { readCodex } from './codex';
import { readHarbor } from './harbor';
import { readOtel } from './otel';
import { indexOtel } from './otelIndex';
import { indexClaudeCode, indexCodex, indexHarbor } from './sessionIndex';
import type { TraceGroup } from './traceFiles';
import { baseName, type TraceReader } from './traceGroup';
import type { TraceFormat } from './traceFormat';
import type { GroupIndex, TraceIndexer, TraceIndexOptions } from './traceIndex';

/** Each format's reader of a whole group (bytes in memory). */
export const traceReaders: Readonly<Record<TraceFormat, TraceReader>> = {
  'claude-code': readClaudeCode,
  codex: readCodex,
  otel: readOtel,
  harbor: readHarbor,
};

/** Each format's index: which runs a group holds and their keys, read lazily (see `GroupIndex`). */
export const traceIndexers: Readonly<Record<TraceFormat, TraceIndexer>> = {
  'claude-code': indexClaudeCode,
  codex: indexCodex,
  otel: indexOtel,
  harbor: indexHarbor,
};

/** Groups indexed at once. */
const indexWindow = 32;

const skipped = (d: Diagnostic): Diagnostic => (d.severity === 'error' ? { ...d, severity: 'warning', message: `${d.message} (skipped; the rest is read)` } : d);

/**
 * One agent's runs in trace files (a file, a folder of sessions or trials) as a run for
 * `RunPairing`: each run keyed by its task (Harbor's task, an OTel attribute, a mapping file),
 * else by its format's key (a session's first prompt, a trace id). Building indexes each group
 * (see `GroupIndex`: no run is assembled); a run is read (its group, or its trace's spans) when
 * shown.
 */
export class TraceRunSource implements RunSource {
  private _keys: { group: number; run: number; key: string }[] = [];
  private _index: GroupIndex[] = [];
  private _diagnostics: Diagnostic[] = [];
  private _done = false;
  /** Runs per key so far: a build stopped and resumed numbers attempts on. */
  private readonly _seen = new Map<string, number>();

  constructor(
    readonly format: TraceFormat,
    private readonly _groups: readonly TraceGroup[],
    private readonly _options: TraceIndexOptions = {},
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
    // Groups are indexed a window at a time (a folder of 10k sessions is 10k small reads: their
    // round trips overlap) and taken in order, so runs keep the folder's order and the first
    // shows as soon as its group is indexed.
    const pending: Promise<GroupIndex>[] = [];
    let next = this._index.length;
    while (this._index.length < this._groups.length) {
      if (signal?.aborted) {
        for (const p of pending) void p.then((x) => x.close?.());
        return;
      }
      while (next < this._groups.length && pending.length < indexWindow) pending.push(this._indexOf(this._groups[next++]!));
      const g = this._index.length;
      const group = this._groups[g]!;
      const index = await pending.shift()!;
      this._index.push(index);
      // A part of a file that cannot be read (a cut-off line) is skipped and its runs still shown:
      // a warning, as an error would refuse the whole input in the editor.
      this._diagnostics.push(...(index.runs.length ? index.diagnostics.map(skipped) : index.diagnostics));
      const mapping = this._options.mapping;
      index.runs.forEach((r, k) => {
        const mapped = mapping?.[r.id ?? ''] ?? mapping?.[baseName(group.name)] ?? mapping?.[group.name];
        const base = mapped ?? r.task ?? r.key ?? `${baseName(group.name)}#${k + 1}`;
        // A task run twice (attempts) keeps both: the second as `task#2`, pairing with the other run's second.
        const n = (this._seen.get(base) ?? 0) + 1;
        this._seen.set(base, n);
        this._keys.push({ group: g, run: k, key: n > 1 ? `${base}#${n}` : base });
      });
      onProgress?.({ bytesScanned: g + 1, totalBytes: this._groups.length, lines: this._keys.length });
    }
    this._done = true;
  }

  private async _indexOf(group: TraceGroup): Promise<GroupIndex> {
    try {
      return await traceIndexers[this.format](group, this._options);
    } catch (err) {
      const message = `cannot read: ${err instanceof Error ? err.message : String(err)}`;
      return { runs: [], diagnostics: [{ file: group.name, line: 1, column: 0, severity: 'error', message }], read: async () => ({ diagnostics: [] }) };
    }
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
      const read = await this._index[k.group]!.read(k.run);
      if (!read.run) {
        const diagnostics = read.diagnostics.length ? read.diagnostics : [{ file: this.fileOf(i), line: 1, column: 0, severity: 'error' as const, message: 'the run is no longer in the file (it changed since it was opened)' }];
        return { index: i, line: 1, diagnostics };
      }
      return { index: i, line: 1, transcript: read.run.transcript, diagnostics: read.diagnostics.map(skipped) };
    } catch (err) {
      return { index: i, line: 1, diagnostics: [{ file: this.fileOf(i), line: 1, column: 0, severity: 'error', message: `cannot read: ${err instanceof Error ? err.message : String(err)}` }] };
    }
  }

  /** Closes the files an index holds open (an OTLP file's). */
  async close(): Promise<void> {
    await Promise.all(this._index.map((x) => x.close?.()));
  }
}

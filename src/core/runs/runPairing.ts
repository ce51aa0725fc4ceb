import type { IndexProgress } from '../input/lineIndex';
import type { Diagnostic } from '../diagnostic';
import type { AbortFlag, EarlyItems, ItemResult, ItemSource } from '../input/dataset';
import { pairTranscripts } from '../input/pairing';
import { keyText, type RunSource } from './runSource';
import { singleRunItem } from './singleItem';
import { sideNameOf } from '../input/sideNames';
import type { Transcript } from '../adapters/types';
import type { ReviewItem } from '../schema';

export interface RunPairOptions {
  /** Side names, baseline first. */
  names: readonly [string, string];
  /** Join on task too: two folders of logs (one log per task) rather than two logs of one task. */
  byTask: boolean;
}

/**
 * Two runs' transcripts joined into comparison items by key: sample id + epoch for two logs,
 * task + sample id + epoch for two folders. Keys come from the containers, so joining reads no
 * sample; unpaired samples (and tasks only one run has) are warnings naming them.
 */
export class RunPairing implements ItemSource {
  private _pairs: [number, number][] = [];
  private _diagnostics: Diagnostic[] = [];
  private _done = false;

  constructor(
    readonly baseline: RunSource,
    readonly trained: RunSource,
    readonly options: RunPairOptions,
  ) {}

  get files(): readonly string[] {
    return [...this.baseline.files, ...this.trained.files];
  }
  get count(): number {
    return this._pairs.length;
  }
  get done(): boolean {
    return this._done;
  }
  get diagnostics(): readonly Diagnostic[] {
    return this._diagnostics;
  }

  async build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    let a = 0;
    let b = 0;
    const report = () => onProgress?.({ bytesScanned: a + b, totalBytes: 2, lines: 0 });
    await Promise.all([
      this.baseline.build((p) => ((a = p.totalBytes ? p.bytesScanned / p.totalBytes : 0), report()), signal),
      this.trained.build((p) => ((b = p.totalBytes ? p.bytesScanned / p.totalBytes : 0), report()), signal),
    ]);
    if (signal?.aborted) return;
    const text = (s: RunSource, i: number) => keyText(s.key(i), this.options.byTask);
    const byKey = new Map<string, number>();
    for (let j = 0; j < this.trained.count; j++) byKey.set(text(this.trained, j), j);
    const taken = new Set<number>();
    const pairs: [number, number][] = [];
    const lonely: [RunSource, number, RunSource][] = [];
    for (let i = 0; i < this.baseline.count; i++) {
      const j = byKey.get(text(this.baseline, i));
      if (j === undefined || taken.has(j)) lonely.push([this.baseline, i, this.trained]);
      else {
        pairs.push([i, j]);
        taken.add(j);
      }
    }
    for (let j = 0; j < this.trained.count; j++) if (!taken.has(j)) lonely.push([this.trained, j, this.baseline]);
    this._pairs = pairs;
    this._diagnostics = [...this.baseline.diagnostics, ...this.trained.diagnostics, ...this._unpaired(lonely)];
    this._done = true;
    onProgress?.({ bytesScanned: 2, totalBytes: 2, lines: this.count });
  }

  /** One warning per task only one side has, else one per sample, each naming what is missing. */
  private _unpaired(lonely: [RunSource, number, RunSource][]): Diagnostic[] {
    const tasksOf = (s: RunSource) => new Set(Array.from({ length: s.count }, (_, i) => s.key(i).task));
    const tasks = new Map<RunSource, Set<string | undefined>>([
      [this.baseline, tasksOf(this.baseline)],
      [this.trained, tasksOf(this.trained)],
    ]);
    const out: Diagnostic[] = [];
    const reportedTasks = new Set<string>();
    for (const [src, i, other] of lonely) {
      const k = src.key(i);
      const file = src.fileOf(i);
      const otherName = other.files.length > 1 ? `the other run (${other.files.length} logs)` : (other.files[0] ?? 'the other run');
      if (this.options.byTask && k.task !== undefined && !tasks.get(other)!.has(k.task)) {
        const tag = `${file}\u0000${k.task}`;
        if (reportedTasks.has(tag)) continue;
        reportedTasks.add(tag);
        const n = Array.from({ length: src.count }, (_, x) => src.key(x).task).filter((t) => t === k.task).length;
        out.push({ file, line: 1, column: 0, severity: 'warning', message: `unpaired task: ${k.task} (${n} samples) is not in ${otherName}` });
        continue;
      }
      out.push({ file, line: 1, column: 0, severity: 'warning', message: `unpaired sample: ${keyText(k, this.options.byTask)} is not in ${otherName}` });
    }
    return out;
  }

  async item(i: number): Promise<ItemResult> {
    const pair = this._pairs[i];
    if (!pair) throw new RangeError(`no item ${i} (have ${this.count})`);
    const [ra, rb] = await Promise.all([this.baseline.read(pair[0]), this.trained.read(pair[1])]);
    const diagnostics = [...ra.diagnostics, ...rb.diagnostics];
    if (!ra.transcript || !rb.transcript) return { index: i, line: ra.line, diagnostics };
    const id = keyText(this.baseline.key(pair[0]), this.options.byTask);
    return { index: i, line: ra.line, item: pairTranscripts(ra.transcript, rb.transcript, this.options.names, id), diagnostics };
  }

  async *items(): AsyncGenerator<ItemResult> {
    for (let i = 0; i < this.count; i++) yield await this.item(i);
  }
}

const posixBase = (file: string) => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);

/** One run read alone: each transcript as a one-sided item, and a warning that it takes a second run to compare. */
export class SingleRun implements ItemSource {
  constructor(readonly run: RunSource) {}
  get files(): readonly string[] {
    return this.run.files;
  }
  get count(): number {
    return this.run.count;
  }
  get done(): boolean {
    return this.run.done;
  }
  get diagnostics(): readonly Diagnostic[] {
    const file = this.run.files[0] ?? '';
    const hint: Diagnostic = { file, line: 1, column: 0, severity: 'warning', message: "one run's samples only: pair this log (or folder) with another run's (--baseline/--trained, Compare Two Runs…) to compare" };
    return this.run.done ? [...this.run.diagnostics, hint] : this.run.diagnostics;
  }
  build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    return this.run.build(onProgress, signal);
  }
  async item(i: number): Promise<ItemResult> {
    const r = await this.run.read(i);
    if (!r.transcript) return r;
    return { ...r, item: this._itemOf(i, r.transcript) };
  }
  /** One way to make an item of record `i`'s transcript, read or described: so a described row's exact fields are the read one's. */
  private _itemOf(i: number, t: Transcript): ReviewItem {
    return singleRunItem(t, sideNameOf(posixBase(this.run.fileOf(i))), keyText(this.run.key(i)));
  }
  async early(): Promise<EarlyItems | undefined> {
    const described = this.run.done ? await this.run.described?.() : undefined;
    if (!described) return undefined;
    return { count: this.count, exact: described.exact, item: (i) => this._itemOf(i, described.transcript(i)) };
  }
  async *items(): AsyncGenerator<ItemResult> {
    for (let i = 0; i < this.count; i++) yield await this.item(i);
  }
}

import type { IndexProgress } from '../input/lineIndex';
import type { Diagnostic } from '../diagnostic';
import type { AbortFlag, ItemResult, ItemSource } from '../input/dataset';
import type { RunKey, RunSource } from './runSource';

/**
 * A file of single transcripts read through an ItemSource (a Parquet file of chat or flat rows)
 * as one run for `RunPairing`: each transcript keyed by its id (else its row), which takes one
 * pass over the records when built.
 */
export class ItemRun implements RunSource {
  private _keys: string[] = [];
  private _done = false;

  constructor(readonly source: ItemSource) {}

  get files(): readonly string[] {
    return this.source.files;
  }
  get count(): number {
    return this._done ? this._keys.length : 0;
  }
  get done(): boolean {
    return this._done;
  }
  get diagnostics(): readonly Diagnostic[] {
    // The source's own "single transcripts: pair this file" note is what this pairing answers.
    return this.source.diagnostics.filter((d) => !/single transcripts/.test(d.message));
  }

  async build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    if (this._done) return;
    await this.source.build(onProgress, signal);
    const keys: string[] = [];
    for await (const r of this.source.items()) {
      if (signal?.aborted) return;
      keys.push(r.transcript?.id ?? `line-${r.line}`);
    }
    this._keys = keys;
    this._done = true;
  }

  key(i: number): RunKey {
    return { id: this._keys[i]! };
  }

  fileOf(): string {
    return this.source.files[0] ?? '';
  }

  read(i: number): Promise<ItemResult> {
    return this.source.item(i);
  }
}

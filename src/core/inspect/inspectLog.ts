import type { ByteSource } from '../input/byteSource';
import type { Diagnostic } from '../diagnostic';
import type { AbortFlag, ItemResult } from '../input/dataset';
import type { IndexProgress } from '../input/lineIndex';
import type { SingleAdapter } from '../adapters/types';
import { keyText, type RunKey, type RunSource } from '../runs/runSource';
import { adapterFor, convertSample, sampleDiagnostic } from './convert';
import type { LogHeader } from './header';

/**
 * What both Inspect log layouts (`.eval` zip, `.json` object) share once their samples are
 * found: the header, the adapter it picks, and a sample read by its bytes and converted. Each
 * layout only finds its samples (`build`) and reads one sample's bytes.
 */
export abstract class InspectLog implements RunSource {
  protected _header: LogHeader | undefined;
  protected _adapter: SingleAdapter = adapterFor(undefined);
  protected _diagnostics: Diagnostic[] = [];
  protected _done = false;

  constructor(
    readonly source: ByteSource,
    readonly file: string,
  ) {}

  abstract get count(): number;
  abstract build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void>;
  /** Sample `i`'s id and epoch, as found by `build`. */
  protected abstract _sample(i: number): { id: string; epoch: number };
  /** Sample `i`'s JSON: its bytes, or a value the layout put together (chunked samples). */
  protected abstract _sampleJson(i: number): Promise<Uint8Array | unknown>;
  /** How a failed read of sample bytes is told (the layout knows where it read from). */
  protected _readFailure(err: unknown): string {
    return String(err);
  }

  get files(): readonly string[] {
    return [this.file];
  }
  get done(): boolean {
    return this._done;
  }
  get diagnostics(): readonly Diagnostic[] {
    return this._diagnostics;
  }
  get header(): LogHeader | undefined {
    return this._header;
  }

  fileOf(): string {
    return this.file;
  }

  key(i: number): RunKey {
    const s = this._sample(i);
    return { task: this._header?.eval.task, id: s.id, epoch: s.epoch };
  }

  async read(i: number): Promise<ItemResult> {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new RangeError(`no sample ${i} (have ${this.count})`);
    const name = keyText(this.key(i), false);
    try {
      return convertSample(this._adapter, this.file, i, name, await this._sampleJson(i));
    } catch (err) {
      return { index: i, line: i + 1, diagnostics: [sampleDiagnostic(this.file, i + 1, name, 'error', this._readFailure(err))] };
    }
  }
}

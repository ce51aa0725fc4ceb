import type { FormatName } from '../core/adapters/types';
import { memorySource } from '../core/input/byteSource';
import { Dataset, type AbortFlag, type ItemResult, type ItemSource } from '../core/input/dataset';
import type { Diagnostic } from '../core/diagnostic';
import type { IndexProgress } from '../core/input/lineIndex';
import type { FileSource } from './fileSource';
import { gunzipToCache } from './gunzip';

/**
 * A `.jsonl.gz`: `build` decompresses it to the cache (progress in compressed bytes), then
 * indexes the copy as any JSONL file. While it decompresses, the items of its first few MB are
 * readable from memory, so the first item shows at once. Messages name the `.gz` file; line
 * numbers are its lines.
 */
export class GunzipDataset implements ItemSource {
  private _inner: Dataset | undefined;
  private _head: Dataset | undefined;
  private _file: FileSource | undefined;
  private _error: Diagnostic | undefined;

  constructor(
    readonly path: string,
    private readonly _open: (p: string) => Promise<FileSource>,
    private readonly _format?: FormatName,
  ) {}

  get files(): readonly string[] {
    return [this.path];
  }
  get count(): number {
    const inner = this._inner;
    return inner?.done ? inner.count : Math.max(inner?.count ?? 0, this._head?.count ?? 0);
  }
  get done(): boolean {
    return this._error !== undefined || (this._inner?.done ?? false);
  }
  get diagnostics(): readonly Diagnostic[] {
    return this._error ? [this._error] : (this._inner?.diagnostics ?? []);
  }

  async build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    let copy: string;
    try {
      copy = await gunzipToCache(this.path, {
        onProgress: (done, total) => onProgress?.({ bytesScanned: done / 2, totalBytes: total, lines: this.count }),
        onHead: (head) => void this._readHead(head),
      });
    } catch (err) {
      this._error = { file: this.path, line: 1, column: 0, severity: 'error', message: `cannot decompress: ${err instanceof Error ? err.message : String(err)}` };
      return;
    }
    if (signal?.aborted) return;
    this._file = await this._open(copy);
    this._inner = new Dataset(this._file, this.path, { format: this._format });
    await this._inner.build((p) => onProgress?.({ bytesScanned: p.totalBytes / 2 + p.bytesScanned / 2, totalBytes: p.totalBytes, lines: p.lines }), signal);
  }

  /** The complete lines of the decompressed start, indexed in memory (a partial last line is left for the full index). */
  private async _readHead(head: Uint8Array): Promise<void> {
    const end = head.lastIndexOf(0x0a) + 1;
    if (end <= 0) return;
    const d = new Dataset(memorySource(head.subarray(0, end)), this.path, { format: this._format });
    await d.build();
    if (!this._inner) this._head = d;
  }

  item(i: number): Promise<ItemResult> {
    const inner = this._inner;
    if (inner && (inner.done || i < inner.count)) return inner.item(i);
    if (this._head && i < this._head.count) return this._head.item(i);
    throw new RangeError(`no item ${i} (have ${this.count})`);
  }

  async *items(): AsyncGenerator<ItemResult> {
    if (this._inner) yield* this._inner.items();
  }

  async close(): Promise<void> {
    await this._file?.close();
  }
}

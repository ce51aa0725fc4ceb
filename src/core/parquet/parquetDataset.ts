import { parquetMetadataAsync, parquetReadObjects, toJson, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import type { ByteSource } from '../input/byteSource';
import type { Diagnostic } from '../diagnostic';
import { adapters, type Adapter, type FormatName } from '../adapters/index';
import { detectFormat, detectSample } from '../adapters/detect';
import { convertParsed, type AbortFlag, type DatasetOptions, type ItemResult, type ItemSource } from '../input/dataset';
import { DuplicateIds } from '../input/duplicateIds';
import type { IndexProgress } from '../input/lineIndex';
import type { LineResult } from '../input/parseLine';


/** A ByteSource as hyparquet's `AsyncBuffer`: ranged reads only, so only the footer and the pages asked for are read. */
export function asyncBufferOf(source: ByteSource): AsyncBuffer {
  return {
    byteLength: source.size,
    async slice(start: number, end?: number) {
      const to = Math.min(end ?? source.size, source.size);
      const buf = new Uint8Array(Math.max(0, to - start));
      let got = 0;
      while (got < buf.length) {
        const n = await source.read(buf, got, buf.length - got, start + got);
        if (n <= 0) break;
        got += n;
      }
      return buf.buffer;
    },
  };
}

/**
 * A Parquet file (how most Hugging Face datasets ship), read with hyparquet (pure JS, no WASM):
 * opening reads the footer; rows are decoded a block at a time when shown. Each row is a record
 * for the existing adapters (TRL, HH, chat, flat, canonical …), detected from the first rows.
 * "Lines" in messages are 1-based row numbers.
 */
export class ParquetDataset implements ItemSource {
  private readonly _buffer: AsyncBuffer;
  private _metadata: FileMetaData | undefined;
  private _adapter: Adapter | undefined;
  private _count = 0;
  private _done = false;
  private _diagnostics: Diagnostic[] = [];
  /** First row of each row group, and the total at the end: a row group is the unit hyparquet decodes. */
  private _groupStarts: number[] = [0];
  private _block: { start: number; rows: Promise<unknown[]> } | undefined;

  constructor(
    readonly source: ByteSource,
    readonly file: string,
    private readonly _options: DatasetOptions = {},
  ) {
    this._buffer = asyncBufferOf(source);
  }

  get files(): readonly string[] {
    return [this.file];
  }
  get count(): number {
    return this._count;
  }
  get done(): boolean {
    return this._done;
  }
  get diagnostics(): readonly Diagnostic[] {
    return this._diagnostics;
  }

  async build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    try {
      this._metadata = await parquetMetadataAsync(this._buffer);
    } catch (err) {
      this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'error', message: `not a readable Parquet file: ${err instanceof Error ? err.message : String(err)}` });
      this._done = true;
      return;
    }
    if (signal?.aborted) return;
    const rows = Number(this._metadata.num_rows);
    for (const g of this._metadata.row_groups) this._groupStarts.push(this._groupStarts[this._groupStarts.length - 1]! + Number(g.num_rows));
    const first = rows ? await this._rows(0) : [];
    this._adapter = this._detect(first.slice(0, detectSample));
    this._count = rows;
    this._done = true;
    onProgress?.({ bytesScanned: this.source.size, totalBytes: this.source.size, lines: rows });
  }

  private _detect(rows: unknown[]): Adapter {
    const forced: FormatName | undefined = this._options.format;
    if (forced) return adapters[forced];
    const d = detectFormat(rows.map((value, k) => ({ value, line: k + 1 })));
    if (d.adapter.kind === 'single') {
      this._diagnostics.push({ file: this.file, line: d.line, column: 0, severity: 'warning', message: `row ${d.line}: single transcripts (${d.adapter.name}): one run's side only; pair this file with another run to compare` });
    } else if (!d.recognised && rows.length) {
      this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'warning', message: `rows match no known shape (${Object.keys(adapters).join(', ')}); reading them as canonical items` });
    }
    return d.adapter;
  }

  /** The first row of the row group holding row `i`. */
  private _groupStart(i: number): number {
    let lo = 0;
    let hi = this._groupStarts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this._groupStarts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return this._groupStarts[lo]!;
  }

  /** The rows of the row group holding row `i` (decoded whole, as Parquet stores them); the last group read is kept. */
  private _rows(i: number): Promise<unknown[]> {
    const start = this._groupStart(i);
    if (this._block?.start === start) return this._block.rows;
    const end = this._groupStarts[this._groupStarts.indexOf(start) + 1] ?? start;
    const rows = parquetReadObjects({ file: this._buffer, metadata: this._metadata, rowStart: start, rowEnd: end }).then((r) => r.map((row) => toJson(row) as unknown));
    this._block = { start, rows };
    rows.catch(() => (this._block = undefined));
    return rows;
  }

  private _convert(i: number, value: unknown): ItemResult {
    // Rows come from a decoder, not from text: no JSON to check, only the value to convert.
    const parsed: LineResult = { ok: true, value, warnings: [], get text() {
      return JSON.stringify(value);
    } };
    const r = convertParsed(this._adapter!, this.file, i, i + 1, parsed);
    for (const d of r.diagnostics) d.message = d.message.replace(/^line (\d+):/, 'row $1:');
    return r;
  }

  async item(i: number): Promise<ItemResult> {
    if (i < 0 || i >= this._count) throw new RangeError(`no item ${i} (have ${this._count})`);
    const rows = await this._rows(i);
    return this._convert(i, rows[i - this._groupStart(i)]);
  }

  async *items(): AsyncGenerator<ItemResult> {
    const ids = new DuplicateIds();
    for (const start of this._groupStarts.slice(0, -1)) {
      const rows = await this._rows(start);
      for (let k = 0; k < rows.length && start + k < this._count; k++) {
        const r = this._convert(start + k, rows[k]);
        if (r.item) {
          const dup = ids.check(r.item.id, this.file, r.line);
          if (dup) r.diagnostics.push(dup);
        }
        yield r;
      }
    }
  }
}

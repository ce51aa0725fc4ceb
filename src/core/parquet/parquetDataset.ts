import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import type { ByteSource } from '../input/byteSource';
import type { Diagnostic } from '../diagnostic';
import { adapters, type Adapter, type FormatName } from '../adapters/index';
import { detectFormat, detectSample } from '../adapters/detect';
import { convertParsed, type AbortFlag, type DatasetOptions, type ItemResult, type ItemSource } from '../input/dataset';
import { DuplicateIds } from '../input/duplicateIds';
import type { IndexProgress } from '../input/lineIndex';
import type { LineResult } from '../input/parseLine';
import { exactJson } from './exactJson';
import { groupOf, planRowGroups, type RowGroupPlan } from './rowGroups';


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

/** A slice of a row group, decoded: its rows, and how many of them the data really holds. */
interface Slice {
  start: number;
  rows: unknown[];
  /** Rows every column has data for; fewer than asked means the footer claimed more than the file holds. */
  held: number;
}

/**
 * A Parquet file (how most Hugging Face datasets ship), read with hyparquet (pure JS, no WASM):
 * opening reads the footer and checks its counts (`planRowGroups`); rows are decoded a slice of
 * a row group at a time when shown. Each row is a record for the existing adapters (TRL, HH,
 * chat, flat, canonical …), detected from the first rows. "Lines" in messages are 1-based row
 * numbers. INT64 values past 2^53 are kept exact, as strings (`exactJson`).
 */
export class ParquetDataset implements ItemSource {
  private readonly _buffer: AsyncBuffer;
  private _metadata: FileMetaData | undefined;
  private _columns: string[] = [];
  private _adapter: Adapter | undefined;
  private _count = 0;
  private _done = false;
  private _diagnostics: Diagnostic[] = [];
  private _groups: RowGroupPlan[] = [];
  private _block: { group: RowGroupPlan; start: number; slice: Promise<Slice> } | undefined;

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
      this._columns = parquetSchema(this._metadata).children.map((c) => c.element.name);
    } catch (err) {
      this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'error', message: `not a readable Parquet file: ${err instanceof Error ? err.message : String(err)}` });
      this._done = true;
      return;
    }
    if (signal?.aborted) return;
    const plan = planRowGroups(this._metadata, this.file);
    this._groups = plan.groups;
    this._diagnostics.push(...plan.diagnostics);
    const first = plan.rows ? await this._rows(0).catch(() => undefined) : undefined;
    this._adapter = this._detect(first ? first.rows.slice(0, Math.min(first.held, detectSample)) : []);
    // Rows are readable once the adapter to convert them with is known: an item asked for meanwhile had none.
    this._count = plan.rows;
    this._done = true;
    onProgress?.({ bytesScanned: this.source.size, totalBytes: this.source.size, lines: plan.rows });
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

  /** The decoded slice holding item `i` (the last one read is kept). */
  private _rows(i: number): Promise<Slice> {
    const group = groupOf(this._groups, i)!;
    const start = group.start + Math.floor((i - group.start) / group.slice) * group.slice;
    if (this._block?.start === start) return this._block.slice;
    const end = Math.min(start + group.slice, group.start + group.rows);
    const slice = this._decode(group, start - group.start, end - group.start).then((r) => ({ start, ...r }));
    this._block = { group, start, slice };
    slice.catch(() => (this._block = undefined));
    return slice;
  }

  /**
   * Rows `from`…`to` of one row group, read with a footer of that group alone (hyparquet plans
   * over every group on each call: 20k groups made each read cost the whole footer).
   */
  private async _decode(group: RowGroupPlan, from: number, to: number): Promise<{ rows: unknown[]; held: number }> {
    const metadata = this._metadata!;
    const g = metadata.row_groups[group.index]!;
    const held = new Map<string, number>();
    let rows: unknown[] = [];
    await parquetRead({
      file: this._buffer,
      metadata: { ...metadata, row_groups: [g], num_rows: g.num_rows },
      rowStart: from,
      rowEnd: to,
      rowFormat: 'object',
      onChunk: (c) => held.set(c.columnName, Math.max(held.get(c.columnName) ?? 0, c.rowEnd)),
      onComplete: (r: unknown[]) => (rows = r.map(exactJson)),
    });
    const least = Math.min(...this._columns.map((c) => held.get(c) ?? 0));
    return { rows, held: Math.max(0, Math.min(rows.length, least - from)) };
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

  /** The error for row `i` of a group whose data ended before its claimed rows (said once per group by `items`). */
  private _shortfall(group: RowGroupPlan, i: number, held: number): ItemResult {
    const message = `row group ${group.index + 1} claims ${group.rows.toLocaleString('en-US')} rows, but its data holds ${held.toLocaleString('en-US')}; a damaged or forged file: the rest of the group is skipped`;
    return { index: i, line: i + 1, diagnostics: [{ file: this.file, line: i + 1, column: 0, severity: 'error', message }] };
  }

  async item(i: number): Promise<ItemResult> {
    if (i < 0 || i >= this._count) throw new RangeError(`no item ${i} (have ${this._count})`);
    const slice = await this._rows(i);
    const k = i - slice.start;
    if (k >= slice.held) {
      const group = groupOf(this._groups, i)!;
      return this._shortfall(group, i, slice.start - group.start + slice.held);
    }
    return this._convert(i, slice.rows[k]);
  }

  async *items(): AsyncGenerator<ItemResult> {
    const ids = new DuplicateIds();
    for (const group of this._groups) {
      for (let start = group.start; start < group.start + group.rows; start += group.slice) {
        const slice = await this._rows(start);
        for (let k = 0; k < slice.held; k++) {
          const r = this._convert(start + k, slice.rows[k]);
          if (r.item) {
            const dup = ids.check(r.item.id, this.file, r.line);
            if (dup) r.diagnostics.push(dup);
          }
          yield r;
        }
        if (slice.held < slice.rows.length || slice.start + slice.rows.length < Math.min(start + group.slice, group.start + group.rows)) {
          yield this._shortfall(group, start + slice.held, start - group.start + slice.held);
          break;
        }
      }
    }
  }
}

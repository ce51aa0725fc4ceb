import type { ByteSource } from './byteSource';
import { LineIndex, readEntry, type IndexProgress } from './lineIndex';
import { parseJsonLine, lineDiagnostic, type LineResult } from './parseLine';
import type { ReviewItem } from '../schema';
import type { Diagnostic } from '../diagnostic';
import { adapters, type Adapter, type FormatName, type Transcript } from '../adapters/index';
import { detectFormat, detectSample, type Detection } from '../adapters/detect';
import { entryRange, readEntries } from './entryStream';
import { DuplicateIds } from './duplicateIds';
import { offsetOfPath } from './locatePath';

export interface ItemResult {
  /** Position in the source (0-based): what `item(i)` takes. */
  index: number;
  /** 1-based file line of the record (for a pair of files: in the baseline file). */
  line: number;
  item?: ReviewItem;
  /** A single-transcript record read alone (chat, sharegpt, flat): valid, but only one side of a comparison. */
  transcript?: Transcript;
  diagnostics: Diagnostic[];
  /**
   * The record an item was converted from, for exports that can pass its bytes through
   * (`merged`). `bytes` may be a view into a reused buffer: use it before the next item.
   */
  record?: RawRecord;
}

/** An item's source line as read: its bytes, its parsed value, and whether parsing changed anything. */
export interface RawRecord {
  bytes: Uint8Array;
  value: unknown;
  /** No parse warnings: nothing was replaced or dropped (`__proto__` keys, lone surrogates). */
  clean: boolean;
  adapter: FormatName;
}

/** Cancels a long scan: set `aborted` and the scan returns at its next chunk. */
export interface AbortFlag {
  readonly aborted: boolean;
}

/**
 * What the editor, the CLI and exports read items from: one file (`Dataset`) or two run files
 * joined into pairs (`PairedDataset`). Items are parsed only when asked for.
 */
export interface ItemSource {
  readonly files: readonly string[];
  /** Items readable so far; grows while `build` runs (for a pair of files, set when it ends). */
  readonly count: number;
  readonly done: boolean;
  /** Problems of the input as a whole (unpaired records, the file's shape); per-item ones come with each item. */
  readonly diagnostics: readonly Diagnostic[];
  build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void>;
  item(i: number): Promise<ItemResult>;
  /** Every item in order, read in large sequential chunks, with duplicate-id warnings. */
  items(): AsyncGenerator<ItemResult>;
  /** The items as the container describes them before any is read (see `EarlyItems`), once built; undefined when it describes none. */
  early?(): Promise<EarlyItems | undefined>;
}

/**
 * Every item of a container that lists its records without reading them (an Inspect `.eval`):
 * item `i` as described, and which of its fields are the container's own, so equal to the read
 * item's. The others (metadata, prompt) are a description until the item is read.
 */
export interface EarlyItems {
  readonly count: number;
  item(i: number): ReviewItem;
  /** The item's id and side names always are; the model and the task (benchmark) when these say so. */
  readonly exact: { model: boolean; task: boolean };
}

/** A file's detected shape; `sawObject` tells "no known shape" from "no readable record yet". */
export type FileDetection = Detection & { sawObject: boolean };

export interface DatasetOptions {
  /** Read every record with this adapter instead of detecting one. */
  format?: FormatName;
}

/**
 * One JSONL file, read lazily: the index holds offsets, a record is decoded, checked and
 * converted to an item only when asked for. The adapter is forced or detected from the first
 * records (as soon as they are indexed, so the first item shows before indexing ends).
 */
export class Dataset implements ItemSource {
  readonly index = new LineIndex();
  private _detection: Promise<FileDetection> | undefined;
  private _detected: FileDetection | undefined;

  constructor(
    readonly source: ByteSource,
    readonly file: string,
    private readonly _options: DatasetOptions = {},
  ) {}

  get files(): readonly string[] {
    return [this.file];
  }

  /** Scans the file (unless its index was restored from the cache); entries become readable as the scan passes them. */
  async build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    if (!this.index.done) await this.index.build(this.source, { onProgress, signal });
    if (!signal?.aborted) await this.detection();
  }

  get count(): number {
    return this.index.count;
  }

  get done(): boolean {
    return this.index.done;
  }

  /** The file-level messages of reading this file alone: a single-transcript shape, or no known shape. */
  get diagnostics(): readonly Diagnostic[] {
    const d = this._detected;
    if (!d) return [];
    if (!d.recognised && this._options.format === undefined && d.sawObject) {
      return [lineDiagnostic(this.file, d.line, 0, 'warning', `records match no known shape (${Object.keys(adapters).join(', ')}); reading them as canonical items`)];
    }
    if (d.adapter.kind === 'single') {
      return [lineDiagnostic(this.file, d.line, 0, 'warning', `single transcripts (${d.adapter.name}): one run's side only; pair this file with another run (--baseline/--trained or a .review.json manifest) to compare`)];
    }
    return [];
  }

  /** The adapter this file is read with. */
  async adapter(): Promise<Adapter> {
    return (await this.detection()).adapter;
  }

  /**
   * Forced, or detected from the first records indexed so far. An inconclusive guess made
   * while the scan is still running is not kept: the next call looks again with more records.
   */
  detection(): Promise<FileDetection> {
    if (this._detection) return this._detection;
    const run = this._detect().then((d) => {
      if (d.recognised || this.index.done || this._options.format !== undefined) this._detected = d;
      else this._detection = undefined;
      return d;
    });
    this._detection = run;
    return run;
  }

  private async _detect(): Promise<FileDetection> {
    const forced = this._options.format;
    const records: { value: unknown; line: number }[] = [];
    let sawObject = false;
    const firstLine = this.count ? this.index.range(0).line : 1;
    if (forced) return { adapter: adapters[forced], recognised: true, line: firstLine, sawObject: true };
    // Up to `detectSample` parseable records among the first few entries; broken lines do not
    // vote. One windowed read, not a read per record: while indexing, the I/O threads are busy
    // with index chunks, and the first item waits for this.
    for await (const { entry, bytes } of readEntries(this.source, this.index, entryRange(0, Math.min(this.count, detectSample * 4)), { window: 1 << 20 })) {
      const parsed = parseJsonLine(bytes);
      if (!parsed.ok) continue;
      records.push({ value: parsed.value, line: this.index.range(entry).line });
      if (typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)) sawObject = true;
      if (records.length >= detectSample) break;
    }
    return { ...detectFormat(records), sawObject };
  }

  /** Entry `i` parsed as JSON, without conversion (detection, pairing keys). */
  async record(i: number): Promise<LineResult> {
    return parseJsonLine(await readEntry(this.source, this.index, i));
  }

  async item(i: number): Promise<ItemResult> {
    const adapter = await this.adapter();
    const { line } = this.index.range(i);
    return convertEntry(adapter, this.file, i, line, await readEntry(this.source, this.index, i));
  }

  async *items(): AsyncGenerator<ItemResult> {
    const adapter = await this.adapter();
    const ids = new DuplicateIds();
    for await (const { entry, bytes } of readEntries(this.source, this.index, entryRange(0, this.count))) {
      const r = convertEntry(adapter, this.file, entry, this.index.range(entry).line, bytes);
      if (r.item) {
        const dup = ids.check(r.item.id, this.file, r.line);
        if (dup) r.diagnostics.push(dup);
      }
      yield r;
    }
  }
}

/** Decodes, parses and converts one entry with the file's adapter (`parsed`: its bytes already parsed, decoded another exact way). */
export function convertEntry(adapter: Adapter, file: string, index: number, line: number, bytes: Uint8Array, parsed: LineResult = parseJsonLine(bytes)): ItemResult {
  const r = convertParsed(adapter, file, index, line, parsed);
  if (parsed.ok && r.item) r.record = { bytes, value: parsed.value, clean: parsed.warnings.length === 0, adapter: adapter.name };
  return r;
}

/** Converts an already parsed entry with the file's adapter. */
export function convertParsed(adapter: Adapter, file: string, index: number, line: number, parsed: LineResult): ItemResult {
  if (!parsed.ok) return { index, line, diagnostics: [lineDiagnostic(file, line, parsed.column, 'error', parsed.message)] };
  const diagnostics = parsed.warnings.map((w) => lineDiagnostic(file, line, w.column, 'warning', w.message));
  if (adapter.kind === 'pair') {
    const c = adapter.toItem(parsed.value, { line });
    if (c.ok) return { index, line, item: c.value, diagnostics };
    diagnostics.push(recordError(file, line, parsed.text, c));
    return { index, line, diagnostics };
  }
  const c = adapter.toTranscript(parsed.value);
  if (c.ok) return { index, line, transcript: c.value, diagnostics };
  diagnostics.push(recordError(file, line, parsed.text, c));
  return { index, line, diagnostics };
}

/** The error of a record that parsed but does not fit its shape, at the offending key where it can be found. */
export function recordError(file: string, line: number, text: string, failure: { message: string; path?: readonly PropertyKey[] }): Diagnostic {
  const offset = failure.path ? offsetOfPath(text, failure.path) : -1;
  return lineDiagnostic(file, line, offset + 1, 'error', failure.message);
}

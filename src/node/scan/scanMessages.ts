import type { FormatName } from '../../core/adapters/types';
import type { ScanMode, ScanRecord } from '../../core/review/scanRecord';
import type { Diagnostic } from '../../core/diagnostic';

/** What a scan worker is started with (`workerData`). */
export interface ScanWorkerData {
  /** The file to open. */
  path: string;
  /** The file as diagnostics name it. */
  file: string;
  format: FormatName;
  mode: ScanMode;
}

/** A run of consecutive entries: their byte ranges and lines, from the main thread's index. */
export interface ScanBlock {
  seq: number;
  /** Entry number of the first entry. */
  first: number;
  starts: Float64Array;
  ends: Float64Array;
  lines: Float64Array;
  /** Mode `merged`: a buffer a block's bytes came back in, handed back (transferred) to read this block into. */
  spare?: ArrayBuffer;
}

/**
 * A block's records packed (mode `summaries`): its item summaries as one transferred buffer
 * (`packSummaries`), a flag byte per entry, and only the entries with problems as objects.
 * Cloning a summary object by object cost the main thread about as much as parsing it.
 */
export interface PackedRecords {
  /** Per entry: bit 0 readable (an item or a transcript), bit 1 an item (its summary is in `summaries`, in entry order). */
  flags: Uint8Array;
  summaries: Uint8Array;
  /** [entry offset in the block, its diagnostics], for the entries that have any. */
  diagnostics: [number, Diagnostic[]][];
}

/**
 * A worker's answer to one block, or the error that stopped it. With mode `merged` the block's
 * bytes come back too (transferred, as the worker read them): the export writes them without reading the file again.
 */
export type ScanReply = { seq: number; records: ScanRecord[]; bytes?: Uint8Array } | { seq: number; packed: PackedRecords } | { seq: number; error: string };

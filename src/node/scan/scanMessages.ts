import type { FormatName } from '../../core/adapters/types';
import type { ScanMode, ScanRecord } from '../../core/review/scanRecord';

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
}

/** A worker's answer to one block, or the error that stopped it. */
export type ScanReply = { seq: number; records: ScanRecord[] } | { seq: number; error: string };

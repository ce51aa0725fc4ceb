import type { ScanRecord } from '../../core/review/scanRecord';
import type { ItemSummary } from '../../core/review/itemSummary';
import type { PackedRecords } from './scanMessages';
import { packSummaries, unpackSummaries } from './packedSummaries';

const readable = 1;
/** Flag bit: the entry is an item (its summary is in the packed summaries, in entry order). */
export const packedItem = 2;
const isItem = packedItem;

/** A block's records (mode `summaries`) as a scan worker sends them: see `PackedRecords`. */
export function packRecords(records: readonly ScanRecord[]): PackedRecords {
  const flags = new Uint8Array(records.length);
  const summaries: ItemSummary[] = [];
  const diagnostics: [number, ScanRecord['diagnostics']][] = [];
  for (let k = 0; k < records.length; k++) {
    const r = records[k]!;
    flags[k] = (r.valid ? readable : 0) | (r.summary ? isItem : 0);
    if (r.summary) summaries.push(r.summary);
    if (r.diagnostics.length) diagnostics.push([k, r.diagnostics]);
  }
  // A buffer of its own, so it can be transferred whole.
  const packed = packSummaries(summaries);
  return { flags, summaries: packed.byteOffset === 0 && packed.byteLength === packed.buffer.byteLength ? packed : packed.slice(), diagnostics };
}

/** The records of a packed block of entries `first`…, with their lines: equal to what `scanRecord` made in the worker. */
export function unpackRecords(packed: PackedRecords, first: number, lines: Float64Array, maxIndex: number): ScanRecord[] {
  const summaries = unpackSummaries(packed.summaries, maxIndex);
  const n = packed.flags.length;
  const out = new Array<ScanRecord>(n);
  let s = 0;
  for (let k = 0; k < n; k++) {
    const f = packed.flags[k]!;
    const r: ScanRecord = { index: first + k, line: lines[k]!, valid: (f & readable) !== 0, diagnostics: [] };
    if (f & isItem) {
      const summary = summaries[s++]!;
      r.id = summary.id;
      r.summary = summary;
    }
    out[k] = r;
  }
  for (const [k, d] of packed.diagnostics) out[k]!.diagnostics = d;
  return out;
}

import type { ItemResult, ItemSource } from '../input/dataset';
import type { Diagnostic } from '../diagnostic';
import { DuplicateIds } from '../input/duplicateIds';
import { summarizeItem, type ItemSummary } from './itemSummary';

/**
 * What a whole-file pass keeps of each item: the item list's summaries, `validate`'s verdicts,
 * or for the `merged` export where each record's bytes pass through (set on threads).
 */
export type ScanMode = 'summaries' | 'validate' | 'merged';

/**
 * One entry of a whole-file pass, small enough to cross a thread: never the item itself (cloning
 * an item costs about as much as parsing it).
 */
export interface ScanRecord {
  index: number;
  line: number;
  /** A readable record: an item, or a single transcript read alone. */
  valid: boolean;
  /** The item's id (items only: duplicate ids are checked on items, as `Dataset.items()` does). */
  id?: string;
  diagnostics: Diagnostic[];
  /** With mode `summaries`, for items. */
  summary?: ItemSummary;
  /** With mode `merged` on threads: the merged export's pass-through end of the record's bytes (see `passThroughEnd`), -1 when it is re-serialized. */
  passEnd?: number;
}

/** The part of an item result a pass keeps. */
export function scanRecord(r: ItemResult, mode: ScanMode): ScanRecord {
  const out: ScanRecord = { index: r.index, line: r.line, valid: r.item !== undefined || r.transcript !== undefined, diagnostics: r.diagnostics };
  if (r.item) {
    out.id = r.item.id;
    if (mode === 'summaries') out.summary = summarizeItem(r.index, r.item);
  }
  return out;
}

/** The single-threaded pass: every item of `source` in order, duplicate ids warned by `items()`. */
export async function* sequentialScan(source: ItemSource, mode: ScanMode): AsyncGenerator<ScanRecord> {
  for await (const r of source.items()) yield scanRecord(r, mode);
}

/**
 * Puts records that were converted apart (on other threads) back into what `Dataset.items()`
 * yields: fed in file order, it adds the duplicate-id warnings after each record's own problems.
 */
export class ScanMerge {
  private readonly _ids = new DuplicateIds();

  constructor(private readonly _file: string) {}

  add(record: ScanRecord): ScanRecord {
    if (record.id !== undefined) {
      const dup = this._ids.check(record.id, this._file, record.line);
      if (dup) record.diagnostics.push(dup);
    }
    return record;
  }
}

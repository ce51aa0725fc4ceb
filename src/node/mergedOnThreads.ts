import type { Diagnostic } from '../core/diagnostic';
import { convertEntry, Dataset, type ItemResult } from '../core/input/dataset';
import { readEntry } from '../core/input/lineIndex';
import type { ItemExporter } from '../core/exports/exportFormat';
import { mergedTail, passThroughEnd } from '../core/exports/exportMerged';
import { ScanMerge, type ScanRecord } from '../core/review/scanRecord';
import type { LabeledInput } from './labeledInput';
import type { Output } from './output';
import { scanBlocks, scanThreads, type ParallelOptions } from './scan/parallelScan';

/** Whether the `merged` export of this input runs on scan threads (a large enough file, reopenable by path). */
export function mergedOnThreads(li: LabeledInput, options: ParallelOptions = {}): boolean {
  return li.input.source instanceof Dataset && scanThreads(li.input.source, options) >= 2;
}

/**
 * The `merged` export's items, parsed and checked on the scan threads: each block of records
 * comes back with its bytes as the worker read them and, per record, its id and whether its
 * bytes pass through; this thread splices in the labels and writes (the parse was two thirds of
 * the export's time, and reading the file again here a sixth of what was left). A record that
 * does not pass through is converted again here and re-serialized, as the single-threaded export
 * does: the same bytes. Diagnostics and seen ids are collected as that export collects them.
 */
export async function writeMergedOnThreads(li: LabeledInput, exporter: ItemExporter, out: Output, sink: { diagnostics: Diagnostic[]; seen: Set<string> }, options: ParallelOptions = {}): Promise<void> {
  const dataset = li.input.source as Dataset;
  const adapter = await dataset.adapter();
  const labeled = li.labels.labeledItems();
  // Workers' records get their duplicate-id notes here, in file order (this thread's own have them).
  const merge = new ScanMerge(dataset.file);
  const write = async (r: ScanRecord, bytes: Uint8Array, converted?: ItemResult) => {
    for (const d of r.diagnostics) sink.diagnostics.push(d);
    if (r.id === undefined) return;
    if (labeled.has(r.id)) sink.seen.add(r.id);
    const labels = li.labels.forItem(r.id);
    if (r.passEnd !== undefined && r.passEnd >= 0) {
      await out.writeBytes(bytes.subarray(0, r.passEnd));
      await out.write(mergedTail(labels));
      return;
    }
    // Re-serialized: converted again from its bytes (unless this thread just did).
    const item = (converted ?? convertEntry(adapter, dataset.file, r.index, r.line, bytes)).item;
    if (item) await out.write(exporter.item(item, labels));
  };
  let next = 0;
  for await (const b of scanBlocks(dataset, 'merged', options)) {
    if ('packed' in b) throw new Error(`${dataset.file}: a scan worker answered the merged export with summaries`);
    if ('own' in b) {
      for (const r of b.own) {
        if (r.id === undefined) {
          await write(r, new Uint8Array(0));
          continue;
        }
        // This thread's pass finds no pass-through end: found here, as the single-threaded export finds it.
        const bytes = await readEntry(dataset.source, dataset.index, r.index);
        const converted = convertEntry(adapter, dataset.file, r.index, r.line, bytes);
        r.passEnd = passThroughEnd(converted);
        await write(r, bytes, converted);
      }
      continue;
    }
    const { records, block, bytes } = b;
    if (!bytes || records.length !== block.starts.length || block.first !== next) throw new Error(`${dataset.file}: the export lost step with its scan at entry ${next + 1}`);
    next += records.length;
    const base = block.starts[0]!;
    for (let k = 0; k < records.length; k++) {
      const r = merge.add(records[k]!);
      // The entry's bytes as the worker cut them (a file cut short since it was indexed reads as the bytes it still has).
      await write(r, bytes.subarray(Math.min(block.starts[k]! - base, bytes.length), Math.min(block.ends[k]! - base, bytes.length)));
    }
  }
}

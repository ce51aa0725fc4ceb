import type { Diagnostic } from '../core/diagnostic';
import { convertEntry, Dataset } from '../core/input/dataset';
import { entryRange, readEntries } from '../core/input/entryStream';
import type { ItemExporter } from '../core/exports/exportFormat';
import { mergedTail } from '../core/exports/exportMerged';
import type { LabeledInput } from './labeledInput';
import type { Output } from './output';
import { scanItems, scanThreads, type ParallelOptions } from './scan/parallelScan';

/** Whether the `merged` export of this input runs on scan threads (a large enough file, reopenable by path). */
export function mergedOnThreads(li: LabeledInput, options: ParallelOptions = {}): boolean {
  return li.input.source instanceof Dataset && scanThreads(li.input.source, options) >= 2;
}

/**
 * The `merged` export's items, parsed and checked on the scan threads: each record comes back
 * with its id and whether its bytes pass through; this thread reads the same bytes in large
 * windows alongside (as `Dataset.items()` does), splices in the labels and writes (the parse was
 * two thirds of the export's time). A record that does not pass through is converted again here
 * and re-serialized, as the single-threaded export does: the same bytes. Diagnostics and seen ids
 * are collected as that export collects them.
 */
export async function writeMergedOnThreads(li: LabeledInput, exporter: ItemExporter, out: Output, sink: { diagnostics: Diagnostic[]; seen: Set<string> }, options: ParallelOptions = {}): Promise<void> {
  const dataset = li.input.source as Dataset;
  const adapter = await dataset.adapter();
  const labeled = li.labels.labeledItems();
  const entries = readEntries(dataset.source, dataset.index, entryRange(0, dataset.count))[Symbol.asyncIterator]();
  for await (const r of scanItems(dataset, 'merged', options)) {
    // The scan yields every entry in order, as this reader does: the two stay in step.
    const next = await entries.next();
    if (next.done || next.value.entry !== r.index) throw new Error(`${dataset.file}: the export's reader lost step with its scan at entry ${r.index + 1}`);
    for (const d of r.diagnostics) sink.diagnostics.push(d);
    if (r.id === undefined) continue;
    if (labeled.has(r.id)) sink.seen.add(r.id);
    const labels = li.labels.forItem(r.id);
    const bytes = next.value.bytes;
    if (r.passEnd !== undefined && r.passEnd >= 0) {
      await out.writeBytes(bytes.subarray(0, r.passEnd));
      await out.write(mergedTail(labels));
      continue;
    }
    // Re-serialized (or scanned on this thread, when the workers could not start): converted again from its bytes.
    const item = convertEntry(adapter, dataset.file, r.index, r.line, bytes).item;
    if (item) await out.write(exporter.item(item, labels));
  }
}

import type { Diagnostic } from '../core/diagnostic';
import type { ExportFormat } from '../core/exports/exportFormat';
import { createExporter } from '../core/exports/exportRegistry';
import { inputFiles, labeledItems, orphanedLabels, type LabeledInput } from './labeledInput';
import { checkOutput, openOutput, type Output } from './output';
import { ShardIds } from '../core/input/shardIds';
import type { Shard } from './shards';
import { mergedOnThreads, writeMergedOnThreads } from './mergedOnThreads';
import type { ParallelOptions } from './scan/parallelScan';

export interface ExportRequest {
  format: ExportFormat;
  trait?: string;
  /** inspect: only this side's score records. */
  side?: string;
  /** inspect: only this task's score records. */
  task?: string;
  /** Output file; undefined writes to stdout. */
  out?: string;
  /** The threads of a `merged` export's parse (see `scanItems`); tests set them to compare one thread with several. */
  scan?: ParallelOptions;
}

export interface ExportResult {
  diagnostics: Diagnostic[];
  /** Labeled ids the input does not contain. */
  orphans: string[];
  /** The exporter's own counts, e.g. TRL pairs kept and dropped. */
  summary?: string;
}

/**
 * Streams one export of a labeled input: each item's output is written before the next item is
 * read, so memory stays flat. The CLI's `export` and the editor's Export Labels both run this,
 * so they write the same bytes.
 */
export function runExport(li: LabeledInput & { path: string }, request: ExportRequest): Promise<ExportResult> {
  return runExportOver([li], request);
}

/**
 * One export stream over the shards of a dataset, in order, each read with its own labels (as
 * `runExport` reads one input); the output is checked against each shard's files as it opens,
 * and is renamed into place only at the end, so a refused shard leaves no output behind. With
 * `unique`, an id already read in an earlier shard is an error and its item is left out.
 */
export async function runExportOver(shards: Iterable<Shard> | AsyncIterable<Shard>, request: ExportRequest & { unique?: boolean }): Promise<ExportResult> {
  const exporter = createExporter(request.format, { ...(request.trait !== undefined && { trait: request.trait }), ...(request.side !== undefined && { side: request.side }), ...(request.task !== undefined && { task: request.task }) });
  const diagnostics: Diagnostic[] = [];
  const orphans: string[] = [];
  const ids = request.unique ? new ShardIds() : undefined;
  let out: Output | undefined;
  try {
    for await (const li of shards) {
      if (!out) {
        out = await openOutput(request.out, inputFiles(li));
        await out.write(exporter.begin());
      } else if (request.out !== undefined && request.out !== '-') await checkOutput(request.out, inputFiles(li));
      diagnostics.push(...li.labels.diagnostics, ...li.input.diagnostics);
      ids?.startShard(li.input.source.files[0] ?? li.path);
      const seen = new Set<string>();
      if (!ids && request.format === 'merged' && mergedOnThreads(li, request.scan)) {
        await writeMergedOnThreads(li, exporter, out, { diagnostics, seen }, request.scan);
        orphans.push(...orphanedLabels(li, seen));
        continue;
      }
      for await (const each of labeledItems(li, seen)) {
        const result = ids ? ids.take(each.result) : each.result;
        for (const d of result.diagnostics) diagnostics.push(d);
        const raw = exporter.raw?.(result, each.labels);
        if (raw) {
          await out.writeBytes(raw.head);
          await out.write(raw.tail);
        } else if (result.item) await out.write(exporter.item(result.item, each.labels));
      }
      orphans.push(...orphanedLabels(li, seen));
    }
    if (out) await out.close();
  } catch (err) {
    await out?.abort();
    throw err;
  }
  return { diagnostics, orphans, summary: exporter.summary() || undefined };
}

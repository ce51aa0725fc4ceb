import type { Diagnostic } from '../core/diagnostic';
import type { ExportFormat } from '../core/exports/exportFormat';
import { createExporter } from '../core/exports/exportRegistry';
import { inputFiles, labeledItems, orphanedLabels, type LabeledInput } from './labeledInput';
import { openOutput } from './output';

export interface ExportRequest {
  format: ExportFormat;
  trait?: string;
  /** inspect: only this side's score records. */
  side?: string;
  /** inspect: only this task's score records. */
  task?: string;
  /** Output file; undefined writes to stdout. */
  out?: string;
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
export async function runExport(li: LabeledInput & { path: string }, request: ExportRequest): Promise<ExportResult> {
  const exporter = createExporter(request.format, { ...(request.trait !== undefined && { trait: request.trait }), ...(request.side !== undefined && { side: request.side }), ...(request.task !== undefined && { task: request.task }) });
  const diagnostics: Diagnostic[] = [...li.input.diagnostics];
  const seen = new Set<string>();
  const out = await openOutput(request.out, inputFiles(li));
  try {
    await out.write(exporter.begin());
    for await (const { result, labels } of labeledItems(li, seen)) {
      for (const d of result.diagnostics) diagnostics.push(d);
      const raw = exporter.raw?.(result, labels);
      if (raw) {
        await out.writeBytes(raw.head);
        await out.write(raw.tail);
      } else if (result.item) await out.write(exporter.item(result.item, labels));
    }
    await out.close();
  } catch (err) {
    await out.abort();
    throw err;
  }
  return { diagnostics: [...li.labels.diagnostics, ...diagnostics], orphans: orphanedLabels(li, seen), summary: exporter.summary() || undefined };
}

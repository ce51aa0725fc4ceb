import type { ReviewItem } from '../schema';
import type { AnnotatorItemLabels } from '../labels/humanLabels';
import { foldAnnotatorLabels, type FoldedLabels } from './exportLabels';
import { jsonLine, type ItemExporter } from './exportFormat';

/**
 * The item in the canonical shape (`id`, `prompt`, one key per side name, `metadata`) with
 * `human_labels` added: each annotator's folded labels, without the repeated item id.
 */
export function mergedRecord(item: ReviewItem, labels: readonly AnnotatorItemLabels[]): Record<string, unknown> {
  // Side names come from the data: with no prototype, a side named `__proto__` is a key, not a prototype.
  const record = Object.assign(Object.create(null) as Record<string, unknown>, { id: item.id, prompt: item.prompt });
  for (const side of item.sides) {
    const { name, ...rest } = side;
    record[name] = rest;
  }
  record.metadata = item.metadata;
  const human: Omit<FoldedLabels, 'item'>[] = [];
  for (const a of labels) {
    if (a.labels.length === 0) continue;
    human.push(foldAnnotatorLabels(a.annotator, a.labels));
  }
  record.human_labels = human;
  return record;
}

/** `merged`: every input item, labeled or not, with `human_labels` (empty when unlabeled). */
export function mergedExporter(): ItemExporter {
  return {
    begin: () => '',
    item: (item, labels) => jsonLine(mergedRecord(item, labels)),
    summary: () => undefined,
  };
}

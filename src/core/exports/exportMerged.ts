import type { ReviewItem } from '../schema';
import type { AnnotatorItemLabels } from '../labels/humanLabels';
import type { ItemResult } from '../input/dataset';
import { isJsonBlank } from '../input/jsonBlank';
import { foldAnnotatorLabels, type FoldedLabels } from './exportLabels';
import { jsonLine, type ItemExporter } from './exportFormat';

/**
 * The item in the canonical shape (`id`, `prompt`, one key per side name, `metadata`) with
 * `human_labels` added: each annotator's folded labels, without the repeated item id.
 */
export function mergedRecord(item: ReviewItem, labels: readonly AnnotatorItemLabels[]): Record<string, unknown> {
  const record = mergedItem(item);
  record.human_labels = humanLabels(labels);
  return record;
}

function mergedItem(item: ReviewItem): Record<string, unknown> {
  // Side names come from the data: with no prototype, a side named `__proto__` is a key, not a prototype.
  const record = Object.assign(Object.create(null) as Record<string, unknown>, { id: item.id, prompt: item.prompt });
  for (const side of item.sides) {
    const { name, ...rest } = side;
    record[name] = rest;
  }
  record.metadata = item.metadata;
  return record;
}

function humanLabels(labels: readonly AnnotatorItemLabels[]): Omit<FoldedLabels, 'item'>[] {
  const human: Omit<FoldedLabels, 'item'>[] = [];
  for (const a of labels) {
    if (a.labels.length === 0) continue;
    human.push(foldAnnotatorLabels(a.annotator, a.labels));
  }
  return human;
}

const itemKeys = ['id', 'prompt', 'baseline', 'trained', 'metadata'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when the bytes open with `{"id":"` (whitespace allowed): the id was a string in the source, not a number made exact. */
function opensWithStringId(bytes: Uint8Array): boolean {
  let i = 0;
  const skip = () => {
    while (isJsonBlank(bytes[i])) i++;
  };
  const expect = (text: string) => {
    for (let k = 0; k < text.length; k++) if (bytes[i++] !== text.charCodeAt(k)) return false;
    return true;
  };
  skip();
  if (!expect('{')) return false;
  skip();
  if (!expect('"id"')) return false;
  skip();
  if (!expect(':')) return false;
  skip();
  return bytes[i] === 0x22;
}

/**
 * Where the merged record is the source record itself with `human_labels` added: the position of
 * its closing brace, else -1. That holds for a canonical record read by the adapter's fast path
 * (its prompt and metadata are the parsed objects themselves, not zod's copies), with no parse
 * warnings, exactly the five item keys, no `name` inside a side, and a string id.
 */
export function passThroughEnd(result: ItemResult): number {
  const r = result.record;
  const item = result.item;
  if (!r || !item || !r.clean || r.adapter !== 'canonical' || !isObject(r.value)) return -1;
  const v = r.value;
  const keys = Object.keys(v);
  if (keys.length !== itemKeys.length || !itemKeys.every((k) => k in v)) return -1;
  if (item.prompt !== v.prompt || item.metadata !== v.metadata) return -1;
  if (!isObject(v.baseline) || !isObject(v.trained) || 'name' in v.baseline || 'name' in v.trained) return -1;
  if (!opensWithStringId(r.bytes)) return -1;
  let end = r.bytes.length - 1;
  while (end > 0 && isJsonBlank(r.bytes[end])) end--;
  return r.bytes[end] === 0x7d ? end : -1;
}

/** What follows a passed-through record's bytes (up to its closing brace): its `human_labels` and the end of the line. */
export function mergedTail(labels: readonly AnnotatorItemLabels[]): string {
  return `,"human_labels":${JSON.stringify(humanLabels(labels))}}\n`;
}

/**
 * `merged`: every input item, labeled or not, with `human_labels` (empty when unlabeled). A
 * canonical record that needs no change is passed through as its own bytes with `human_labels`
 * spliced in before its closing brace: the same JSON value as re-serializing it, without the
 * cost (about a third of the export's time), and its number spellings kept as written.
 */
export function mergedExporter(): ItemExporter {
  return {
    begin: () => '',
    item: (item, labels) => jsonLine(mergedRecord(item, labels)),
    raw(result, labels) {
      const end = passThroughEnd(result);
      if (end < 0) return undefined;
      return { head: result.record!.bytes.subarray(0, end), tail: mergedTail(labels) };
    },
    summary: () => undefined,
  };
}

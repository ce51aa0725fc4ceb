import { dirname, join } from 'node:path';
import type { ItemResult } from '../core/input/dataset';
import type { AnnotatorItemLabels } from '../core/labels/humanLabels';
import type { OpenedInput } from '../core/open/openedInput';
import type { Protected } from './output';
import { readLabelSet, type LabelSet } from './labelSet';

/** An input with its annotators' label logs, as exports, the report and `check` read it. */
export interface LabeledInput {
  input: OpenedInput;
  labels: LabelSet;
}

/** Thrown when a named annotator has no log; the CLI exits 2 with it, the editor shows it. */
export class MissingAnnotatorError extends Error {}

export async function withLabels(input: OpenedInput, annotators?: readonly string[]): Promise<LabeledInput> {
  const labels = await readLabelSet(input.labelsDir, annotators, new Set(input.manifest?.campaign?.adjudicators ?? []));
  if (labels.missing.length > 0) {
    await input.close();
    throw new MissingAnnotatorError(`no label log for ${labels.missing.map((a) => `'${a}'`).join(', ')} in ${labels.dir}`);
  }
  return { input, labels };
}

/**
 * Items in file order with every selected annotator's labels. Tracks which labeled ids were
 * seen, so labels on items the input does not have can be reported afterwards.
 */
export async function* labeledItems(li: LabeledInput, seen?: Set<string>): AsyncGenerator<{ result: ItemResult; labels: AnnotatorItemLabels[] }> {
  const labeled = seen ? li.labels.labeledItems() : undefined;
  for await (const result of li.input.source.items()) {
    const id = result.item?.id;
    if (id !== undefined && labeled?.has(id)) seen!.add(id);
    yield { result, labels: id === undefined ? [] : li.labels.forItem(id) };
  }
}

/** What an output must never overwrite: the input's files, the manifest, every label log and the labels folder itself. */
export function inputFiles(li: LabeledInput & { path: string }): Protected {
  const campaign = li.input.manifest?.campaign;
  const beside = (p: string | undefined) => (p === undefined ? [] : [join(dirname(li.path), p)]);
  return { files: [li.path, ...li.input.source.files, ...li.labels.logs.flatMap((l) => l.files), ...beside(campaign?.gold), ...beside(campaign?.guidelines)], dirs: [li.labels.dir] };
}

/** Labeled ids the input does not contain (a renamed item, or labels for another file). */
export function orphanedLabels(li: LabeledInput, seen: ReadonlySet<string>): string[] {
  return [...li.labels.labeledItems()].filter((id) => !seen.has(id)).sort();
}


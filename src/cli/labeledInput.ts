import type { ItemResult } from '../core/dataset';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import type { AnnotatorItemLabels } from '../core/humanLabels';
import { openInput, type Input } from '../node/input';
import { readLabelSet, type LabelSet } from '../node/labelSet';
import { InputError } from './args';

/** An input with its annotators' label logs, as `export`, `report` and `check` read it. */
export interface LabeledInput {
  input: Input;
  labels: LabelSet;
}

/** `--annotators a,b` → ['a', 'b']; undefined when not given (all annotators). */
export function parseAnnotators(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  return names.length > 0 ? names : undefined;
}

export async function openLabeledInput(path: string, annotators?: readonly string[]): Promise<LabeledInput> {
  const input = await openInput(path);
  const labels = await readLabelSet(input.labelsPath, annotators);
  if (labels.missing.length > 0) {
    await input.close();
    throw new InputError(`no label log for ${labels.missing.map((a) => `'${a}'`).join(', ')} in ${labels.dir}`);
  }
  return { input, labels };
}

/**
 * Items in file order with every selected annotator's labels. Tracks which labeled ids were
 * seen, so labels on items the input does not have can be reported afterwards.
 */
export async function* labeledItems(li: LabeledInput, seen?: Set<string>): AsyncGenerator<{ result: ItemResult; labels: AnnotatorItemLabels[] }> {
  const labeled = seen ? li.labels.labeledItems() : undefined;
  for await (const result of li.input.items()) {
    const id = result.item?.id;
    if (id !== undefined && labeled?.has(id)) seen!.add(id);
    yield { result, labels: id === undefined ? [] : li.labels.forItem(id) };
  }
}

/** Labeled ids the input does not contain (a renamed item, or labels for another file). */
export function orphanedLabels(li: LabeledInput, seen: ReadonlySet<string>): string[] {
  return [...li.labels.labeledItems()].filter((id) => !seen.has(id)).sort();
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], stream: NodeJS.WritableStream = process.stderr): void {
  for (const d of diagnostics) stream.write(formatDiagnostic(d) + '\n');
}

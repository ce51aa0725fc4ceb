import type { ItemResult } from '../core/dataset';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import type { AnnotatorItemLabels } from '../core/humanLabels';
import { openInput, type Input } from '../node/input';
import { readLabelSet, type LabelSet } from '../node/labelSet';
import { InputError, UsageError } from './args';
import { parseInputArgs } from './inputArgs';

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

type FlagSpec = Record<string, 'string' | 'boolean'>;
type FlagValues<S extends FlagSpec> = { [K in keyof S]?: S[K] extends 'string' ? string : boolean };

/**
 * Takes a command's own flags out of `args` (`--out F`, `--out=F`, `--json`) and leaves the
 * rest for `parseInputArgs`, which knows the input flags every command shares. Done by hand
 * because `export --format` is the export format, while the input parser reads `--format` as
 * the input's adapter.
 */
export function takeFlags<S extends FlagSpec>(args: readonly string[], spec: S, usage: string): { values: FlagValues<S>; rest: string[] } {
  const values: Record<string, string | boolean> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq > 0 ? eq : undefined) : '';
    const kind = spec[name];
    if (!kind) {
      rest.push(arg);
      continue;
    }
    if (kind === 'boolean') {
      if (eq > 0) throw new UsageError(`--${name} takes no value\n  ${usage}`);
      values[name] = true;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value\n  ${usage}`);
    values[name] = value;
  }
  return { values: values as FlagValues<S>, rest };
}

/** Opens the input named by the shared input flags in `rest` (a FILE, a manifest, or a pair of runs). */
export async function openLabeledInputArgs(rest: readonly string[], usage: string, annotators?: readonly string[]): Promise<LabeledInput & { path: string }> {
  const unknown = rest.find((a) => a.startsWith('--') && !/^--(baseline|trained|key|by-line|format)(=|$)/.test(a));
  if (unknown) throw new UsageError(`unknown option ${unknown}\n  ${usage}`);
  const { path, options } = parseInputArgs(rest, usage);
  const input = await openInput(path, options);
  return { path, ...(await withLabels(input, annotators)) };
}

async function withLabels(input: Input, annotators?: readonly string[]): Promise<LabeledInput> {
  const labels = await readLabelSet(input.labelsDir, annotators);
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

/** Files an output must never overwrite: the input's files, the manifest, the label logs. */
export function inputFiles(li: LabeledInput & { path: string }): string[] {
  return [li.path, ...li.input.source.files, ...li.labels.logs.map((l) => l.file)];
}

/** Labeled ids the input does not contain (a renamed item, or labels for another file). */
export function orphanedLabels(li: LabeledInput, seen: ReadonlySet<string>): string[] {
  return [...li.labels.labeledItems()].filter((id) => !seen.has(id)).sort();
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], stream: NodeJS.WritableStream = process.stderr): void {
  for (const d of diagnostics) stream.write(formatDiagnostic(d) + '\n');
}

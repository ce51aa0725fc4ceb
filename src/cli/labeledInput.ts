import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { openInput } from '../node/input';
import { MissingAnnotatorError, withLabels, type LabeledInput } from '../node/labeledInput';
import { InputError, UsageError } from './args';
import { parseInputArgs } from './inputArgs';
import { terminalLine } from '../core/terminalText';


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
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
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
  try {
    return { path, ...(await withLabels(input, annotators)) };
  } catch (err) {
    if (err instanceof MissingAnnotatorError) throw new InputError(err.message);
    throw err;
  }
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], stream: NodeJS.WritableStream = process.stderr): void {
  for (const d of diagnostics) stream.write(terminalLine(formatDiagnostic(d)));
}

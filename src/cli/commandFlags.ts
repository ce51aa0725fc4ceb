/** What the CLI's commands share past the input flags: their own flags (`takeFlags`), `--annotators`, the shards the rest names, diagnostics on stderr. */
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { inputFiles, MissingAnnotatorError } from '../node/labeledInput';
import { eachShard, type Shard } from '../node/shards';
import { InputOpener } from '../node/inputOpener';
import { expandedPaths, finishCache } from './inputRun';
import type { Protected } from '../node/output';
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

/** The inputs of a `report`, `check` or `export` run, expanded, each opened when its turn comes. */
export interface ShardArgs {
  /** The inputs in order: one for a single FILE, a pair or a manifest (read exactly as before). */
  paths: string[];
  /** What the run read, for messages and the report: the path of a single input, else the arguments. */
  label: string;
  /** More than one input: ids must be unique across them, and `check` summarises each. */
  many: boolean;
  /** The inputs one after another, each closed before the next opens. */
  shards(): AsyncGenerator<Shard>;
  /** What an output must never overwrite: the files and labels folders of every input opened so far. */
  protect(): Protected;
  /** Waits for the cache's writes; prints what it reused (with `--cache`). */
  finish(): Promise<void>;
}

/**
 * Takes the shared input flags in `rest`: a FILE, a manifest or a pair of runs, or (for these
 * commands) many inputs — files, folders of shards, globs — read one after another in one run.
 */
export async function openShardArgs(rest: readonly string[], usage: string, annotators?: readonly string[]): Promise<ShardArgs> {
  const unknown = rest.find((a) => a.startsWith('--') && !/^--(baseline|trained|key|by-line|format|cache)(=|$)/.test(a));
  if (unknown) throw new UsageError(`unknown option ${unknown}\n  ${usage}`);
  const { inputs, options, cache } = parseInputArgs(rest, usage, true);
  const paths = await expandedPaths(inputs, options, usage);
  const opener = new InputOpener(cache, paths.length);
  const files: string[] = [];
  const dirs: string[] = [];
  const open = async (path: string): Promise<Shard> => {
    let shard: Shard;
    try {
      shard = await opener.openLabeled(path, options, annotators);
    } catch (err) {
      if (err instanceof MissingAnnotatorError) throw new InputError(err.message);
      throw err;
    }
    const p = inputFiles(shard);
    files.push(...p.files);
    dirs.push(...(p.dirs ?? []));
    return shard;
  };
  return {
    paths,
    label: paths.length === 1 ? paths[0]! : inputs.join(' '),
    many: paths.length > 1,
    shards: () => eachShard(paths, open),
    protect: () => ({ files, dirs }),
    finish: () => finishCache(opener),
  };
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], stream: NodeJS.WritableStream = process.stderr): void {
  for (const d of diagnostics) stream.write(terminalLine(formatDiagnostic(d)));
}

import { formatNames, formatSchema } from '../core/adapters/types';
import type { OpenOptions } from '../node/input';
import { UsageError } from './args';

/** The input flags every command that reads transcripts takes, for its usage line. */

/** The same for `report`, `check` and `export`, which read many inputs in one run. */
export const manyInputUsage = '[--format F] [--cache DIR] INPUT... | --baseline FILE --trained FILE [--key FIELD | --by-line]';

export interface InputArgs {
  /** The file to open: a dataset, a manifest, or the baseline run of a pair. */
  path: string;
  options: OpenOptions;
  /** Arguments this parser did not take (the command's own flags). */
  rest: string[];
  /** With `many`: every positional (files, folders, globs), `path` being the first. */
  inputs: string[];
  /** `--cache DIR`: read and keep line indexes in `DIR/scan-cache/` (the extension's scan cache). */
  cache?: string;
}

/**
 * Takes the input flags out of `args`: one FILE (a `.jsonl` or `.review.json`), or
 * `--baseline A --trained B` with `--key FIELD` or `--by-line`; `--format` and `--cache` for
 * either. Other `--flags` are left in `rest` for the command; a second positional is a usage
 * error unless `many` (then they are all in `inputs`, to expand: files, folders, globs).
 */
export function parseInputArgs(args: readonly string[], usage: string, many = false): InputArgs {
  const rest: string[] = [];
  const files: string[] = [];
  let baseline: string | undefined;
  let trained: string | undefined;
  let key: string | null | undefined;
  let format: OpenOptions['format'];
  let cache: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value\n  ${usage}`);
      return v;
    };
    switch (flag) {
      case '--baseline':
        baseline = value();
        break;
      case '--trained':
        trained = value();
        break;
      case '--key':
        if (key === null) throw new UsageError(`--key and --by-line exclude each other\n  ${usage}`);
        key = value();
        break;
      case '--by-line':
        if (typeof key === 'string') throw new UsageError(`--key and --by-line exclude each other\n  ${usage}`);
        key = null;
        break;
      case '--cache':
        cache = value();
        break;
      case '--format': {
        const f = formatSchema.safeParse(value());
        if (!f.success) throw new UsageError(`unknown format '${args[i]?.replace(/^--format=/, '')}' (one of ${formatNames.join(', ')})\n  ${usage}`);
        format = f.data;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') rest.push(arg);
        else files.push(arg);
    }
  }
  if ((baseline === undefined) !== (trained === undefined)) throw new UsageError(`--baseline and --trained go together\n  ${usage}`);
  if (baseline !== undefined && trained !== undefined) {
    if (files.length) throw new UsageError(`give --baseline/--trained or ${many ? 'inputs' : 'one FILE'}, not both\n  ${usage}`);
    return { path: baseline, inputs: [baseline], options: { trained, key, format }, rest, cache };
  }
  if (files.length === 0 || (!many && files.length !== 1)) throw new UsageError(usage);
  if (key !== undefined && !files.every((f) => /\.review\.json$/i.test(f))) throw new UsageError(`--key and --by-line pair two runs: use them with --baseline/--trained\n  ${usage}`);
  return { path: files[0]!, inputs: files, options: { key, format }, rest, cache };
}

/** The input flags plus `--json`, and nothing else: what `validate` and `stats` take (many inputs). */
export function parseJsonInputArgs(args: readonly string[], usage: string): InputArgs & { json: boolean } {
  const parsed = parseInputArgs(args, usage, true);
  const unknown = parsed.rest.filter((a) => a !== '--json');
  if (unknown.length) throw new UsageError(`unknown option ${unknown[0]}\n  ${usage}`);
  return { ...parsed, json: parsed.rest.includes('--json') };
}

import { ShardIds } from '../core/input/shardIds';
import { terminalLine } from '../core/terminalText';
import type { OpenedInput } from '../core/open/openedInput';
import type { OpenOptions } from '../node/input';
import { expandInputs } from '../node/inputList';
import { InputOpener } from '../node/inputOpener';
import { UsageError } from './args';
import { parseJsonInputArgs } from './inputArgs';

/**
 * The inputs as given, expanded: folders of shards and globs become their files (a pair of runs
 * stays the pair). `--key` / `--by-line` join two runs, so after expansion they still need manifests.
 */
export async function expandedPaths(inputs: readonly string[], options: OpenOptions, usage: string): Promise<string[]> {
  if (options.trained !== undefined) return [...inputs];
  const paths = await expandInputs(inputs);
  if (options.key !== undefined && !paths.every((p) => /\.review\.json$/i.test(p))) throw new UsageError(`--key and --by-line pair two runs: use them with --baseline/--trained\n  ${usage}`);
  return paths;
}

/** Waits for the scan cache's writes and prints what it reused (with `--cache`). */
export async function finishCache(opener: InputOpener): Promise<void> {
  const note = await opener.finish();
  if (note) process.stderr.write(terminalLine(note));
}

/** What `validate` and `stats` read: their inputs one after another, as one dataset. */
export interface InputRun {
  json: boolean;
  /** With more than one input: ids must be unique across them (an id an earlier input had is an error). */
  ids: ShardIds | undefined;
  /** Each input opened (indexed) when the previous one is closed. */
  inputs(): AsyncGenerator<OpenedInput>;
  finish(): Promise<void>;
}

export async function openInputRun(args: readonly string[], usage: string): Promise<InputRun> {
  const { inputs, options, json, cache } = parseJsonInputArgs(args, usage);
  const paths = await expandedPaths(inputs, options, usage);
  // `--cache DIR`: the line index from the extension's scan cache when the file is unchanged, else kept there.
  const opener = new InputOpener(cache, paths.length);
  const ids = paths.length > 1 ? new ShardIds() : undefined;
  return {
    json,
    ids,
    async *inputs() {
      for (const path of paths) {
        const input = await opener.open(path, options);
        ids?.startShard(input.source.files[0] ?? path);
        try {
          yield input;
        } finally {
          await input.close();
        }
      }
    },
    finish: () => finishCache(opener),
  };
}

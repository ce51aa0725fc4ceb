import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import pkg from '../../package.json';
import { inputKind } from '../core/input/inputKind';
import { listLogs } from './runInput';
import { UnreadableFileError } from '../core/open/unreadableFileError';
import { traceFormatOf } from '../core/open/openTraces';
import { nodeFiles } from './input';

/**
 * What a folder of shards is made of: the names the review editor opens (package.json's custom
 * editor selector, `*.jsonl`, `*.jsonl.gz`, `*.parquet`, `*.review.json`, …), so the CLI and the
 * editor agree on what a transcript file is.
 */
const openableSuffixes = pkg.contributes.customEditors.flatMap((e) => e.selector.map((s) => s.filenamePattern.replace(/^\*/, '').toLowerCase()));

/** A name the review editor opens that is not an Inspect log (a folder of those is one run, read as before). */
function isShardName(name: string): boolean {
  const n = name.toLowerCase();
  const kind = inputKind(n);
  return !n.startsWith('.') && kind !== 'inspect-eval' && kind !== 'inspect-json' && openableSuffixes.some((s) => n.endsWith(s));
}

/**
 * A folder's shards, sorted by name: its manifests when it has any (they name the data files
 * beside them, which would otherwise be read twice), else its transcript files. A folder of
 * Inspect logs stays one input, a run, as it always was. Not recursive: `X.labels/` folders and
 * anything deeper are never taken for data.
 */
async function folderShards(dir: string): Promise<string[]> {
  // A folder of Inspect logs or of agent traces (sessions, trials) is one run.
  if ((await listLogs(dir)).length > 0 || (await traceFormatOf(nodeFiles, dir))) return [dir];
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && isShardName(e.name)).map((e) => e.name);
  const manifests = names.filter((n) => inputKind(n) === 'manifest');
  const picked = (manifests.length > 0 ? manifests : names).sort();
  if (picked.length === 0) throw new UnreadableFileError(dir, 'ENOENT', 'a folder without transcript files (.jsonl, .jsonl.gz, .parquet, .review.json) or Inspect logs');
  return picked.map((n) => join(dir, n));
}

/**
 * The inputs a command reads, in order: each argument is a file (kept as given), a folder (its
 * shards) or a glob of shards (`'shards/part-*.jsonl'`, quoted so the command expands it; its
 * files sorted by path). A path that exists is never read as a pattern, so a file named
 * `[draft].jsonl` is that file. Node 20 has no `fs.glob` (it came in 22): tinyglobby does it.
 */
export async function expandInputs(args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    const kind = arg === '-' ? 'file' : await stat(arg).then((s) => (s.isDirectory() ? 'dir' : 'file'), () => (isDynamicPattern(arg) ? 'glob' : 'file'));
    if (kind === 'file') out.push(arg);
    else if (kind === 'dir') out.push(...(await folderShards(arg)));
    else {
      const matched = (await glob(arg, { onlyFiles: true, expandDirectories: false, dot: false, absolute: isAbsolute(arg) })).sort();
      if (matched.length === 0) throw new UnreadableFileError(arg, 'ENOENT', 'no files match this pattern');
      out.push(...matched);
    }
  }
  return out;
}

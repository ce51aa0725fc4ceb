import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isInspectLogName, inputKind } from '../core/input/inputKind';
import { openInspectLog } from '../core/inspect/open';
import { ConcatRuns, type RunSource } from '../core/runs/runSource';
import type { FileSource } from './fileSource';
import { pooledFileSource } from './pooledFileSource';

/** An Inspect log or a folder of them, opened (not yet read), with the files to close. */
export interface OpenedRun {
  run: RunSource;
  /** A folder of logs: pairs join on task as well. */
  folder: boolean;
  close(): Promise<void>;
}

/** True when `path` is an Inspect log (`.eval`, `.json`) or a folder: read as a run, not as JSONL. */
export async function isRunPath(path: string): Promise<boolean> {
  const kind = inputKind(path);
  if (kind === 'inspect-eval' || kind === 'inspect-json') return true;
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The Inspect logs of a folder (as `inspect eval-set` writes them: one per task), sorted by name. */
export async function listLogs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && isInspectLogName(e.name))
    .map((e) => e.name)
    .sort()
    .map((n) => join(dir, n));
}

/** Opens one log, or every log of a folder as one run (each log read lazily, in path order). */
export async function openRun(path: string, open: (p: string) => Promise<FileSource>): Promise<OpenedRun> {
  const files: FileSource[] = [];
  const closeAll = async () => void (await Promise.all(files.map((f) => f.close())));
  try {
    if (!(await stat(path)).isDirectory()) {
      const f = await open(path);
      files.push(f);
      return { run: openInspectLog(f, path), folder: false, close: closeAll };
    }
    const logs = await listLogs(path);
    if (!logs.length) throw Object.assign(new Error('is a directory without Inspect logs (.eval, .json)'), { code: 'EISDIR' });
    const parts: RunSource[] = [];
    // Each log holds a descriptor only while it is read (a folder may hold thousands).
    for (const log of logs) {
      const f = await pooledFileSource(log);
      files.push(f);
      parts.push(openInspectLog(f, log));
    }
    return { run: new ConcatRuns(parts), folder: true, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

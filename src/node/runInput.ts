import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isInspectLogName } from '../core/input/inputKind';

/** The Inspect logs of a folder (as `inspect eval-set` writes them: one per task), sorted by name. */
export async function listLogs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && isInspectLogName(e.name))
    .map((e) => e.name)
    .sort()
    .map((n) => join(dir, n));
}

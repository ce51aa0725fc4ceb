import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelFolder, LogEntry } from '../core/labels/labelSink';
import { LabelLogFile } from './labelFile';

/** A labels folder on disk; its logs are `LabelLogFile`s (appended with O_APPEND, fsync'd). Symlinked logs are left out. */
export function nodeLabelFolder(dir: string): LabelFolder {
  return {
    async list() {
      let names: string[];
      try {
        if ((await lstat(dir)).isSymbolicLink()) return [];
        names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
      } catch {
        return []; // no labels folder yet
      }
      const entries = await Promise.all(
        names.map(async (name): Promise<LogEntry | undefined> => {
          try {
            const s = await lstat(join(dir, name));
            return s.isFile() ? { name, size: s.size, mtime: s.mtimeMs } : undefined;
          } catch {
            return undefined; // a log mid-rename by git; the next poll sees the settled folder
          }
        }),
      );
      return entries.filter((e): e is LogEntry => e !== undefined);
    },
    log: (name) => new LabelLogFile(join(dir, name)),
  };
}

import { memorySource } from '../../src/core/input/byteSource';
import { gunzipMemory } from '../../src/core/input/gunzipMemory';
import { labelsDirFor } from '../../src/core/labels/labelPaths';
import type { FileAccess, OpenFile } from '../../src/core/open/fileAccess';
import { UnreadableFileError } from '../../src/core/open/unreadableFileError';
import { baseName, dirName } from '../../src/core/posixPath';

// A file access that is neither the desktop's nor the browser's: a map of files in memory. What
// both builds open, they open through the one plan over it.

/** Files in memory by POSIX path; counts the files open, to check that a failure closes what it opened. */
export function memoryFiles(files: Record<string, Uint8Array | string>) {
  const bytes = (p: string) => {
    const f = files[p];
    if (f === undefined) throw new UnreadableFileError(p, 'ENOENT', 'no such file');
    return typeof f === 'string' ? new TextEncoder().encode(f) : f;
  };
  const isDir = (p: string) => Object.keys(files).some((f) => f.startsWith(`${p}/`));
  let open = 0;
  const held = (b: Uint8Array): OpenFile => {
    open++;
    return { ...memorySource(b), close: async () => void open-- };
  };
  const access: FileAccess<string> = {
    stat: async (p) => (isDir(p) ? { directory: true, size: 0 } : { directory: false, size: bytes(p).length }),
    open: async (p) => held(bytes(p)),
    list: async (dir) => Object.keys(files).filter((f) => dirName(f) === dir).sort(),
    folders: async (dir) => [...new Set(Object.keys(files).filter((f) => f.startsWith(`${dir}/`)).map((f) => `${dir}/${f.slice(dir.length + 1).split('/')[0]!}`))].filter(isDir).sort(),
    readText: async (p) => new TextDecoder().decode(bytes(p)),
    gunzip: async (p) => held(await gunzipMemory(bytes(p), 1 << 30)),
    names: {
      name: (p) => p,
      parts: (p) => ({ base: baseName(p), parent: baseName(dirName(p)) }),
      resolve: (from, p) => (p.startsWith('/') ? p : `${dirName(from)}/${p}`).replace(/\/\.$/, ''),
      labelsDir: labelsDirFor,
    },
  };
  return { access, open: () => open };
}


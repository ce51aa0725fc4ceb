import { chmod, lstat, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A cache folder that is not safely ours: a link, someone else's, not a folder. Nothing is read from or written to it. */
export class UnsafeCacheDirError extends Error {
  override name = 'UnsafeCacheDirError';
}

/**
 * Makes `dir` a folder only this user can enter (0700) and returns it; `depth` > 1 does the same
 * for that many trailing components (`~/.cache/transcript-review/gunzip`: 2), so no link in
 * between leads elsewhere. An existing one must be a real folder owned by this user: a symlink
 * (another user pointing it at `~/Documents`) or a folder someone else made is refused, never
 * used, never pruned. Ours but too open is tightened. Windows has no modes or uids here; its
 * per-user folders are private already.
 */
export async function ensurePrivateDir(dir: string, depth = 1): Promise<string> {
  const levels: string[] = [dir];
  for (let i = 1; i < depth; i++) levels.unshift(dirname(levels[0]!));
  await mkdir(dirname(levels[0]!), { recursive: true, mode: 0o700 });
  for (const level of levels) await ensureOne(level);
  return dir;
}

async function ensureOne(dir: string): Promise<void> {
  await mkdir(dir, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  const s = await lstat(dir);
  if (s.isSymbolicLink()) throw new UnsafeCacheDirError(`${dir} is a symbolic link; Transcript Review keeps its cache only in a real folder of yours (remove the link)`);
  if (!s.isDirectory()) throw new UnsafeCacheDirError(`${dir} is not a folder; Transcript Review cannot keep its cache there`);
  if (process.platform === 'win32') return;
  const uid = process.getuid?.();
  if (uid !== undefined && s.uid !== uid) throw new UnsafeCacheDirError(`${dir} belongs to another user (uid ${s.uid}); Transcript Review keeps its cache only in a folder of yours (remove it, or point the cache elsewhere)`);
  if ((s.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

/** True when `s` (from `lstat`) is a plain file or folder this user owns: the only kind of cache entry read or deleted. */
export function ownedEntry(s: { uid: number; isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }, kind: 'file' | 'dir'): boolean {
  if (s.isSymbolicLink() || !(kind === 'file' ? s.isFile() : s.isDirectory())) return false;
  const uid = process.getuid?.();
  return uid === undefined || process.platform === 'win32' || s.uid === uid;
}

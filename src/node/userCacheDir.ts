import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * This user's cache folder for Transcript Review, where the platform puts caches: never the
 * shared temporary folder. Linux `$XDG_CACHE_HOME/transcript-review` (`~/.cache/…`), macOS
 * `~/Library/Caches/transcript-review`, Windows `%LOCALAPPDATA%\transcript-review\Cache`.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'transcript-review', 'Cache');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'transcript-review');
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'transcript-review');
}

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The file a launcher asks this window to open once the extension is up (`npm start`, the e2e
 * tests), or undefined. `TRANSCRIPT_REVIEW_OPEN` names it for every window of the server.
 * `TRANSCRIPT_REVIEW_OPEN_REQUESTS` is a folder for a server that many windows share one after
 * another (the e2e tier): the request for a window is the file `openRequestName(folder)` in it,
 * keyed by the window's workspace folder, whose text is the path to open.
 */
export function fileToOpenOnStart(env: NodeJS.ProcessEnv, workspaceFolder: string | undefined): string | undefined {
  if (env.TRANSCRIPT_REVIEW_OPEN) return env.TRANSCRIPT_REVIEW_OPEN;
  const dir = env.TRANSCRIPT_REVIEW_OPEN_REQUESTS;
  if (!dir || !workspaceFolder) return undefined;
  try {
    return readFileSync(join(dir, openRequestName(workspaceFolder)), 'utf8').trim() || undefined;
  } catch {
    // No request for this window.
    return undefined;
  }
}

/** The request's file name for a workspace folder (its path hashed: any path, a short flat name). */
export function openRequestName(workspaceFolder: string): string {
  return createHash('sha256').update(workspaceFolder).digest('hex').slice(0, 32);
}

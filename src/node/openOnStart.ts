import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/**
 * The file a launcher asks this window to open once the extension is up (`npm start`, the e2e
 * tests), or undefined. `TRANSCRIPT_REVIEW_OPEN` names it for every window of the server.
 * `TRANSCRIPT_REVIEW_OPEN_REQUESTS` is a folder for a server that many windows share (the e2e
 * tier): the request for a window is the file `openRequestName(folder)` in it, keyed by the
 * window's workspace folder; its first line is the path to open, and a later line, if any, makes
 * a request for the same path a new one (see watchOpenRequests).
 */
export function fileToOpenOnStart(env: NodeJS.ProcessEnv, workspaceFolder: string | undefined): string | undefined {
  if (env.TRANSCRIPT_REVIEW_OPEN) return env.TRANSCRIPT_REVIEW_OPEN;
  return pathOf(readRequest(env, workspaceFolder));
}

/**
 * Calls `open` with each request for this window written after the extension started (the e2e
 * tier keeps one window open across tests and asks it for each test's file). Nothing is watched
 * without `TRANSCRIPT_REVIEW_OPEN_REQUESTS`, which only launchers set. Returns the stop.
 */
export function watchOpenRequests(env: NodeJS.ProcessEnv, workspaceFolder: string | undefined, open: (path: string) => void): () => void {
  const dir = env.TRANSCRIPT_REVIEW_OPEN_REQUESTS;
  if (!dir || !workspaceFolder) return () => undefined;
  const name = openRequestName(workspaceFolder);
  // The request read at start was handled there; a write shows as one or more events (truncate,
  // then the text), so a request is acted on once, when its whole text is new.
  let last = readRequest(env, workspaceFolder);
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, (_event, file) => {
      if (file !== null && file !== name) return;
      const now = readRequest(env, workspaceFolder);
      if (now === undefined || now === last) return;
      last = now;
      const path = pathOf(now);
      if (path) open(path);
    });
  } catch {
    // The folder is gone: the launcher stopped.
    return () => undefined;
  }
  watcher.on('error', () => watcher.close());
  return () => watcher.close();
}

/** The request's file name for a workspace folder (its path hashed: any path, a short flat name). */
export function openRequestName(workspaceFolder: string): string {
  return createHash('sha256').update(workspaceFolder).digest('hex').slice(0, 32);
}

function readRequest(env: NodeJS.ProcessEnv, workspaceFolder: string | undefined): string | undefined {
  const dir = env.TRANSCRIPT_REVIEW_OPEN_REQUESTS;
  if (!dir || !workspaceFolder) return undefined;
  try {
    return readFileSync(join(dir, openRequestName(workspaceFolder)), 'utf8').trim() || undefined;
  } catch {
    // No request for this window.
    return undefined;
  }
}

function pathOf(request: string | undefined): string | undefined {
  return request?.split('\n')[0]?.trim() || undefined;
}

import { rmSync } from 'node:fs';

/** Temporary folders this process made and still uses: removed when it exits, however it exits. */
const live = new Set<string>();
let hooked = false;

/**
 * Keeps `dir` to be removed at exit (`process.exit`, the end of the event loop, or a signal the
 * CLI turns into an exit), so an interrupted run leaves no spooled copy behind. Returns the
 * function that removes it now.
 */
export function removeAtExit(dir: string): () => void {
  live.add(dir);
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const d of live) rmSync(d, { recursive: true, force: true });
    });
  }
  return () => {
    live.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}

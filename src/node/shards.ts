import type { LabeledInput } from './labeledInput';

/** One input of a run with its labels (`labelsDirFor(path)`, or its manifest's folder), as a single-input command reads it. */
export type Shard = LabeledInput & { path: string };

/**
 * Opened one after another: the next is opened (its file read and indexed) while the caller
 * works on the current one, so a run over thousands of small shards does not wait for each
 * open's I/O in turn; at most two are open at a time, and each is closed once the caller is
 * done with it (or stops early).
 */
export async function* eachOpened<T>(paths: readonly string[], open: (path: string) => Promise<T>, close: (t: T) => Promise<void>): AsyncGenerator<T> {
  let next: Promise<T> | undefined = paths.length ? open(paths[0]!) : undefined;
  try {
    for (let k = 0; k < paths.length; k++) {
      const current = await next!;
      next = undefined;
      // Opened ahead; a failure there is seen when its turn comes.
      if (k + 1 < paths.length) (next = open(paths[k + 1]!)).catch(() => undefined);
      try {
        yield current;
      } finally {
        await close(current);
      }
    }
  } finally {
    if (next) await next.then(close, () => undefined);
  }
}

/**
 * The shards of a run, one after another (`eachOpened`): each is opened (indexed, its labels
 * read) while the previous one is worked on, so at most two shards' indexes and labels are in
 * memory at a time, however many there are.
 */
export function eachShard(paths: readonly string[], open: (path: string) => Promise<Shard>): AsyncGenerator<Shard> {
  return eachOpened(paths, open, (shard) => shard.input.close());
}

import type { LabeledInput } from './labeledInput';

/** One input of a run with its labels (`labelsDirFor(path)`, or its manifest's folder), as a single-input command reads it. */
export type Shard = LabeledInput & { path: string };

/**
 * The shards of a run, one after another: each is opened (indexed, its labels read) when the
 * previous one is done with and closed before the next opens, so one shard's index and labels
 * are in memory at a time, however many there are.
 */
export async function* eachShard(paths: readonly string[], open: (path: string) => Promise<Shard>): AsyncGenerator<Shard> {
  for (const path of paths) {
    const shard = await open(path);
    try {
      yield shard;
    } finally {
      await shard.input.close();
    }
  }
}

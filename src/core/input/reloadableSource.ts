import type { AbortFlag, ItemResult, ItemSource } from './dataset';
import type { Diagnostic } from '../diagnostic';
import type { IndexProgress } from './lineIndex';

/**
 * The item source of an open document whose file can change underneath it (a pipeline
 * rewrites it, someone truncates it). Everything that holds the document keeps this one
 * object; `swap` puts a freshly indexed source behind it, so offsets of the old file are never
 * read against the new one.
 */
export class ReloadableSource implements ItemSource {
  private _generation = 0;

  constructor(private _current: ItemSource) {}

  get current(): ItemSource {
    return this._current;
  }

  /** Counts the swaps: an item read before a swap is stale once this moves. */
  get generation(): number {
    return this._generation;
  }

  /** Replaces the source with `next`, which must be built already. */
  swap(next: ItemSource): void {
    this._current = next;
    this._generation++;
  }

  get files(): readonly string[] {
    return this._current.files;
  }

  get count(): number {
    return this._current.count;
  }

  get done(): boolean {
    return this._current.done;
  }

  get diagnostics(): readonly Diagnostic[] {
    return this._current.diagnostics;
  }

  build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    return this._current.build(onProgress, signal);
  }

  item(i: number): Promise<ItemResult> {
    return this._current.item(i);
  }

  items(): AsyncGenerator<ItemResult> {
    return this._current.items();
  }
}

/**
 * Where item `id` is now in `source`: at `hint` (its old position) when it is still there,
 * else the first position holding it, by one sequential scan; undefined when it is gone.
 */
export async function findItem(source: ItemSource, id: string, hint: number): Promise<number | undefined> {
  if (hint >= 0 && hint < source.count && (await source.item(hint)).item?.id === id) return hint;
  for await (const r of source.items()) if (r.item?.id === id) return r.index;
  return undefined;
}

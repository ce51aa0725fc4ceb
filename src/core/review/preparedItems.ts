import { alignTurnsNoted, type TurnPair } from '../diff/align';
import { rowDiffs, type RowDiff } from '../diff/rowDiffs';
import type { ItemResult } from '../input/dataset';

/** An item read and laid out for the view: what a keypress `j` needs besides the labels. */
export interface PreparedItem {
  result: ItemResult;
  turns: TurnPair[];
  notes: string[];
  /** Every row diff, or while `rest` is pending those within the budget. */
  diffs: RowDiff[];
  /** While diffs over the budget are still to come: resolves to all of them (then also in `diffs`). */
  rest?: Promise<RowDiff[]>;
}

/**
 * Work (see `wordDiffWithin`) an item's diffs may take before it is shown, under a millisecond: two
 * unrelated long answers took 20–70 ms, which a jump to the item waited for. Their diffs
 * follow on a later turn, so the item is shown first and its marks come after.
 */
export const diffBudget = 50_000;

export interface PreparedItemsOptions {
  /** Items kept (the shown one and its neighbours, and a few recent ones). */
  maxItems?: number;
  /** Source bytes kept in all; a larger item is laid out but not kept. */
  maxBytes?: number;
  /** Diff work done before an item is ready (default `diffBudget`); the rest follows in `rest`. */
  diffBudget?: number;
}

interface Slot {
  prepared: Promise<PreparedItem>;
  bytes: number;
}

/**
 * Read, aligned and diffed items of one review editor, by position, and the neighbours of the
 * shown item prepared after it is shown (next first, then previous), so `j` / `k` find their
 * item ready. Labels are not part of it: they are read fresh for every show. A reloaded file
 * (a new `generation`) starts afresh. The review editor's session holds one; the bench measures it.
 */
export class PreparedItems {
  private readonly _slots = new Map<number, Slot>();
  private _generation: number;
  private _bytes = 0;
  private _prefetch: ReturnType<typeof setTimeout> | undefined;
  private _prefetchDone: (() => void) | undefined;

  constructor(
    private readonly _read: (index: number) => Promise<ItemResult>,
    private readonly _currentGeneration: () => number,
    private readonly _options: PreparedItemsOptions = {},
  ) {
    this._generation = _currentGeneration();
  }

  /** Item `index` laid out: kept from before, being prepared, or read now. */
  get(index: number): Promise<PreparedItem> {
    this._checkGeneration();
    const slot = this._slots.get(index);
    if (slot) {
      // Most recently used last.
      this._slots.delete(index);
      this._slots.set(index, slot);
      return slot.prepared;
    }
    const generation = this._generation;
    const entry: Slot = { prepared: Promise.resolve(undefined as unknown as PreparedItem), bytes: 0 };
    entry.prepared = this._read(index).then((result) => {
      const bytes = result.record?.bytes.length ?? 0;
      // The source bytes are for exports; a kept item must not hold its read buffer.
      delete result.record;
      const prepared = layOut(result, this._options.diffBudget ?? diffBudget);
      if (generation === this._generation && this._slots.get(index) === entry) {
        entry.bytes = bytes;
        this._bytes += bytes;
        this._trim();
      }
      return prepared;
    });
    entry.prepared.catch(() => {
      if (this._slots.get(index) === entry) this._drop(index);
    });
    this._slots.set(index, entry);
    return entry.prepared;
  }

  /**
   * After `index` is shown: prepares `index + 1`, then `index - 1`, each on a later turn of the
   * event loop, so the reply for `index` goes out first and a keypress meanwhile is answered
   * between the two. A newer call replaces an older one's pending work. Settles when this call's
   * work is done or replaced (tests and the bench wait on it; the editor does not).
   */
  prefetch(index: number, count: number): Promise<void> {
    this._cancelPrefetch();
    const next = [index + 1, index - 1].filter((i) => i >= 0 && i < count);
    return new Promise<void>((done) => {
      this._prefetchDone = done;
      const step = () => {
        const i = next.shift();
        if (i === undefined || this._prefetchDone !== done) return done();
        this._prefetch = setTimeout(() => {
          this._prefetch = undefined;
          void this.get(i).then(step, () => done());
        }, 0);
      };
      step();
    });
  }

  private _cancelPrefetch(): void {
    if (this._prefetch) clearTimeout(this._prefetch);
    this._prefetch = undefined;
    const done = this._prefetchDone;
    this._prefetchDone = undefined;
    done?.();
  }

  /** Forgets everything (the document went away). */
  clear(): void {
    this._cancelPrefetch();
    this._slots.clear();
    this._bytes = 0;
  }

  private _checkGeneration(): void {
    const g = this._currentGeneration();
    if (g === this._generation) return;
    this.clear();
    this._generation = g;
  }

  private _drop(index: number): void {
    const slot = this._slots.get(index);
    if (!slot) return;
    this._bytes -= slot.bytes;
    this._slots.delete(index);
  }

  private _trim(): void {
    const maxItems = this._options.maxItems ?? 8;
    const maxBytes = this._options.maxBytes ?? 64 << 20;
    for (const index of this._slots.keys()) {
      if (this._slots.size <= maxItems && this._bytes <= maxBytes) break;
      // The newest stays even alone over the budget: it is being shown.
      if (this._slots.size === 1) break;
      this._drop(index);
    }
  }
}

/**
 * Turn alignment and word diffs of an item result (none for a broken line or a single
 * transcript). With `budget`, diffs that need more work are computed on a later turn (`rest`).
 */
export function layOut(result: ItemResult, budget?: number): PreparedItem {
  const item = result.item;
  const alignment = item ? alignTurnsNoted(item.sides[0].messages, item.sides[1].messages) : undefined;
  const turns = alignment?.pairs ?? [];
  const prepared: PreparedItem = { result, turns, notes: alignment?.note ? [alignment.note] : [], diffs: [] };
  if (!item) return prepared;
  const first = rowDiffs(item, turns, budget);
  prepared.diffs = first.diffs;
  if (first.partial) {
    prepared.rest = new Promise<RowDiff[]>((resolve, reject) =>
      setTimeout(() => {
        try {
          prepared.diffs = rowDiffs(item, turns).diffs;
          delete prepared.rest;
          resolve(prepared.diffs);
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }, 0),
    );
    // Awaited by the view when shown; a prefetched item's failure is found when it is shown.
    prepared.rest.catch(() => undefined);
  }
  return prepared;
}

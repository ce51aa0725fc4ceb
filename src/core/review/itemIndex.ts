import { ReloadableSource } from '../input/reloadableSource';
import type { AbortFlag, ItemSource } from '../input/dataset';
import type { IndexProgress } from '../input/lineIndex';
import type { ReviewItem } from '../schema';
import { summarizeItem, type ItemSummary } from './itemSummary';
import { Listeners } from './listeners';
import { EarlyList } from './earlyList';

/** An item and its 1-based line (in the first run's file for two runs). */
export interface FoundItem {
  item: ReviewItem;
  line: number;
  /** Its position, when the one who read it said. */
  index?: number;
}

/** Indexing progress; `done` once the whole input is indexed. */
export type IndexEvent = IndexProgress & { done: boolean };

export interface ItemIndexOptions {
  /**
   * A faster way to summarize the source (desktop: worker threads and a cache), else one
   * sequential pass here once it is built. Called as soon as asked, with `built`, the index
   * still being built: it may start on the entries indexed so far.
   */
  summaries?: (source: ItemSource, signal: AbortFlag, built: Promise<void>) => Promise<ItemSummary[]>;
  /** Called per item of a long pass; a promise returned is awaited (lets the host breathe). */
  pace?: () => (() => Promise<void> | undefined);
}

/** Items shown recently and kept by id: most label drafts name one of them. */
const recentKept = 16;

/**
 * The items of one open input: indexed in the background, with its progress as an event (what
 * waiting for an item waits on), per-item summaries built once, and items found by id. The
 * source can be swapped for a re-indexed one (`swap`), and everything derived is read again.
 */
export class ItemIndex {
  readonly source: ReloadableSource;
  /** Resolves when the whole input is indexed. */
  readonly built: Promise<void>;
  private readonly _progress = new Listeners<IndexEvent>();
  private readonly _recent = new Map<string, FoundItem>();
  private _summaries: Promise<ItemSummary[]> | undefined;
  private _summariesReady = false;
  private _early: Promise<EarlyList | undefined> | undefined;
  private _earlyList: EarlyList | undefined;
  private _positions: { of: readonly ItemSummary[]; byId: Map<string, number> } | undefined;

  constructor(
    source: ItemSource,
    private readonly _abort: AbortFlag,
    private readonly _options: ItemIndexOptions = {},
  ) {
    this.source = new ReloadableSource(source);
    this.built = this.source
      .build((p) => this._progress.fire({ ...p, done: false }), _abort)
      .then(() => this._progress.fire({ bytesScanned: 1, totalBytes: 1, lines: this.source.count, done: true }));
  }

  get count(): number {
    return this.source.count;
  }

  get done(): boolean {
    return this.source.done;
  }

  /** Fires per indexed chunk and once when done; the returned function stops listening. */
  onProgress(listener: (e: IndexEvent) => void): () => void {
    return this._progress.add(listener);
  }

  /** Resolves once entry `i` exists (the scan has passed it), or false if the input has fewer, or the scan was stopped. */
  waitFor(i: number): Promise<boolean> {
    const ready = () => this.count > i || this.done || this._abort.aborted;
    if (ready()) return Promise.resolve(this.count > i);
    return new Promise((resolve) => {
      const finish = () => {
        stop();
        resolve(this.count > i);
      };
      const stop = this._progress.add(() => ready() && finish());
      // A scan that failed or was stopped says no more: what it indexed is all there is.
      this.built.then(finish, finish);
    });
  }

  /** Puts a freshly built source behind the index (the input changed on disk); derived data is read again. */
  swap(next: ItemSource): void {
    this.source.swap(next);
    this._summaries = undefined;
    this._summariesReady = false;
    this._early = undefined;
    this._earlyList = undefined;
    this._recent.clear();
    this._progress.fire({ bytesScanned: 1, totalBytes: 1, lines: this.count, done: true });
  }

  /** Remembers a shown item (at `index`), so drafts for it are checked without reading it again, and its early row is made from it. */
  remember(item: ReviewItem, line: number, index?: number): void {
    this._recent.delete(item.id);
    this._recent.set(item.id, index === undefined ? { item, line } : { item, line, index });
    if (this._recent.size > recentKept) this._recent.delete(this._recent.keys().next().value!);
    if (index !== undefined) this._earlyList?.read(index, item);
  }

  /**
   * The rows the item list shows before the summaries are made, when the input describes its
   * items without reading them (an Inspect `.eval`; see `EarlyList`); undefined for any other
   * input. Made once, after the (for a log: central directory and header only) build.
   */
  early(): Promise<EarlyList | undefined> {
    const source = this.source.current;
    // Any other input answers at once: its list must not wait for its build (its summaries overlap it).
    if (!source.early) return Promise.resolve(undefined);
    return (this._early ??= (async () => {
      await this.built.catch(() => undefined);
      const items = await source.early?.();
      if (!items) return undefined;
      const list = new EarlyList(items);
      for (const { item, index } of this._recent.values()) if (index !== undefined) list.read(index, item);
      return (this._earlyList = list);
    })());
  }

  /** The item with this id, read from the input when it was not shown recently. */
  async find(id: string): Promise<FoundItem | undefined> {
    const recent = this._recent.get(id);
    if (recent) return recent;
    const index = await this.indexOf(id);
    if (index === undefined) return undefined;
    const r = await this.source.item(index);
    return r.item?.id === id ? { item: r.item, line: r.line } : undefined;
  }

  /** Position of the first item with this id. */
  async indexOf(id: string): Promise<number | undefined> {
    const summaries = await this.summaries();
    // Built once per set of summaries: Problems re-checks every labeled item after a reload.
    if (this._positions?.of !== summaries) {
      const byId = new Map<string, number>();
      for (const s of summaries) if (!byId.has(s.id)) byId.set(s.id, s.index);
      this._positions = { of: summaries, byId };
    }
    return this._positions.byId.get(id);
  }

  /** The first item from position `from` on (wrapping) whose summary `match`es. */
  async findFrom(from: number, match: (s: ItemSummary) => boolean): Promise<number | undefined> {
    const all = await this.summaries();
    const start = Math.max(0, all.findIndex((s) => s.index >= from));
    for (let k = 0; k < all.length; k++) {
      const s = all[(start + k) % all.length]!;
      if (match(s)) return s.index;
    }
    return undefined;
  }

  /** The summaries are built: asking for them answers at once. */
  get summariesReady(): boolean {
    return this._summariesReady;
  }

  /** Per-item summaries (id, domain, models, …), built once per input after indexing. */
  summaries(): Promise<ItemSummary[]> {
    return (this._summaries ??= (async () => {
      const source = this.source.current;
      let out: ItemSummary[] = [];
      if (this._options.summaries) out = await this._options.summaries(source, this._abort, this.built);
      else {
        await this.built;
        const pace = this._options.pace?.();
        for await (const r of source.items()) {
          if (r.item) out.push(summarizeItem(r.index, r.item));
          const breath = pace?.();
          if (breath) await breath;
        }
      }
      this._summariesReady = true;
      // The early rows are replaced by these: what they hold (an `.eval`'s summaries entry) can go.
      this._early = undefined;
      this._earlyList = undefined;
      return out;
    })());
  }
}

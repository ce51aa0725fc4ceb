import { assign, type Assignment } from '../campaign/assignment';
import type { Campaign } from '../campaign/campaign';
import type { SelectionFile } from '../campaign/selection';
import { drawnIds } from '../campaign/activeSelection';
import { labelStatus, matches, type ItemFilter, type ItemSummary, type LabelStatus } from './itemSummary';
import { itemDisagreements } from './disagreement';
import type { ItemIndex } from './itemIndex';
import type { LabelBook } from './labelBook';

/** A campaign's assignment over its items (file order, or the order drawn under active selection), and what it gives me. */
export interface CampaignQueue {
  assignment: Assignment;
  /** The campaign's items in the assignment's order: every item, or under `"select": "active"` the drawn ones. */
  ids: readonly string[];
  /** Ids assigned to me (empty when I am not one of its annotators), in the assignment's order. */
  mine: ReadonlySet<string>;
  annotatorsOf(id: string): readonly string[];
}

/** An item that passes the filter, with my label status. */
export interface Matched {
  summary: ItemSummary;
  status: LabelStatus;
}

/** "12 / 24": items labeled of the total; `mine` when it counts my campaign queue, not the input. */
export interface Progress {
  labeled: number;
  total: number;
  mine: boolean;
}

/** Where `n` goes: an item, or why there is none (every item of the filter, of my queue, or of the input is labeled). */
export type NextUnlabeled = { index: number } | { none: 'filter' | 'queue' | 'all' };

/** An item annotators disagree on, for Adjudicate: one line per disagreement. */
export interface AdjudicationRow {
  index: number;
  id: string;
  disagreements: string[];
}

/**
 * What the annotator walks: the campaign's queue (my assigned items), the item filter of this
 * input (`j`/`k`/`n` walk only what it lets through), progress, the next unlabeled item, and the
 * items for Adjudicate. The filter and Adjudicate share one meaning of "annotators disagree".
 */
export class ReviewQueue {
  private _campaign: Promise<CampaignQueue | undefined> | undefined;
  private _mine: ReadonlySet<string> | undefined;
  private _filter: ItemFilter = {};
  /** Positions of the items containing the text filter's text. */
  private _textHits: ReadonlySet<number> | undefined;

  /**
   * `selection` reads the labels folder's selection file (`next` writes it): under
   * `"select": "active"` the queues hold the items it drew, in the order drawn, as `queue` does.
   */
  constructor(
    private readonly _index: ItemIndex,
    private readonly _book: LabelBook,
    readonly campaign: Campaign | undefined,
    private readonly _selection: () => Promise<SelectionFile | undefined> = () => Promise.resolve(undefined),
  ) {}

  /** The campaign's assignment (undefined without a campaign), once the items (and the selection file) are known. */
  assignment(): Promise<CampaignQueue | undefined> {
    const campaign = this.campaign;
    if (!campaign) return Promise.resolve(undefined);
    return (this._campaign ??= this._index.summaries().then(async (all) => {
      const every = all.map((s) => s.id);
      const ids = campaign.select === 'active' ? drawnIds(every, await this._selection()) : every;
      const assignment = assign(campaign, ids);
      // By id, once: per item shown (and per item in Adjudicate) a lookup, not a scan of every id.
      const position = new Map<string, number>();
      ids.forEach((id, i) => position.has(id) || position.set(id, i));
      const mine = new Set(assignment.queue(this._book.annotator).map((i) => ids[i]!));
      this._mine = mine;
      return { assignment, ids, mine, annotatorsOf: (id: string) => assignment.annotatorsOf(position.get(id) ?? -1) };
    }));
  }

  /**
   * The first item to show when the input opens: the first of my queue I have not labeled, else
   * the first of my queue; undefined without a queue (every item is mine: start at the top).
   */
  async firstOfMine(): Promise<number | undefined> {
    const campaign = await this.assignment();
    const queue = campaign ? campaign.assignment.queue(this._book.annotator).map((i) => campaign.ids[i]!) : [];
    if (queue.length === 0) return undefined;
    const id = queue.find((q) => !this._book.mine.isLabeled(q)) ?? queue[0]!;
    return (await this._index.summaries()).find((s) => s.id === id)?.index;
  }

  /** The input or the selection file changed on disk: the assignment is made again over its items. */
  reset(): void {
    this._campaign = undefined;
    this._mine = undefined;
  }

  /** My queue when a campaign assigns me items, else undefined (every item is mine to label). */
  private _myQueue(): ReadonlySet<string> | undefined {
    return this._mine && this._mine.size > 0 ? this._mine : undefined;
  }

  /**
   * "Labeled 12 / 24 of mine", or of the input: the one place progress is derived (the editor's
   * toolbar and the status bar both show this). Counts my queue once the assignment is known.
   */
  progress(): Progress {
    const queue = this._myQueue();
    if (!queue) return { labeled: this._book.mine.labeledCount(), total: this._index.count, mine: false };
    let labeled = 0;
    for (const id of queue) if (this._book.mine.isLabeled(id)) labeled++;
    return { labeled, total: queue.size, mine: true };
  }

  get filter(): ItemFilter {
    return this._filter;
  }

  /** A filter is set: `j`/`k`/`n` walk only its items. */
  get filtered(): boolean {
    return Object.values(this._filter).some((v) => v !== undefined && v !== false);
  }

  /** Sets the filter; `textHits` are the items containing `filter.text` (see `itemsContaining`). */
  setFilter(filter: ItemFilter, textHits?: ReadonlySet<number>): void {
    this._filter = filter;
    this._textHits = filter.text ? textHits : undefined;
  }

  /** The disagreements on an item among the annotators whose labels count there (see `itemDisagreements`). */
  async disagreementsOn(id: string, side?: (name: string) => string): Promise<string[]> {
    const campaign = await this.assignment();
    return itemDisagreements(this._book.byAnnotator(id), campaign?.annotatorsOf(id), side);
  }

  /** The items that pass the filter, in file order, with my label status. */
  async matching(): Promise<Matched[]> {
    const filter = this._filter;
    const all = await this._index.summaries();
    const campaign = filter.assignedToMe || filter.annotatorsDisagree ? await this.assignment() : undefined;
    const out: Matched[] = [];
    for (const s of all) {
      const labels = this._book.forItem(s.id);
      if (!matches(s, labels, filter)) continue;
      if (this._textHits && !this._textHits.has(s.index)) continue;
      if (filter.annotatorsDisagree && itemDisagreements(this._book.byAnnotator(s.id), campaign?.annotatorsOf(s.id)).length === 0) continue;
      if (filter.assignedToMe && campaign && !campaign.mine.has(s.id)) continue;
      out.push({ summary: s, status: labelStatus(labels) });
    }
    return out;
  }

  /** The positions `j`/`k`/`n` may visit, or undefined when no filter is set (every item). */
  async indices(): Promise<number[] | undefined> {
    if (!this.filtered) return undefined;
    return (await this.matching()).map((m) => m.summary.index);
  }

  /**
   * Where the editor goes when a filter is set while it shows item `current`: the first item of
   * the filter when `current` is outside it; undefined when it is inside, or no filter is set, or
   * the filter lets nothing through (the editor stays, and the list says so).
   */
  async entryInto(current: number): Promise<number | undefined> {
    const indices = await this.indices();
    if (!indices || indices.length === 0 || indices.includes(current)) return undefined;
    return indices[0];
  }

  /** `n`: the next item after `from` (wrapping) that I have not labeled: of the filter when one is set, of my queue in a campaign. */
  async nextUnlabeled(from: number): Promise<NextUnlabeled> {
    await this.assignment();
    const queue = this._myQueue();
    const filtered = await this.indices();
    const allowed = filtered && new Set(filtered);
    const index = await this._index.findFrom(from + 1, (s) => (!queue || queue.has(s.id)) && (!allowed || allowed.has(s.index)) && !this._book.mine.isLabeled(s.id));
    if (index !== undefined) return { index };
    return { none: allowed ? 'filter' : queue ? 'queue' : 'all' };
  }

  /** Adjudicate: every item the annotators disagree on, with the disagreements (sides named by `side`). */
  async adjudicationRows(side: (summary: ItemSummary, name: string) => string = (_, n) => n): Promise<AdjudicationRow[]> {
    const campaign = await this.assignment();
    const rows: AdjudicationRow[] = [];
    for (const s of await this._index.summaries()) {
      const found = itemDisagreements(this._book.byAnnotator(s.id), campaign?.annotatorsOf(s.id), (name) => side(s, name));
      if (found.length > 0) rows.push({ index: s.index, id: s.id, disagreements: found });
    }
    return rows;
  }
}

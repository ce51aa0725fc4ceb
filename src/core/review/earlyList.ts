import type { EarlyItems } from '../input/dataset';
import type { ReviewItem } from '../schema';
import { summarizeItem, type ItemSummary } from './itemSummary';

/**
 * The item list's rows before any item is read, for a container that describes its items (an
 * Inspect `.eval`: central directory, header, `summaries.json`). Each row is made by the same
 * `summarizeItem` from the described item, so the fields in `exact` (the id and side names, and
 * the model and benchmark when the log has a header) equal the read item's by construction. The
 * others (domain, split, traits, preview) are Inspect's description, which is thinned and may be
 * stale or forged: a row shows them as unchecked until its item is read, and the item then wins
 * (`read`). The list of every item read (`ItemIndex.summaries`) replaces these rows once it is
 * made; a sample that cannot be read is in that list no more.
 */
export class EarlyList {
  readonly rows: ItemSummary[];
  /** The fields every row already has as its read item will. */
  readonly exact: ReadonlySet<keyof ItemSummary>;
  /** Per row: 1 once its item was read and its row made from it. */
  private readonly _read: Uint8Array;
  private _byId: Map<string, number> | undefined;

  constructor(items: EarlyItems) {
    const rows = new Array<ItemSummary>(items.count);
    for (let i = 0; i < items.count; i++) rows[i] = summarizeItem(i, items.item(i));
    this.rows = rows;
    this._read = new Uint8Array(items.count);
    const exact: (keyof ItemSummary)[] = ['index', 'id', 'sides', 'rmPreferred'];
    if (items.exact.model) exact.push('models');
    if (items.exact.task) exact.push('benchmark');
    this.exact = new Set(exact);
  }

  /** Row `i` is made from its read item, not from the description. */
  isRead(i: number): boolean {
    return this._read[i] === 1;
  }

  /** An item was read (shown): its row is made from it, whatever the description said. */
  read(item: ReviewItem): void {
    if (!this._byId) {
      this._byId = new Map();
      for (const r of this.rows) if (!this._byId.has(r.id)) this._byId.set(r.id, r.index);
    }
    const i = this._byId.get(item.id);
    if (i === undefined) return;
    this.rows[i] = summarizeItem(i, item);
    this._read[i] = 1;
  }
}

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
  /** The fields every row already has as its read item will. */
  readonly exact: ReadonlySet<keyof ItemSummary>;
  /** Rows made so far: a row is made when it is asked for (a page of the list), so 120k rows cost nothing until shown. */
  private readonly _rows: (ItemSummary | undefined)[];
  /** Per row: 1 once its item was read and its row made from it. */
  private readonly _read: Uint8Array;

  constructor(private readonly _items: EarlyItems) {
    this._rows = new Array<ItemSummary | undefined>(_items.count);
    this._read = new Uint8Array(_items.count);
    const exact: (keyof ItemSummary)[] = ['index', 'id', 'sides', 'rmPreferred'];
    if (_items.exact.model) exact.push('models');
    if (_items.exact.task) exact.push('benchmark');
    this.exact = new Set(exact);
  }

  get count(): number {
    return this._rows.length;
  }

  /** Row `i`: made from the read item once it was read, else from the description. */
  row(i: number): ItemSummary {
    if (!(i >= 0 && i < this._rows.length)) throw new RangeError(`no row ${i} (have ${this._rows.length})`);
    return (this._rows[i] ??= summarizeItem(i, this._items.item(i)));
  }

  /** Rows `from` to `to` (exclusive, within the count). */
  rows(from = 0, to = this.count): ItemSummary[] {
    const out: ItemSummary[] = [];
    for (let i = from; i < Math.min(to, this.count); i++) out.push(this.row(i));
    return out;
  }

  /** Row `i` is made from its read item, not from the description. */
  isRead(i: number): boolean {
    return this._read[i] === 1;
  }

  /**
   * Row `i` shows something only the description says (a preview, domain, split or traits, or the
   * model or benchmark where the header did not give them): what the list marks as unchecked. A
   * read row, or one of its key alone (no summary), has nothing to mark.
   */
  describes(i: number): boolean {
    if (this.isRead(i)) return false;
    const r = this.row(i);
    const models = !this.exact.has('models') && r.models.some(Boolean);
    const benchmark = !this.exact.has('benchmark') && !!r.benchmark;
    return !!(r.preview || r.domain || r.split || r.traits.length || models || benchmark);
  }

  /** Item `i` was read (shown): its row is made from it, whatever the description said. */
  read(i: number, item: ReviewItem): void {
    if (!(i >= 0 && i < this._rows.length)) return;
    this._rows[i] = summarizeItem(i, item);
    this._read[i] = 1;
  }
}

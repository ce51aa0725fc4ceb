import { judgementKey, preferenceOf } from '../labels/humanLabels';
import type { AddEvent } from '../labels/labelEvent';

/** Agreement with the known answers: overall preference, and verdicts per trait. */
export interface GoldAgreement {
  /** Gold items with an overall preference that the annotator also gave one on. */
  items: number;
  agree: number;
  /** `agree / items`; null when there is nothing to compare. */
  accuracy: number | null;
  /** Verdicts compared per trait (a gold verdict and the annotator's on the same side). */
  verdicts: Record<string, { items: number; agree: number; accuracy: number | null }>;
}

const ratio = (agree: number, items: number) => (items > 0 ? agree / items : null);

/** Accumulates one annotator's agreement with gold, item by item. */
export class GoldScore {
  private _items = 0;
  private _agree = 0;
  private readonly _verdicts = new Map<string, { items: number; agree: number }>();

  add(gold: readonly AddEvent[], mine: readonly AddEvent[]): void {
    const expected = preferenceOf(gold);
    const given = preferenceOf(mine);
    if (expected !== undefined && given !== undefined) {
      this._items++;
      if (expected === given) this._agree++;
    }
    const myVerdicts = new Map(mine.flatMap((e) => (e.kind === 'verdict' ? [[judgementKey(e.side, e.trait), e.value] as const] : [])));
    for (const g of gold) {
      if (g.kind !== 'verdict') continue;
      const v = myVerdicts.get(judgementKey(g.side, g.trait));
      if (v === undefined) continue;
      let t = this._verdicts.get(g.trait);
      if (!t) this._verdicts.set(g.trait, (t = { items: 0, agree: 0 }));
      t.items++;
      if (v === g.value) t.agree++;
    }
  }

  result(): GoldAgreement {
    const verdicts: GoldAgreement['verdicts'] = Object.create(null);
    for (const [trait, t] of [...this._verdicts].sort(([a], [b]) => (a < b ? -1 : 1))) verdicts[trait] = { ...t, accuracy: ratio(t.agree, t.items) };
    return { items: this._items, agree: this._agree, accuracy: ratio(this._agree, this._items), verdicts };
  }
}

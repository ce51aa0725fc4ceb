import { isLabeled } from '../labels/isLabeled';
import { GoldScore, type GoldAgreement } from './gold';
import type { Assignment } from './assignment';
import type { AddEvent } from '../labels/labelEvent';

export interface AnnotatorProgress {
  name: string;
  assigned: number;
  /** Assigned items they have labeled (an overall preference, or a verdict on both sides). */
  labeled: number;
  remaining: number;
  gold: GoldAgreement;
  /** Median over the items they labeled of how long the item had been in view at their last label. */
  medianSecondsPerItem: number | null;
}

export interface CampaignProgress {
  items: number;
  /** Items every assigned annotator has labeled. */
  complete: number;
  annotators: AnnotatorProgress[];
}

/** How long an item had been in view when these labels were last changed, in ms (`viewMs`). */
export function dwellMs(labels: readonly AddEvent[]): number | undefined {
  let max: number | undefined;
  for (const e of labels) if (e.viewMs !== undefined && (max === undefined || e.viewMs > max)) max = e.viewMs;
  return max;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Campaign progress from the assignment and the label logs: per annotator assigned / labeled /
 * remaining, agreement with gold on every item they labeled that gold covers (assigned or not),
 * median time per item. `labelsOf` gives an annotator's current labels on an item; `gold` the
 * expected labels (empty when the item has none).
 */
export function campaignProgress(
  assignment: Assignment,
  itemIds: readonly string[],
  labelsOf: (annotator: string, item: string) => readonly AddEvent[],
  gold: (item: string) => readonly AddEvent[] = () => [],
): CampaignProgress {
  let complete = 0;
  const names = [...assignment.counts().keys()];
  const labeled = new Map(names.map((n) => [n, 0]));
  const scores = new Map(names.map((n) => [n, new GoldScore()]));
  const dwell = new Map<string, number[]>(names.map((n) => [n, []]));
  itemIds.forEach((id, index) => {
    const assigned = assignment.annotatorsOf(index);
    let all = assigned.length > 0;
    const expected = gold(id);
    for (const name of names) {
      const mine = labelsOf(name, id);
      const done = isLabeled(mine);
      if (expected.length > 0 && mine.length > 0) scores.get(name)!.add(expected, mine);
      if (done) {
        const ms = dwellMs(mine);
        if (ms !== undefined) dwell.get(name)!.push(ms);
      }
      if (!assigned.includes(name)) continue;
      if (done) labeled.set(name, labeled.get(name)! + 1);
      else all = false;
    }
    if (all) complete++;
  });
  return {
    items: itemIds.length,
    complete,
    annotators: names.map((name) => {
      const assigned = assignment.counts().get(name)!;
      const med = median(dwell.get(name)!);
      return {
        name,
        assigned,
        labeled: labeled.get(name)!,
        remaining: assigned - labeled.get(name)!,
        gold: scores.get(name)!.result(),
        medianSecondsPerItem: med === null ? null : Math.round(med / 100) / 10,
      };
    }),
  };
}

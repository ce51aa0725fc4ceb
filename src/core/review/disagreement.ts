import { disagreements } from '../campaign/adjudication';
import type { AnnotatorItemLabels } from '../labels/humanLabels';

/**
 * The one meaning of "annotators disagree", for the item filter and for Adjudicate alike: among
 * the annotators whose labels count on the item (in a campaign, the ones it is assigned to;
 * else everyone), overall preferences differ, a verdict differs (`unsure` aside), or spans of
 * different traits overlap (`disagreements`). One line per disagreement; none when they agree.
 */
export function itemDisagreements(labels: readonly AnnotatorItemLabels[], assigned: readonly string[] | undefined, side: (name: string) => string = (s) => s): string[] {
  const counted = assigned ? labels.filter((a) => assigned.includes(a.annotator)) : labels;
  return disagreements(counted, side);
}

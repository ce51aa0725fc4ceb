import type { AnnotatorItemLabels } from './humanLabels';

/**
 * The labels that decide an item: an adjudicator's, when one labeled it (their word is final),
 * else everyone else's, for the usual majority rule. Adjudicators' labels never count as votes.
 */
export function decisive(labels: readonly AnnotatorItemLabels[], adjudicators: ReadonlySet<string>): AnnotatorItemLabels[] {
  if (adjudicators.size === 0) return [...labels];
  const final = labels.filter((a) => adjudicators.has(a.annotator) && a.labels.length > 0);
  return final.length > 0 ? final : labels.filter((a) => !adjudicators.has(a.annotator));
}

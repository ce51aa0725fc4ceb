import type { ItemGroups } from './breakdowns';
import type { ReviewItem } from '../schema';

/**
 * Every item of the input as the prediction-powered estimates see it, labeled or not: its groups
 * and its reward-model / grader scores, nothing of the text. The report keeps one per item.
 */
export interface PopulationItem extends ItemGroups {
  item: string;
  /** Scores per side, in side order. */
  scores: [Record<string, number> | undefined, Record<string, number> | undefined];
}

export function populationItem(item: ReviewItem): PopulationItem {
  const m = item.metadata;
  return {
    item: item.id,
    ...(m.benchmark !== undefined && { benchmark: m.benchmark }),
    ...(m.domain !== undefined && { domain: m.domain }),
    ...(m.split !== undefined && { split: m.split }),
    persona: typeof m.persona === 'string' && m.persona.trim() !== '',
    scores: [item.sides[0].scores, item.sides[1].scores],
  };
}

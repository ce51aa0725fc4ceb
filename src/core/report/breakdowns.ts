/** An item's groups, as both the labeled observations and the whole population carry them. */
export interface ItemGroups {
  benchmark?: string;
  domain?: string;
  split?: string;
  persona: boolean;
}

/**
 * The breakdowns every win rate of the report is given by, one place for the human-only and the
 * prediction-powered sections: each names an item's group (undefined when the item has none).
 */
export const breakdowns = {
  byBenchmark: (g: ItemGroups) => g.benchmark,
  byDomain: (g: ItemGroups) => g.domain,
  bySplit: (g: ItemGroups) => g.split,
  byPersona: (g: ItemGroups) => (g.persona ? 'with persona' : 'without persona'),
} as const;

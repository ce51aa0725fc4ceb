import { z } from 'zod';

/** The selection file's name in the labels folder (not `.jsonl`, so it is never read as a label log). */
export const selectionFileName = 'selection.json';

/**
 * The active design, committed beside the label logs: every item's weight (the predictor's
 * uncertainty when the design was made, frozen so later labels do not move it), the budget so far,
 * and the items in the sample with their inclusion probability at that budget. A report reads the drawn
 * items' probabilities to weight their labels (`activePpiMean`), so any later report is unbiased.
 */
export const selectionFileSchema = z.object({
  version: z.literal(1),
  /** Seeds the permanent random numbers of the draws (`isDrawn`). */
  seed: z.number().int(),
  /** The score the weights came from. */
  predictor: z.string(),
  /** Share of the budget spread uniformly (`inclusionProbabilities`). */
  floor: z.number().min(0).max(1),
  /** Expected number of items drawn so far. */
  budget: z.number().nonnegative(),
  weights: z.record(z.string(), z.number().nonnegative()),
  /**
   * Items already labeled when the design was made: in the sample with certainty (probability 1),
   * so their labels still count and stand only for themselves, whatever chose them.
   */
  certain: z.array(z.string()).default([]),
  items: z.array(z.object({ item: z.string(), probability: z.number().gt(0).max(1) })),
});

export type SelectionFile = z.infer<typeof selectionFileSchema>;

/** A selection file's text, parsed; `where` (its path) starts the message of one that does not parse. */
export function parseSelectionFile(text: string, where: string): SelectionFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${where}: not valid JSON`);
  }
  const parsed = selectionFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${where}: not a selection file (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

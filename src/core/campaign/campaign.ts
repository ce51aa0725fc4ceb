import { z } from 'zod';

/**
 * A labeling campaign, in the review manifest: who labels, how many annotators see each item,
 * who settles disagreements, the known answers, the guidelines. Plain data, committed with the
 * manifest; everything else (assignment, progress) is derived from it and the label logs.
 */
export const campaignSchema = z
  .object({
    annotators: z.array(z.string().min(1)).min(1).max(1000),
    /** How many annotators label each item (overlap, so agreement can be measured). */
    perItem: z.number().int().min(1),
    /**
     * The share of items labeled by `perItem` annotators; the others get one. Which items is a
     * seeded hash of the item id, so it holds when items are appended. Absent: every item.
     */
    overlap: z.number().min(0).max(1).optional(),
    /** Fixes the assignment: the same seed gives the same queues. 32 bits: the tie-break hash takes no more, so a wider seed would repeat queues. */
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    /** Annotators whose labels settle disagreements: their log wins over the majority. */
    adjudicators: z.array(z.string().min(1)).default([]),
    /** A label log (path relative to the manifest) with the expected labels of some items. */
    gold: z.string().min(1).optional(),
    /** A Markdown file (relative to the manifest) opened beside the editor from the toolbar. */
    guidelines: z.string().min(1).optional(),
    /** `active`: items are drawn by `next` in proportion to the predictor's uncertainty (see selection.ts); default file order. */
    select: z.enum(['order', 'active']).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.perItem > c.annotators.length) ctx.addIssue({ code: 'custom', path: ['perItem'], message: `is ${c.perItem}, but there are only ${c.annotators.length} annotators` });
    if (c.overlap !== undefined && c.perItem < 2) ctx.addIssue({ code: 'custom', path: ['overlap'], message: `needs perItem of 2 or more (the annotators of an overlapping item); perItem is ${c.perItem}` });
    if (new Set(c.annotators).size !== c.annotators.length) ctx.addIssue({ code: 'custom', path: ['annotators'], message: 'names an annotator twice' });
    // An adjudicator's labels overrule the majority: one who is also an annotator would silently overrule their co-annotators.
    const annotators = new Set(c.annotators);
    c.adjudicators.forEach((a, i) => {
      if (annotators.has(a)) ctx.addIssue({ code: 'custom', path: ['adjudicators', i], message: `"${a}" is also an annotator; an adjudicator settles disagreements between others and cannot be one of them` });
    });
  });

/**
 * Names that differ only in case (or Unicode form): `ana`, `Ana`, `ANA`. Their logs are one file
 * where the file system ignores case (macOS, Windows). Pairs of the first spelling and another.
 */
export function caseCollisions(names: readonly string[]): [string, string][] {
  const first = new Map<string, string>();
  const out: [string, string][] = [];
  for (const name of names) {
    const key = name.normalize('NFC').toLowerCase();
    const seen = first.get(key);
    if (seen === undefined) first.set(key, name);
    else if (seen !== name) out.push([seen, name]);
  }
  return out;
}

export type Campaign = z.infer<typeof campaignSchema>;

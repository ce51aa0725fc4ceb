import { z } from 'zod';
import { spanFieldSchema } from '../labels/labelEvent';
import { messageSchema, type ReviewItem } from '../schema';
import { judgementKey, judgements, majority, spansOf, splitJudgementKey, type AnnotatorItemLabels, type Judgement } from '../labels/humanLabels';
import { jsonLine, type ExportOptions, type ItemExporter } from './exportFormat';

/** A per-trait classification row, for training trait classifiers and graders. */
export const traitRowSchema = z.object({
  item: z.string(),
  prompt: z.array(messageSchema),
  response: z.array(messageSchema),
  side: z.string(),
  trait: z.string(),
  label: z.enum(['violation', 'ok']),
  /** The violation spans of this trait on this side, from every annotator. */
  spans: z.array(
    z.object({
      annotator: z.string(),
      message: z.number().int(),
      field: spanFieldSchema,
      /** The tool call whose arguments the offsets count in, or that a tool result answers. */
      toolCallId: z.string().optional(),
      start: z.number().int(),
      end: z.number().int(),
      quote: z.string(),
      severity: z.string().optional(),
    }),
  ),
});

export type TraitRow = z.infer<typeof traitRowSchema>;

/**
 * The rows of one item: one per (side, trait) whose annotators' human labels have a majority
 * (the rule of `majority`); an even split gives no row rather than a coin flip.
 */
export function traitRows(item: ReviewItem, labels: readonly AnnotatorItemLabels[]): TraitRow[] {
  const votes = new Map<string, Judgement[]>();
  for (const a of labels) {
    for (const [key, j] of judgements(a.labels)) votes.set(key, [...(votes.get(key) ?? []), j]);
  }
  const rows: TraitRow[] = [];
  for (const side of item.sides) {
    for (const [key, vs] of votes) {
      const { side: sideName, trait } = splitJudgementKey(key);
      if (sideName !== side.name) continue;
      const m = majority(vs);
      if (m.kind !== 'winner') continue;
      const spans: TraitRow['spans'] = [];
      for (const a of labels) {
        for (const s of spansOf(a.labels)) {
          if (judgementKey(s.side, s.trait) !== key) continue;
          spans.push({ annotator: a.annotator, message: s.message, field: s.field, ...(s.toolCallId !== undefined && { toolCallId: s.toolCallId }), start: s.start, end: s.end, quote: s.quote, ...(s.severity !== undefined && { severity: s.severity }) });
        }
      }
      rows.push({ item: item.id, prompt: item.prompt, response: side.messages, side: side.name, trait, label: m.value, spans });
    }
  }
  return rows;
}

/** `traits`: per-trait classification rows (of one trait with `trait`). */
export function traitsExporter(options: ExportOptions = {}): ItemExporter {
  return {
    begin: () => '',
    item: (item, labels) =>
      traitRows(item, labels)
        .filter((r) => options.trait === undefined || r.trait === options.trait)
        .map(jsonLine)
        .join(''),
    summary: () => undefined,
  };
}

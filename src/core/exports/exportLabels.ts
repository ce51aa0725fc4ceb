import { z } from 'zod';
import { labelPlaceSchema, spanFieldSchema } from '../labels/labelEvent';
import { sharedName } from '../labels/steps';
import type { AddEvent } from '../labels/labelEvent';
import type { AnnotatorItemLabels } from '../labels/humanLabels';
import { jsonLine, type ItemExporter } from './exportFormat';

/** One annotator's folded labels on one item: the current state of the log, grouped by kind. */
/** A span as the exports carry it. */
export const spanRowSchema = z.object({
  id: z.string(),
  /** The side's name; `shared` for a span in the shared prompt (`in: 'prompt'`). */
  side: z.string(),
  /** `prompt`: `message` is an index into the item's prompt (a step both runs share). */
  in: labelPlaceSchema.optional(),
  message: z.number().int(),
  field: spanFieldSchema,
  /** The tool call whose arguments the offsets count in, or that a tool result answers. */
  toolCallId: z.string().optional(),
  start: z.number().int(),
  end: z.number().int(),
  quote: z.string(),
  trait: z.string(),
  severity: z.string().optional(),
  note: z.string().optional(),
});

export const foldedLabelsSchema = z.object({
  item: z.string(),
  annotator: z.string(),
  /** Overall preference: a side name, `tie` or `both_bad`. */
  preference: z.string().optional(),
  /** Per-trait preferences, trait → side name, `tie` or `both_bad`. */
  trait_preferences: z.record(z.string(), z.string()).optional(),
  verdicts: z.array(z.object({ side: z.string(), trait: z.string(), value: z.enum(['ok', 'violation', 'unsure']) })),
  spans: z.array(
    spanRowSchema,
  ),
  rubric: z.array(z.object({ side: z.string(), criterion: z.string(), value: z.enum(['met', 'unmet']) })),
  flags: z.array(z.object({ side: z.string().optional(), flag: z.string() })),
  note: z.string().optional(),
  /** Verdicts and flags on one step (a message, or a tool call by id); present only when there are any. */
  steps: z
    .array(
      z.object({
        side: z.string(),
        in: labelPlaceSchema.optional(),
        message: z.number().int(),
        call: z.string().optional(),
        trait: z.string().optional(),
        value: z.enum(['ok', 'violation', 'unsure']).optional(),
        flag: z.string().optional(),
      }),
    )
    .optional(),
});

export type FoldedLabels = z.infer<typeof foldedLabelsSchema>;

/** Groups one annotator's current labels on an item. Arrays are in log order. */
export function foldLabels(item: string, annotator: string, labels: readonly AddEvent[]): FoldedLabels {
  return { item, ...foldAnnotatorLabels(annotator, labels) };
}

/** `foldLabels` without the item id, for records that sit inside the item (`merged`). */
export function foldAnnotatorLabels(annotator: string, labels: readonly AddEvent[]): Omit<FoldedLabels, 'item'> {
  const out: Omit<FoldedLabels, 'item' | 'annotator'> = { verdicts: [], spans: [], rubric: [], flags: [] };
  const steps: NonNullable<FoldedLabels['steps']> = [];
  let preference: string | undefined;
  // Trait names come from the data: a `__proto__` or `constructor` trait is a key like any other.
  const traitPreferences = Object.create(null) as Record<string, string>;
  for (const e of labels) {
    switch (e.kind) {
      case 'preference':
        if (e.trait === undefined) preference = e.value;
        else traitPreferences[e.trait] = e.value;
        break;
      case 'verdict':
        out.verdicts.push({ side: e.side, trait: e.trait, value: e.value });
        break;
      case 'span':
        out.spans.push({
          id: e.id,
          ...place(e),
          message: e.message,
          field: e.field,
          ...(e.toolCallId !== undefined && { toolCallId: e.toolCallId }),
          start: e.start,
          end: e.end,
          quote: e.quote,
          trait: e.trait,
          ...(e.severity !== undefined && { severity: e.severity }),
          ...(e.note !== undefined && { note: e.note }),
        });
        break;
      case 'rubric':
        out.rubric.push({ side: e.side, criterion: e.criterion, value: e.value });
        break;
      case 'flag':
        out.flags.push({ ...(e.side !== undefined && { side: e.side }), flag: e.flag });
        break;
      case 'note':
        out.note = e.text;
        break;
      case 'step_verdict':
        steps.push({ ...place(e), message: e.message, ...(e.call !== undefined && { call: e.call }), trait: e.trait, value: e.value });
        break;
      case 'step_flag':
        steps.push({ ...place(e), message: e.message, ...(e.call !== undefined && { call: e.call }), flag: e.flag });
        break;
    }
  }
  // Fixed key order, preferences first: the lines read well and diff cleanly.
  return {
    annotator,
    ...(preference !== undefined && { preference }),
    ...(Object.keys(traitPreferences).length > 0 && { trait_preferences: traitPreferences }),
    ...out,
    ...(steps.length > 0 && { steps }),
  };
}

/** A label's side as the exports say it: its name, or `shared` with `in: 'prompt'` for a label in the shared prompt. */
function place(e: { side: string; in?: 'prompt' | undefined }): { side: string; in?: 'prompt' } {
  return e.in === 'prompt' ? { side: sharedName, in: 'prompt' } : { side: e.side };
}

/** `labels`: one JSON line per (item, annotator) that has any current label. */
export function labelsExporter(): ItemExporter {
  return {
    begin: () => '',
    item(item, labels: readonly AnnotatorItemLabels[]) {
      let out = '';
      for (const a of labels) if (a.labels.length > 0) out += jsonLine(foldLabels(item.id, a.annotator, a.labels));
      return out;
    },
    summary: () => undefined,
  };
}

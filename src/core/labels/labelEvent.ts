/** The label log's events (`add` of a span, verdict, preference, rubric, flag, note, step verdict or step flag; `remove`) as zod schemas: the on-disk format. */
import { z } from 'zod';

const base = {
  v: z.literal(1),
  id: z.string().min(1),
  at: z.string(),
  annotator: z.string().min(1),
};

const addBase = {
  ...base,
  op: z.literal('add'),
  item: z.string(),
  /** How long the item had been in view when this label was made, in ms (set by the editor; optional, newer logs only). */
  viewMs: z.number().int().nonnegative().optional(),
  /** Digest of the taxonomy and guidelines the label was made under (`guidelineDigest`; optional, newer logs only). */
  guidelines: z.string().optional(),
};

/**
 * The text of a message a span counts in: its content (a tool result's, for a tool message),
 * its reasoning, or the raw arguments string of one of its tool calls (`toolCallId` names it).
 */
export const spanFieldSchema = z.enum(['content', 'reasoning', 'arguments']);

/**
 * Where a span's or step label's `message` is: absent, in its side's messages; `prompt`, in the
 * item's prompt (a step both runs share, from the prompt's first model turn on). A label in the
 * prompt is on neither side: its `side` is the empty string, which no side is named, so a reader
 * that predates `in` never counts it on a side.
 */
export const labelPlaceSchema = z.literal('prompt');

/** A tagged stretch of one message's text. Offsets are UTF-16 code units into that text. */
export const spanLabelSchema = z.object({
  ...addBase,
  kind: z.literal('span'),
  side: z.string(),
  in: labelPlaceSchema.optional(),
  message: z.number().int().nonnegative(),
  field: spanFieldSchema.default('content'),
  /** The tool call: whose arguments (`field: 'arguments'`), or that a tool result answers (`content` of a tool message). */
  toolCallId: z.string().min(1).optional(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  quote: z.string(),
  trait: z.string(),
  severity: z.string().optional(),
  note: z.string().optional(),
});

export const verdictLabelSchema = z.object({
  ...addBase,
  kind: z.literal('verdict'),
  side: z.string(),
  trait: z.string(),
  value: z.enum(['ok', 'violation', 'unsure']),
});

export const preferenceValueSchema = z.enum(['baseline', 'trained', 'tie', 'both_bad']);

export const preferenceLabelSchema = z.object({
  ...addBase,
  kind: z.literal('preference'),
  /** A real side name, or `tie` / `both_bad`. Side names come from the data, so any string. */
  value: z.string(),
  trait: z.string().optional(),
});

export const rubricLabelSchema = z.object({
  ...addBase,
  kind: z.literal('rubric'),
  side: z.string(),
  criterion: z.string(),
  value: z.enum(['met', 'unmet']),
});

export const flagLabelSchema = z.object({
  ...addBase,
  kind: z.literal('flag'),
  side: z.string().optional(),
  flag: z.string(),
});

/**
 * The step a step label is on: one message of a side (`message`, its index in the side's
 * messages), or one tool call of that message (`call`, the call's id in its `tool_calls`); with
 * `in: 'prompt'`, a step of the shared prompt (`message` is its index in the item's prompt).
 */
const stepFields = {
  side: z.string(),
  in: labelPlaceSchema.optional(),
  message: z.number().int().nonnegative(),
  call: z.string().min(1).optional(),
};

/** A per-trait verdict on one step (a message or a tool call), beside the per-side `verdict`. */
export const stepVerdictLabelSchema = z.object({
  ...addBase,
  kind: z.literal('step_verdict'),
  ...stepFields,
  trait: z.string(),
  value: z.enum(['ok', 'violation', 'unsure']),
});

/** A flag on one step (a message or a tool call), beside the per-side `flag`. */
export const stepFlagLabelSchema = z.object({
  ...addBase,
  kind: z.literal('step_flag'),
  ...stepFields,
  flag: z.string(),
});

export const noteLabelSchema = z.object({
  ...addBase,
  kind: z.literal('note'),
  text: z.string(),
});

export const addEventSchema = z.discriminatedUnion('kind', [
  spanLabelSchema,
  verdictLabelSchema,
  preferenceLabelSchema,
  rubricLabelSchema,
  flagLabelSchema,
  noteLabelSchema,
  stepVerdictLabelSchema,
  stepFlagLabelSchema,
]);

export const removeEventSchema = z.object({
  ...base,
  op: z.literal('remove'),
  target: z.string(),
});

export const labelEventSchema = z.union([addEventSchema, removeEventSchema]);

export type SpanLabel = z.infer<typeof spanLabelSchema>;
export type VerdictLabel = z.infer<typeof verdictLabelSchema>;
export type PreferenceLabel = z.infer<typeof preferenceLabelSchema>;
export type RubricLabel = z.infer<typeof rubricLabelSchema>;
export type FlagLabel = z.infer<typeof flagLabelSchema>;
export type NoteLabel = z.infer<typeof noteLabelSchema>;
export type StepVerdictLabel = z.infer<typeof stepVerdictLabelSchema>;
export type StepFlagLabel = z.infer<typeof stepFlagLabelSchema>;
export type AddEvent = z.infer<typeof addEventSchema>;
export type RemoveEvent = z.infer<typeof removeEventSchema>;
export type LabelEvent = z.infer<typeof labelEventSchema>;

/** What a client asks to record: an add event without the fields the host fills in. */
export type AddDraft = DistributiveOmit<AddEvent, 'v' | 'op' | 'id' | 'at' | 'annotator'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export const addDraftSchema = z.discriminatedUnion('kind', [
  spanLabelSchema.omit({ v: true, op: true, id: true, at: true, annotator: true }),
  verdictLabelSchema.omit({ v: true, op: true, id: true, at: true, annotator: true }),
  preferenceLabelSchema.omit({ v: true, op: true, id: true, at: true, annotator: true }),
  rubricLabelSchema.omit({ v: true, op: true, id: true, at: true, annotator: true }),
  flagLabelSchema.omit({ v: true, op: true, id: true, at: true, annotator: true }),
  noteLabelSchema.omit({ v: true, op: true, id: true, at: true, annotator: true }),
  stepVerdictLabelSchema.omit({ v: true, op: true, id: true, at: true, annotator: true }),
  stepFlagLabelSchema.omit({ v: true, op: true, id: true, at: true, annotator: true }),
]);

/**
 * The slot a label occupies: a later add in the same slot supersedes an earlier one
 * ("later events win"). A span's slot is its exact range and trait, so editing its severity
 * or note is a new add that supersedes the old one, and undo brings the old one back.
 */
export function labelSlot(e: AddEvent): string {
  switch (e.kind) {
    case 'span':
      return `span\u0000${e.item}\u0000${placeKey(e)}\u0000${e.message}\u0000${e.field}\u0000${e.start}\u0000${e.end}\u0000${e.trait}${e.field === 'arguments' ? `\u0000${e.toolCallId ?? ''}` : ''}`;
    case 'verdict':
      return `verdict\u0000${e.item}\u0000${e.side}\u0000${e.trait}`;
    case 'preference':
      return `preference\u0000${e.item}\u0000${e.trait ?? ''}`;
    case 'rubric':
      return `rubric\u0000${e.item}\u0000${e.side}\u0000${e.criterion}`;
    case 'flag':
      return `flag\u0000${e.item}\u0000${e.side ?? ''}\u0000${e.flag}`;
    case 'note':
      return `note\u0000${e.item}`;
    case 'step_verdict':
      return `step_verdict\u0000${e.item}\u0000${placeKey(e)}\u0000${e.message}\u0000${e.call ?? ''}\u0000${e.trait}`;
    case 'step_flag':
      return `step_flag\u0000${e.item}\u0000${placeKey(e)}\u0000${e.message}\u0000${e.call ?? ''}\u0000${e.flag}`;
  }
}


/** Whether a span or step label is in the item's shared prompt (`in: 'prompt'`) rather than on a side. */
export function inPrompt(e: AddEvent | AddDraft): boolean {
  return (e.kind === 'span' || e.kind === 'step_verdict' || e.kind === 'step_flag') && e.in === 'prompt';
}

/** A label's place in a slot key: its side's name, marked when the label is in the prompt. */
function placeKey(e: { side: string; in?: 'prompt' | undefined }): string {
  return e.in === 'prompt' ? `${e.side}\u0001prompt` : e.side;
}

/** The review item every input becomes (prompt, two sides, metadata) and its messages, as zod schemas and their types. */
import { z } from 'zod';

/** One text part of an OpenAI-style `content` array. Other part types are kept but not shown. */
export const contentPartSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
});

export const toolCallSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  function: z.looseObject({
    name: z.string(),
    arguments: z.string().optional(),
  }),
});

export const roleSchema = z.enum(['system', 'developer', 'user', 'assistant', 'tool']);

export const messageSchema = z.looseObject({
  role: roleSchema,
  content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  tool_call_id: z.string().optional(),
  /** A model's visible reasoning; the transparency-in-reasoning trait is judged on it. */
  reasoning: z.string().optional(),
});

export const scoresSchema = z.record(z.string(), z.number());

export const sideSchema = z.looseObject({
  model: z.string(),
  messages: z.array(messageSchema),
  scores: scoresSchema.optional(),
  /** What a grader said beside its score (an Inspect scorer's answer and explanation), by score name. */
  score_notes: z.record(z.string(), z.string()).optional(),
});

export const rubricCriterionSchema = z.object({
  id: z.string(),
  text: z.string(),
  points: z.number(),
});

/** Metadata is free-form; the fields the product reads are typed, the rest pass through. */
export const metadataSchema = z.looseObject({
  domain: z.string().optional(),
  benchmark: z.string().optional(),
  traits: z.array(z.string()).optional(),
  split: z.string().optional(),
  persona: z.string().optional(),
  rubric: z.array(rubricCriterionSchema).optional(),
});

/** The canonical item (docs/input-formats.md): one JSONL line, two sides of the same conversation. */
export const itemSchema = z.looseObject({
  id: z.string().min(1),
  prompt: z.array(messageSchema),
  baseline: sideSchema,
  trained: sideSchema,
  metadata: metadataSchema.optional(),
});

export type ContentPart = z.infer<typeof contentPartSchema>;
export type ToolCall = z.infer<typeof toolCallSchema>;
export type Message = z.infer<typeof messageSchema>;
export type Side = z.infer<typeof sideSchema>;
export type RubricCriterion = z.infer<typeof rubricCriterionSchema>;
export type Metadata = z.infer<typeof metadataSchema>;
export type Item = z.infer<typeof itemSchema>;

/**
 * The item as the UI and exports see it: the canonical item, with side names taken from the
 * data (baseline/trained, chosen/rejected, file names) instead of hard-coded keys.
 */
export interface ReviewItem {
  id: string;
  prompt: Message[];
  sides: [NamedSide, NamedSide];
  metadata: Metadata;
  /** One run read alone: only the first side has messages (see `singleRunItem`). */
  single?: true;
}

export interface NamedSide extends Side {
  /** The real side name recorded in labels, e.g. `baseline` or `trained`. */
  name: string;
}

export function toReviewItem(item: Item): ReviewItem {
  return {
    id: item.id,
    prompt: item.prompt,
    sides: [
      { ...item.baseline, name: 'baseline' },
      { ...item.trained, name: 'trained' },
    ],
    metadata: item.metadata ?? {},
  };
}

import { z } from 'zod';
import type { ContentPart, Message, Metadata, ToolCall } from '../schema';
import { placeholder } from './placeholder';
import type { Transcript } from './types';
import { sideScores } from './inspectScores';
import { withInspectSubagents } from './inspectSubagents';

// The parts of Inspect's `EvalSample` (src/inspect_ai/_view/inspect-openapi.json) a transcript
// is made of. Loose objects: every other field of the log passes through untouched.

const contentSchema = z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]);

const chatMessageSchema = z.looseObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: contentSchema,
  tool_calls: z.array(z.looseObject({ id: z.string(), function: z.string(), arguments: z.unknown() })).nullable().optional(),
  tool_call_id: z.union([z.string(), z.array(z.string())]).nullable().optional(),
  function: z.string().nullable().optional(),
  error: z.looseObject({ type: z.string(), message: z.string() }).nullable().optional(),
});

const scoreSchema = z.looseObject({ value: z.unknown(), answer: z.string().nullable().optional(), explanation: z.string().nullable().optional() });

export const evalSampleSchema = z.looseObject({
  id: z.union([z.string(), z.number()]),
  epoch: z.number().int(),
  input: z.union([z.string(), z.array(chatMessageSchema)]),
  target: z.union([z.string(), z.array(z.string())]).optional(),
  messages: z.array(chatMessageSchema),
  output: z.looseObject({ model: z.string().optional() }).optional(),
  scores: z.record(z.string(), scoreSchema).nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  attachments: z.record(z.string(), z.string()).optional(),
  // Read event by event (inspectSubagents.ts): an event it does not understand is skipped, not an error.
  events: z.array(z.unknown()).nullable().optional(),
});

export type EvalSample = z.infer<typeof evalSampleSchema>;
type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Where a sample was read from: the log header's task and model. */
export interface SampleContext {
  task?: string;
  model?: string;
}

const attachmentPrefix = 'attachment://';

/**
 * Characters attachments may add to one sample when their references are replaced: a 20 KB log
 * can reference one 20 MB attachment 500 times, which, written out, is 10 GB.
 */
export const maxAttachmentChars = 64 << 20;

/**
 * Replaces `attachment://KEY` strings (long texts and images Inspect stores once per sample) by
 * their content, up to `maxAttachmentChars` in all: one resolver per sample, so its messages and
 * its sub-agents' share the budget.
 */
export function attachmentResolver(attachments: Readonly<Record<string, string>> | undefined): <T>(value: T) => T {
  if (!attachments) return (value) => value;
  let added = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (!v.startsWith(attachmentPrefix)) return v;
      const key = v.slice(attachmentPrefix.length);
      const content = Object.hasOwn(attachments, key) ? attachments[key] : undefined;
      if (content === undefined) return v;
      added += content.length;
      if (added > maxAttachmentChars) throw new RangeError(`its attachments expand to more than ${maxAttachmentChars >> 20} M characters (\`${key}\`, ${content.length.toLocaleString('en-US')} characters, is referenced again and again), the most one sample is read with`);
      return content;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return <T>(value: T) => walk(value) as T;
}

/** Replaces `attachment://KEY` strings by their content (see `attachmentResolver`). */
export function resolveAttachments<T>(value: T, attachments: Readonly<Record<string, string>> | undefined): T {
  return attachmentResolver(attachments)(value);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function partOf(p: Record<string, unknown> & { type: string }, reasoning: string[]): ContentPart | undefined {
  switch (p.type) {
    case 'text':
      return { type: 'text', text: str(p.text) ?? '' };
    case 'reasoning':
      reasoning.push(p.redacted === true ? (str(p.summary) ?? placeholder('redacted reasoning')) : (str(p.reasoning) ?? ''));
      return undefined;
    case 'image':
      return { type: 'image', text: placeholder('image') };
    case 'document':
      return { type: 'document', text: placeholder('document', str(p.filename)) };
    case 'tool_use':
      return { type: 'tool_use', text: placeholder(str(p.tool_type) ?? 'tool use', [str(p.name), str(p.arguments)].filter(Boolean).join(' ')) };
    default:
      return { type: p.type, text: placeholder(p.type) };
  }
}

function messageOf(m: ChatMessage): Message {
  const reasoning: string[] = [];
  const content = typeof m.content === 'string' ? m.content : m.content.flatMap((p) => partOf(p, reasoning) ?? []);
  const out: Message = { role: m.role, content };
  if (reasoning.length) out.reasoning = reasoning.join('\n\n');
  if (m.tool_calls?.length) {
    // Inspect's `{id, function: "name", arguments: {…}}` → OpenAI's `{id, function: {name, arguments: "json"}}`.
    out.tool_calls = m.tool_calls.map((c): ToolCall => ({ id: c.id, type: 'function', function: { name: c.function, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}) } }));
  }
  if (m.role === 'tool') {
    if (typeof m.tool_call_id === 'string') out.tool_call_id = m.tool_call_id;
    const name = [m.function ?? undefined, m.error ? `error (${m.error.type})` : undefined].filter(Boolean).join(' · ');
    if (name) out.name = name;
    if (m.error && !content.length) out.content = m.error.message;
  }
  return out;
}

/** Keeps the sample's metadata, minus values of typed fields that do not have their type. */
function metadataOf(sample: EvalSample, task: string | undefined): Metadata {
  const meta: Record<string, unknown> = { ...(sample.metadata ?? {}) };
  for (const k of ['domain', 'split', 'persona'] as const) if (meta[k] !== undefined && typeof meta[k] !== 'string') delete meta[k];
  if (meta.traits !== undefined && !(Array.isArray(meta.traits) && meta.traits.every((t) => typeof t === 'string'))) delete meta.traits;
  if (meta.rubric !== undefined) delete meta.rubric;
  return {
    ...meta,
    ...(task ? { benchmark: task } : {}),
    ...(sample.target !== undefined ? { target: sample.target } : {}),
    inspect: { ...(task ? { task } : {}), id: sample.id, epoch: sample.epoch },
  } as Metadata;
}

/** One Inspect sample as one run's transcript: its messages, the model, scorer values as side scores. */
export function sampleTranscript(sample: EvalSample, context: SampleContext = {}): Transcript {
  const resolve = attachmentResolver(sample.attachments);
  const { scores, notes } = sideScores(sample.scores);
  // Messages found in events (a sub-agent's) are read like the sample's; one that is not a chat message is skipped.
  const toMessages = (raw: readonly unknown[]) => raw.flatMap((m) => {
    const r = chatMessageSchema.safeParse(m);
    return r.success ? [messageOf(resolve(r.data))] : [];
  });
  return {
    id: String(sample.id),
    model: context.model ?? sample.output?.model ?? '',
    messages: withInspectSubagents(resolve(sample.messages).map(messageOf), sample.events ?? undefined, toMessages),
    ...(Object.keys(scores).length ? { scores } : {}),
    ...(Object.keys(notes).length ? { scoreNotes: notes } : {}),
    metadata: metadataOf(sample, context.task),
  };
}

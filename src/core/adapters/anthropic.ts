import { z } from 'zod';
import type { ContentPart, Message, ToolCall } from '../schema';
import { metadataSchema, scoresSchema } from '../schema';
import { check, idText, recordIdSchema } from './common';
import { placeholder } from './placeholder';
import type { SingleAdapter } from './types';

const blockSchema = z.looseObject({ type: z.string() });
type Block = z.infer<typeof blockSchema>;

const contentSchema = z.union([z.string(), z.array(blockSchema)]);

/** Anthropic Messages API transcripts: `{"model", "system"?, "messages": [{role, content: [blocks]}]}`. */
export const anthropicRecordSchema = z.looseObject({
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant']), content: contentSchema })).min(1),
  system: contentSchema.optional(),
  id: recordIdSchema.optional(),
  model: z.string().optional(),
  scores: scoresSchema.optional(),
  metadata: metadataSchema.optional(),
});

/** Block types only the Anthropic shape has; `text` and `image` alone could be any chat record. */
const anthropicBlocks: ReadonlySet<unknown> = new Set(['tool_use', 'tool_result', 'thinking', 'redacted_thinking', 'document']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The text of a string or of the text blocks of a block list; other blocks become placeholders. */
function blocksText(content: string | readonly Block[] | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((b) => (b.type === 'text' ? (str(b.text) ?? '') : mediaPlaceholder(b))).join('');
}

function mediaPlaceholder(b: Block): string {
  if (b.type === 'document') return placeholder('document', str(b.title) ?? str((b.source as Record<string, unknown> | undefined)?.media_type));
  return placeholder(b.type);
}

function convert(messages: z.infer<typeof anthropicRecordSchema>['messages'], system: string | Block[] | undefined): Message[] {
  const out: Message[] = [];
  if (system !== undefined) out.push({ role: 'system', content: blocksText(system) });
  const toolNames = new Map<string, string>();
  for (const m of messages) {
    if (typeof m.content === 'string') {
      out.push({ role: m.role, content: m.content });
      continue;
    }
    const parts: ContentPart[] = [];
    const reasoning: string[] = [];
    const calls: ToolCall[] = [];
    for (const b of m.content) {
      switch (b.type) {
        case 'text':
          parts.push({ type: 'text', text: str(b.text) ?? '' });
          break;
        case 'thinking':
          reasoning.push(str(b.thinking) ?? '');
          break;
        case 'redacted_thinking':
          reasoning.push(placeholder('redacted thinking'));
          break;
        case 'tool_use': {
          const id = str(b.id) ?? '';
          const name = str(b.name) ?? '';
          toolNames.set(id, name);
          calls.push({ id, type: 'function', function: { name, arguments: JSON.stringify(b.input ?? {}) } });
          break;
        }
        case 'tool_result': {
          // Results arrive in the next user turn; each becomes a tool message, as in OpenAI's shape.
          const id = str(b.tool_use_id) ?? '';
          const name = toolNames.get(id);
          const error = b.is_error === true ? 'error' : undefined;
          out.push({ role: 'tool', tool_call_id: id, content: blocksText(b.content as string | Block[] | undefined), ...(name || error ? { name: [name, error].filter(Boolean).join(' · ') } : {}) });
          break;
        }
        default:
          parts.push({ type: 'text', text: mediaPlaceholder(b) });
      }
    }
    if (!parts.length && !reasoning.length && !calls.length) continue;
    out.push({
      role: m.role,
      content: parts,
      ...(reasoning.length ? { reasoning: reasoning.join('\n\n') } : {}),
      ...(calls.length ? { tool_calls: calls } : {}),
    });
  }
  return out;
}

export const anthropicAdapter: SingleAdapter<'anthropic'> = {
  name: 'anthropic',
  kind: 'single',
  shape: '{"model", "system"?, "messages": [{"role", "content": [text | thinking | tool_use | tool_result | image | document blocks]}]}',
  probe: (r) =>
    Array.isArray(r.messages) &&
    (r.system !== undefined ||
      r.messages.some((m: unknown) => Array.isArray((m as { content?: unknown })?.content) && ((m as { content: unknown[] }).content).some((b) => anthropicBlocks.has((b as { type?: unknown })?.type)))),
  toTranscript(record) {
    const r = check(anthropicRecordSchema, record);
    if (!r.ok) return r;
    const { id, model, messages, system, scores, metadata } = r.value;
    return { ok: true, value: { id: idText(id), model: model ?? '', messages: convert(messages, system), scores, metadata: metadata ?? {} } };
  },
};

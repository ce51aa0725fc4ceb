import { z } from 'zod';
import type { ContentPart, Message } from '../schema';
import { metadataSchema, scoresSchema } from '../schema';
import { check, idText, recordIdSchema } from './common';
import { placeholder } from './placeholder';
import type { SingleAdapter } from './types';

const itemSchema = z.looseObject({ type: z.string().optional() });
type ResponseItem = z.infer<typeof itemSchema>;

/**
 * OpenAI Responses API transcripts: the request's `input` items (or a string) and `instructions`,
 * then the response's `output` items — `message`, `reasoning`, `function_call`, `function_call_output`.
 */
export const responsesRecordSchema = z.looseObject({
  input: z.union([z.string(), z.array(itemSchema)]).optional(),
  output: z.array(itemSchema).optional(),
  instructions: z.string().nullable().optional(),
  id: recordIdSchema.optional(),
  model: z.string().optional(),
  scores: scoresSchema.optional(),
  metadata: metadataSchema.optional(),
});

const responseTypes: ReadonlySet<unknown> = new Set(['message', 'reasoning', 'function_call', 'function_call_output']);
const isResponseItems = (v: unknown): boolean => Array.isArray(v) && v.some((i) => responseTypes.has((i as { type?: unknown })?.type));

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const roles: ReadonlySet<unknown> = new Set(['system', 'developer', 'user', 'assistant']);

/** Text parts (`input_text`, `output_text`), refusals, and placeholders for images, files and audio. */
function parts(content: unknown): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.map((p: Record<string, unknown>) => {
    const type = str(p?.type) ?? 'unknown';
    if (typeof p?.text === 'string') return { type: 'text', text: p.text };
    if (typeof p?.refusal === 'string') return { type: 'text', text: placeholder('refusal', p.refusal) };
    const kind = type.replace(/^input_/, '');
    return { type, text: placeholder(kind, str(p?.filename)) };
  });
}

function summaryText(item: ResponseItem): string {
  const texts = [item.summary, item.content].flatMap((list) => (Array.isArray(list) ? list.map((s: Record<string, unknown>) => str(s?.text) ?? '') : []));
  const text = texts.filter(Boolean).join('\n\n');
  return text || (item.encrypted_content ? placeholder('encrypted reasoning') : '');
}

function convert(items: readonly ResponseItem[], out: Message[]): void {
  let reasoning: string[] = [];
  // Function calls and reasoning belong to the assistant turn they are part of.
  const assistant = (): Message => {
    const last = out[out.length - 1];
    if (last?.role === 'assistant' && !last.tool_calls?.length) return last;
    const m: Message = { role: 'assistant', content: [] };
    out.push(m);
    return m;
  };
  const flushReasoning = (m: Message) => {
    if (!reasoning.length) return;
    m.reasoning = [m.reasoning, ...reasoning].filter(Boolean).join('\n\n');
    reasoning = [];
  };
  for (const item of items) {
    const type = item.type ?? (roles.has(item.role) ? 'message' : undefined);
    if (type === 'reasoning') {
      reasoning.push(summaryText(item));
    } else if (type === 'message' && roles.has(item.role)) {
      const role = item.role as Message['role'];
      const m: Message = { role, content: parts(item.content) };
      if (role === 'assistant') flushReasoning(m);
      out.push(m);
    } else if (type === 'function_call' || type === 'custom_tool_call') {
      const m = assistant();
      flushReasoning(m);
      const args = str(item.arguments) ?? str(item.input) ?? JSON.stringify(item.arguments ?? {});
      m.tool_calls = [...(m.tool_calls ?? []), { id: str(item.call_id) ?? str(item.id), type: 'function', function: { name: str(item.name) ?? '', arguments: args } }];
    } else if (type === 'function_call_output' || type === 'custom_tool_call_output') {
      out.push({ role: 'tool', tool_call_id: str(item.call_id), content: parts(item.output) });
    } else if (type !== undefined) {
      // Built-in tools (web search, file search, computer use …) are shown as what they were.
      const m = assistant();
      m.content = [...((m.content as ContentPart[] | undefined) ?? []), { type: 'text', text: placeholder(type) }];
    }
  }
  if (reasoning.length) flushReasoning(assistant());
}

export const responsesAdapter: SingleAdapter<'responses'> = {
  name: 'responses',
  kind: 'single',
  shape: '{"model", "instructions"?, "input": [items] | "text", "output": [message | reasoning | function_call | function_call_output items]}',
  probe: (r) => isResponseItems(r.output) || isResponseItems(r.input),
  toTranscript(record) {
    const r = check(responsesRecordSchema, record);
    if (!r.ok) return r;
    const { id, model, input, output, instructions, scores, metadata } = r.value;
    const messages: Message[] = [];
    if (instructions) messages.push({ role: 'system', content: instructions });
    if (typeof input === 'string') messages.push({ role: 'user', content: input });
    else convert(input ?? [], messages);
    convert(output ?? [], messages);
    if (!messages.length) return { ok: false, message: 'the record has no `input` or `output` items' };
    return { ok: true, value: { id: idText(id), model: model ?? '', messages, scores, metadata: metadata ?? {} } };
  },
};

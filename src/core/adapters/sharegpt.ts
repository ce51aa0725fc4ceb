import { z } from 'zod';
import type { Message } from '../schema';
import { metadataSchema, scoresSchema } from '../schema';
import { check, idText, recordIdSchema } from './common';
import type { SingleAdapter } from './types';

/** The speaker names ShareGPT-style exports use, and the chat role each stands for. */
const roleOf = {
  system: 'system',
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
  chatgpt: 'assistant',
  bing: 'assistant',
  bard: 'assistant',
  model: 'assistant',
  function_call: 'assistant',
  tool: 'tool',
  function: 'tool',
  observation: 'tool',
} as const satisfies Record<string, Message['role']>;

const speakers = Object.keys(roleOf) as [keyof typeof roleOf, ...(keyof typeof roleOf)[]];

export const shareGptRecordSchema = z.looseObject({
  conversations: z.array(z.looseObject({ from: z.enum(speakers), value: z.string() })).min(1),
  id: recordIdSchema.optional(),
  /** Some exports keep the system prompt beside the turns. */
  system: z.string().optional(),
  model: z.string().optional(),
  scores: scoresSchema.optional(),
  metadata: metadataSchema.optional(),
});

export type ShareGptRecord = z.infer<typeof shareGptRecordSchema>;

export const shareGptAdapter: SingleAdapter<'sharegpt'> = {
  name: 'sharegpt',
  kind: 'single',
  shape: '{"conversations": [{"from": "human"|"gpt"|…, "value"}, …], "id"?, "system"?}',
  probe: (r) => Array.isArray(r.conversations),
  toTranscript(record) {
    const r = check(shareGptRecordSchema, record);
    if (!r.ok) return r;
    const { id, model, conversations, system, scores, metadata } = r.value;
    const messages: Message[] = conversations.map((t) => ({ role: roleOf[t.from], content: t.value }));
    if (system) messages.unshift({ role: 'system', content: system });
    return { ok: true, value: { id: idText(id), model: model ?? '', messages, scores, metadata: metadata ?? {} } };
  },
};

import { z } from 'zod';
import { messageSchema, metadataSchema, scoresSchema } from '../schema';
import { check, idText, recordIdSchema } from './common';
import { withPlaceholders } from './placeholder';
import type { SingleAdapter } from './types';

/** OpenAI chat transcripts: `{"messages": [...]}`, with optional id, model and scores. */
export const chatRecordSchema = z.looseObject({
  messages: z.array(messageSchema).min(1),
  id: recordIdSchema.optional(),
  model: z.string().optional(),
  scores: scoresSchema.optional(),
  metadata: metadataSchema.optional(),
});

export type ChatRecord = z.infer<typeof chatRecordSchema>;

export const chatAdapter: SingleAdapter<'chat'> = {
  name: 'chat',
  kind: 'single',
  shape: '{"messages": [{"role", "content"}, …], "id"?, "model"?, "scores"?}',
  probe: (r) => Array.isArray(r.messages),
  toTranscript(record) {
    const r = check(chatRecordSchema, record);
    if (!r.ok) return r;
    const { id, model, messages, scores, metadata } = r.value;
    // Image, audio and file parts have no text: each becomes a visible placeholder.
    const shown = messages.map((m) => (Array.isArray(m.content) && m.content.some((p) => typeof p.text !== 'string') ? { ...m, content: withPlaceholders(m.content) } : m));
    return { ok: true, value: { id: idText(id), model: model ?? '', messages: shown, scores, metadata: metadata ?? {} } };
  },
};

import { z } from 'zod';
import { messageSchema, metadataSchema, scoresSchema } from '../schema';
import { check, idText, recordIdSchema } from './common';
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
    return { ok: true, value: { id: idText(id), model: model ?? '', messages, scores, metadata: metadata ?? {} } };
  },
};

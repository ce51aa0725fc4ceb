import { z } from 'zod';
import type { Message, ReviewItem } from '../schema';
import { messageSchema, metadataSchema } from '../schema';
import { check, idText, lineId, recordIdSchema } from './common';
import { splitCommonPrefix } from './split';
import type { Converted, PairAdapter } from './types';

const textOrMessages = z.union([z.string(), z.array(messageSchema).min(1)]);

/** TRL preference data, standard (text) or conversational (messages), explicit or implicit prompt. */
export const trlRecordSchema = z.looseObject({
  prompt: textOrMessages.optional(),
  chosen: textOrMessages,
  rejected: textOrMessages,
  id: recordIdSchema.optional(),
  prompt_id: z.string().optional(),
  chosen_model: z.string().optional(),
  rejected_model: z.string().optional(),
  score_chosen: z.number().optional(),
  score_rejected: z.number().optional(),
  metadata: metadataSchema.optional(),
});

export type TrlRecord = z.infer<typeof trlRecordSchema>;

const asMessages = (v: string | Message[], role: 'user' | 'assistant'): Message[] => (typeof v === 'string' ? [{ role, content: v }] : v);

export const trlAdapter: PairAdapter<'trl'> = {
  name: 'trl',
  kind: 'pair',
  shape: '{"prompt"?, "chosen", "rejected"} as text or message arrays',
  probe: (r) => 'chosen' in r && 'rejected' in r,
  toItem(record, { line }): Converted<ReviewItem> {
    const r = check(trlRecordSchema, record);
    if (!r.ok) return r;
    const v = r.value;
    // Conversational data often repeats the prompt inside chosen/rejected (UltraFeedback does):
    // the shared prefix is then the prompt, and the `prompt` field must not be shown twice.
    const split = splitCommonPrefix(asMessages(v.chosen, 'assistant'), asMessages(v.rejected, 'assistant'));
    const explicit = v.prompt === undefined ? [] : asMessages(v.prompt, 'user');
    const repeats = split.prompt.length > 0 && explicit.length > 0 && JSON.stringify(split.prompt[0]?.content) === JSON.stringify(explicit[0]?.content);
    const prompt = repeats ? split.prompt : [...explicit, ...split.prompt];
    const score = (s: number | undefined) => (s === undefined ? undefined : { score: s });
    return {
      ok: true,
      value: {
        id: idText(v.id) ?? v.prompt_id ?? lineId(line),
        prompt,
        sides: [
          { name: 'chosen', model: v.chosen_model ?? '', messages: split.a, scores: score(v.score_chosen) },
          { name: 'rejected', model: v.rejected_model ?? '', messages: split.b, scores: score(v.score_rejected) },
        ],
        metadata: v.metadata ?? {},
      },
    };
  },
};

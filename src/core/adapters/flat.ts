import { z } from 'zod';
import type { Message } from '../schema';
import { metadataSchema, scoresSchema } from '../schema';
import { check, idText, recordIdSchema } from './common';
import type { SingleAdapter } from './types';

const promptFields = ['instruction', 'prompt', 'input'] as const;
const outputFields = ['output', 'response', 'completion'] as const;

/** Flat prompt/response records (Alpaca, AlpacaEval, most generation dumps). */
export const flatRecordSchema = z.looseObject({
  instruction: z.string().optional(),
  prompt: z.string().optional(),
  input: z.string().optional(),
  output: z.string().optional(),
  response: z.string().optional(),
  completion: z.string().optional(),
  system: z.string().optional(),
  generator: z.string().optional(),
  model: z.string().optional(),
  id: recordIdSchema.optional(),
  scores: scoresSchema.optional(),
  metadata: metadataSchema.optional(),
});

export type FlatRecord = z.infer<typeof flatRecordSchema>;

const hasAny = (r: Record<string, unknown>, fields: readonly string[]) => fields.some((f) => typeof r[f] === 'string');

export const flatAdapter: SingleAdapter<'flat'> = {
  name: 'flat',
  kind: 'single',
  shape: '{"instruction"|"prompt"|"input", "output"|"response"|"completion", "generator"|"model"?, "id"?}',
  probe: (r) => hasAny(r, promptFields) && hasAny(r, outputFields),
  toTranscript(record) {
    const r = check(flatRecordSchema, record);
    if (!r.ok) return r;
    const v = r.value;
    const output = v.output ?? v.response ?? v.completion;
    // Alpaca keeps the task in `instruction` and its material in `input`: both belong to the prompt.
    const prompt = v.instruction !== undefined ? [v.instruction, v.input].filter(Boolean).join('\n\n') : (v.prompt ?? v.input);
    if (prompt === undefined) return { ok: false, message: 'the record needs a prompt: `instruction`, `prompt` or `input` (a string)' };
    if (output === undefined) return { ok: false, message: 'the record needs a response: `output`, `response` or `completion` (a string)' };
    const messages: Message[] = [
      ...(v.system ? [{ role: 'system' as const, content: v.system }] : []),
      { role: 'user', content: prompt },
      { role: 'assistant', content: output },
    ];
    return { ok: true, value: { id: idText(v.id), model: v.generator ?? v.model ?? '', messages, scores: v.scores, metadata: v.metadata ?? {} } };
  },
};

import { z } from 'zod';
import type { Message, ReviewItem } from '../schema';
import { metadataSchema } from '../schema';
import { check, idText, lineId, recordIdSchema } from './common';
import { splitCommonPrefix } from './split';
import type { Converted, PairAdapter } from './types';

/** Anthropic HH-RLHF: two whole dialogues as text, `"\n\nHuman: …\n\nAssistant: …"`. */
export const hhRecordSchema = z.looseObject({
  chosen: z.string(),
  rejected: z.string(),
  id: recordIdSchema.optional(),
  metadata: metadataSchema.optional(),
});

export type HhRecord = z.infer<typeof hhRecordSchema>;

const turnMarker = /(?:^|\n\n)(Human|Assistant):[ ]?/;

/** The turns of an HH dialogue; text before the first marker (rare) becomes a system message. */
export function hhTurns(text: string): Message[] | undefined {
  const parts = text.split(new RegExp(turnMarker.source, 'g'));
  if (parts.length < 3) return undefined;
  const turns: Message[] = [];
  const lead = parts[0]!.trim();
  if (lead) turns.push({ role: 'system', content: lead });
  for (let i = 1; i + 1 < parts.length; i += 2) turns.push({ role: parts[i] === 'Human' ? 'user' : 'assistant', content: parts[i + 1]! });
  return turns;
}

export const hhAdapter: PairAdapter<'hh'> = {
  name: 'hh',
  kind: 'pair',
  shape: '{"chosen": "\\n\\nHuman: …\\n\\nAssistant: …", "rejected": "…"}',
  probe: (r) => typeof r.chosen === 'string' && typeof r.rejected === 'string' && !('prompt' in r) && turnMarker.test(r.chosen),
  toItem(record, { line }): Converted<ReviewItem> {
    const r = check(hhRecordSchema, record);
    if (!r.ok) return r;
    const chosen = hhTurns(r.value.chosen);
    if (!chosen) return { ok: false, message: '`chosen` has no "Human:" / "Assistant:" turns' };
    const rejected = hhTurns(r.value.rejected);
    if (!rejected) return { ok: false, message: '`rejected` has no "Human:" / "Assistant:" turns' };
    // The shared dialogue is the prompt; the two endings are what the preference is about.
    const split = splitCommonPrefix(chosen, rejected);
    return {
      ok: true,
      value: {
        id: idText(r.value.id) ?? lineId(line),
        prompt: split.prompt,
        sides: [
          { name: 'chosen', model: '', messages: split.a },
          { name: 'rejected', model: '', messages: split.b },
        ],
        metadata: r.value.metadata ?? {},
      },
    };
  },
};

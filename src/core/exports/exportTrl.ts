import { z } from 'zod';
import { messageSchema, type ReviewItem } from '../schema';
import { bothBadValue, majority, preferenceOf, tieValue, type AnnotatorItemLabels } from '../labels/humanLabels';
import { jsonLine, type ExportOptions, type ItemExporter } from './exportFormat';

/** A preference pair in TRL's conversational format (DPOTrainer, RewardTrainer). */
export const trlPairSchema = z.object({
  prompt: z.array(messageSchema),
  chosen: z.array(messageSchema),
  rejected: z.array(messageSchema),
});

export type TrlPair = z.infer<typeof trlPairSchema>;

export type TrlDrop = 'tie' | 'both_bad' | 'no_majority' | 'unknown_value';

export type TrlResolution = { kind: 'pair'; pair: TrlPair } | { kind: 'dropped'; reason: TrlDrop } | { kind: 'no_preference' };

/**
 * The pair for one item from its annotators' preferences (overall, or for `trait`): the side
 * more than half of them preferred is chosen, the other rejected. A majority for `tie` or
 * `both_bad`, or no majority, drops the item: neither teaches the model which answer is better.
 */
export function resolvePair(item: ReviewItem, labels: readonly AnnotatorItemLabels[], trait?: string): TrlResolution {
  const votes: string[] = [];
  for (const a of labels) {
    const v = preferenceOf(a.labels, trait);
    if (v !== undefined) votes.push(v);
  }
  const m = majority(votes);
  if (m.kind === 'none') return { kind: 'no_preference' };
  if (m.kind === 'no_majority') return { kind: 'dropped', reason: 'no_majority' };
  if (m.value === tieValue) return { kind: 'dropped', reason: 'tie' };
  if (m.value === bothBadValue) return { kind: 'dropped', reason: 'both_bad' };
  const chosen = item.sides.findIndex((s) => s.name === m.value);
  if (chosen < 0) return { kind: 'dropped', reason: 'unknown_value' };
  return {
    kind: 'pair',
    pair: { prompt: item.prompt, chosen: item.sides[chosen]!.messages, rejected: item.sides[1 - chosen]!.messages },
  };
}

/** `trl`: one `{prompt, chosen, rejected}` line per item with a majority preference for a side. */
export function trlExporter(options: ExportOptions = {}): ItemExporter {
  let kept = 0;
  let noPreference = 0;
  const dropped: Record<TrlDrop, number> = { tie: 0, both_bad: 0, no_majority: 0, unknown_value: 0 };
  return {
    begin: () => '',
    item(item, labels) {
      const r = resolvePair(item, labels, options.trait);
      if (r.kind === 'pair') {
        kept++;
        return jsonLine(r.pair);
      }
      if (r.kind === 'dropped') dropped[r.reason]++;
      else noPreference++;
      return '';
    },
    summary() {
      const total = Object.values(dropped).reduce((s, n) => s + n, 0);
      const reasons = (Object.entries(dropped) as [TrlDrop, number][])
        .filter(([, n]) => n > 0)
        .map(([reason, n]) => `${n} ${reason.replace('_', ' ')}`)
        .join(', ');
      const what = options.trait ? `${options.trait} preference` : 'preference';
      return `trl: kept ${kept} pair${kept === 1 ? '' : 's'}, dropped ${total}${reasons ? ` (${reasons})` : ''}; ${noPreference} item${noPreference === 1 ? '' : 's'} without a ${what}`;
    },
  };
}

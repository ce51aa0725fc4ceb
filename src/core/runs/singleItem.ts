import type { Transcript } from '../adapters/types';
import type { ReviewItem } from '../schema';

/**
 * One run's transcript as an item on its own: what comes before the first model turn is the
 * prompt, the rest is the run's one side. The other side is empty and the item is marked
 * `single`, so the view shows one column and a note to pair the run.
 */
export function singleRunItem(t: Transcript, name: string, id: string): ReviewItem {
  const first = t.messages.findIndex((m) => m.role === 'assistant');
  const cut = first < 0 ? t.messages.length : first;
  return {
    id,
    prompt: t.messages.slice(0, cut),
    sides: [
      { name, model: t.model, messages: t.messages.slice(cut), ...(t.scores ? { scores: t.scores } : {}), ...(t.scoreNotes ? { score_notes: t.scoreNotes } : {}) },
      { name: `${name} (unpaired)`, model: '', messages: [] },
    ],
    metadata: t.metadata,
    single: true,
  };
}

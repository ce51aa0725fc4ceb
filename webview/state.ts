import type { AddEvent, VerdictLabel } from '../src/core/labelEvent';
import type { ReviewItem } from '../src/core/schema';
import type { Taxonomy } from '../src/core/taxonomy';

export type SaveState = 'saved' | 'saving' | 'failed';

/** Everything the view renders; replaced piecewise by host messages and user actions. */
export interface ViewState {
  fileName: string;
  annotator: string;
  taxonomy: Taxonomy | null;
  count: number;
  indexing: boolean;
  fraction: number;
  index: number;
  line: number;
  item: ReviewItem | null;
  errors: string[];
  labels: AddEvent[];
  /** Request ids not yet acknowledged by the host, with what they were for. */
  pending: Map<string, { side?: string; trait?: string }>;
  save: SaveState;
  saveMessage: string;
}

export function initialState(): ViewState {
  return {
    fileName: '',
    annotator: '',
    taxonomy: null,
    count: 0,
    indexing: true,
    fraction: 0,
    index: 0,
    line: 0,
    item: null,
    errors: [],
    labels: [],
    pending: new Map(),
    save: 'saved',
    saveMessage: '',
  };
}

/** My current verdict for one side and trait, if any. */
export function verdictFor(labels: readonly AddEvent[], side: string, trait: string): VerdictLabel | undefined {
  return labels.find((l): l is VerdictLabel => l.kind === 'verdict' && l.side === side && l.trait === trait);
}

import type { AddEvent } from '../labels/labelEvent';
import type { ReviewItem } from '../schema';
import { isLabeled } from '../labels/isLabeled';
import { messageText } from '../messageText';

/**
 * What the item list shows and filters on; a few strings per item, so 100k items fit easily.
 * Read-only: a summary read back packed (the desktop's worker threads and scan cache) reads its
 * fields through getters and shares its lists, so copy it with `summaryFields`, never a spread.
 */
export interface ItemSummary {
  readonly index: number;
  readonly id: string;
  readonly domain?: string;
  readonly benchmark?: string;
  readonly split?: string;
  readonly traits: string[];
  readonly models: [string, string];
  readonly sides: [string, string];
  /** The side with the higher `overall` reward-model score, when both sides have one and they differ. */
  readonly rmPreferred?: string;
  /** The first user message, on one line and shortened: what the item is about. */
  readonly preview: string;
}

/** Every field of a summary as a plain object, in `summarizeItem`'s order: a packed summary equals a fresh one this way. */
export function summaryFields(s: ItemSummary): ItemSummary {
  return { index: s.index, id: s.id, domain: s.domain, benchmark: s.benchmark, split: s.split, traits: s.traits, models: s.models, sides: s.sides, rmPreferred: s.rmPreferred, preview: s.preview };
}

/** Characters of the prompt a list row shows. */
export const previewChars = 80;

/** The first user text of a prompt on one line, cut at a word near `max` characters. */
export function promptPreview(item: ReviewItem, max = previewChars): string {
  const user = item.prompt.find((m) => m.role === 'user') ?? item.prompt[item.prompt.length - 1];
  const raw = user ? messageText(user) : '';
  // Only the head of a long prompt is read, and only as far as `max` + 1 shown characters: a
  // preview must stay cheap for 100k items (collapsing all of 4 × max characters was a sixth of
  // the item list's whole pass).
  const text = raw.slice(0, shownEnd(raw, max + 1, max * 4)).replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, '') + '…';
}

/** ECMAScript white space and line terminators: exactly what `\s` matches. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * The end (at most `limit`) of the shortest head of `s` that shows `want` characters once runs
 * of white space are one space and the ends trimmed.
 */
function shownEnd(s: string, want: number, limit: number): number {
  const n = Math.min(s.length, limit);
  let shown = 0;
  let space = false;
  for (let i = 0; i < n; i++) {
    if (isSpace(s.charCodeAt(i))) {
      space = shown > 0;
      continue;
    }
    shown += space ? 2 : 1;
    space = false;
    if (shown >= want) return i + 1;
  }
  return n;
}

/** Ids that only say where an item is (`line-214`, `214`): the row then leads with the prompt instead. */
export function isPositionalId(id: string): boolean {
  return /^(line[-_ ]?)?\d+$/i.test(id);
}

/**
 * An item's row in the list. Scan threads decode only the fields read here (`summaryItem` in
 * node/scan/scanEntry.ts): a field read here must be decoded there too (test/unit/scanEntry.test.ts compares them).
 */
export function summarizeItem(index: number, item: ReviewItem): ItemSummary {
  const [a, b] = item.sides;
  const sa = a.scores?.overall;
  const sb = b.scores?.overall;
  return {
    index,
    id: item.id,
    domain: item.metadata.domain,
    benchmark: item.metadata.benchmark,
    split: item.metadata.split,
    traits: item.metadata.traits ?? [],
    models: [a.model, b.model],
    sides: [a.name, b.name],
    rmPreferred: sa !== undefined && sb !== undefined && sa !== sb ? (sa > sb ? a.name : b.name) : undefined,
    preview: promptPreview(item),
  };
}

export type LabelStatus = 'labeled' | 'partial' | 'unlabeled';

export function labelStatus(labels: readonly AddEvent[]): LabelStatus {
  if (isLabeled(labels)) return 'labeled';
  return labels.length ? 'partial' : 'unlabeled';
}

/** The human preference, when it names a side (not tie / both bad). */
export function humanPreferred(labels: readonly AddEvent[]): string | undefined {
  const p = labels.find((l) => l.kind === 'preference' && !l.trait);
  return p?.kind === 'preference' && p.value !== 'tie' && p.value !== 'both_bad' ? p.value : undefined;
}

export interface ItemFilter {
  domain?: string;
  benchmark?: string;
  trait?: string;
  model?: string;
  split?: string;
  status?: LabelStatus;
  /** Only items where the reward model prefers the other side than the human preference. */
  rmDisagrees?: boolean;
  /** Text search; done by the caller over the items' text (it needs more than a summary). */
  text?: string;
  /** Items whose annotators gave different overall preferences; checked by the caller (needs every log). */
  annotatorsDisagree?: boolean;
  /** Only items a campaign assigns to me; checked by the caller (needs the assignment). */
  assignedToMe?: boolean;
}

export function matches(s: ItemSummary, labels: readonly AddEvent[], f: ItemFilter): boolean {
  if (f.domain && s.domain !== f.domain) return false;
  if (f.benchmark && s.benchmark !== f.benchmark) return false;
  if (f.split && s.split !== f.split) return false;
  if (f.trait && !s.traits.includes(f.trait)) return false;
  if (f.model && !s.models.includes(f.model)) return false;
  if (f.status && labelStatus(labels) !== f.status) return false;
  if (f.rmDisagrees) {
    const human = humanPreferred(labels);
    if (!human || !s.rmPreferred || human === s.rmPreferred) return false;
  }
  return true;
}

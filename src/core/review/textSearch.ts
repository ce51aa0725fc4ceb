import type { ItemSource } from '../input/dataset';
import { messageText } from '../messageText';

/**
 * Positions of the items whose id, prompt, answers or reasoning contain `text` (case-insensitive),
 * by one sequential pass. `pace` is called per item; a promise it returns is awaited.
 */
export async function itemsContaining(source: ItemSource, text: string, pace?: () => Promise<void> | undefined): Promise<Set<number>> {
  const needle = text.toLowerCase();
  const found = new Set<number>();
  for await (const r of source.items()) {
    const item = r.item;
    if (item) {
      const haystack = [item.id, ...item.prompt.map(messageText), ...item.sides.flatMap((s) => s.messages.map((m) => `${messageText(m)}\n${m.reasoning ?? ''}`))].join('\n');
      if (haystack.toLowerCase().includes(needle)) found.add(r.index);
    }
    const breath = pace?.();
    if (breath) await breath;
  }
  return found;
}

/** Where `query` occurs in `text`, case-insensitive as `itemsContaining` matches: [start, end) pairs, not overlapping. */
export function hitRanges(text: string, query: string): [number, number][] {
  const needle = query.toLowerCase();
  if (!needle) return [];
  const hay = text.toLowerCase();
  // Lower-casing can change a string's length (rare letters such as İ): then no ranges rather than wrong ones.
  if (hay.length !== text.length) return [];
  const out: [number, number][] = [];
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) out.push([at, at + needle.length]);
  return out;
}

/**
 * A row label with the search hits marked: `label` when it contains `query`, else `label · snippet`
 * where the snippet is `other` (the prompt preview) around its first hit; undefined when neither
 * holds the text (the hit is in an answer).
 */
export function labelWithHits(label: string, other: string, query: string, context = 24): { label: string; highlights: [number, number][] } | undefined {
  const own = hitRanges(label, query);
  if (own.length > 0) return { label, highlights: own };
  const first = hitRanges(other, query)[0];
  if (!first) return undefined;
  const start = Math.max(0, first[0] - context);
  const end = Math.min(other.length, first[1] + context);
  const snippet = `${start > 0 ? '…' : ''}${other.slice(start, end)}${end < other.length ? '…' : ''}`;
  const prefix = `${label} · `;
  return { label: prefix + snippet, highlights: hitRanges(snippet, query).map(([a, b]) => [prefix.length + a, prefix.length + b]) };
}

import { argumentsLayout, rawToShown, shownToRaw, type ArgumentsLayout } from '../src/core/toolArguments';
import type { Message, ReviewItem } from '../src/core/schema';

/** Layouts of the arguments last drawn (an item's calls are drawn again with every change of its labels). */
const layouts = new Map<string, ArgumentsLayout>();

export function argumentsLayoutCached(raw: string): ArgumentsLayout {
  let l = layouts.get(raw);
  if (!l) {
    if (layouts.size >= 512) layouts.delete(layouts.keys().next().value!);
    layouts.set(raw, (l = argumentsLayout(raw)));
  }
  return l;
}

/** Where a span (or a selection) lies: a side's message, or with `in: 'prompt'` a shared step's. */
export interface ArgumentsPlace {
  side: string;
  in?: 'prompt';
  message: number;
  toolCallId?: string;
}

/** The message a place names: a shared step's is in the prompt, a side's in its messages. */
export function placeMessage(item: ReviewItem, place: ArgumentsPlace): Message | undefined {
  return place.in === 'prompt' ? item.prompt[place.message] : item.sides.find((s) => s.name === place.side)?.messages[place.message];
}

/** The raw arguments of the place's call; undefined unless exactly one call of the message has its id. */
function callArguments(item: ReviewItem, place: ArgumentsPlace): string | undefined {
  const calls = placeMessage(item, place)?.tool_calls?.filter((c) => c.id !== undefined && c.id === place.toolCallId) ?? [];
  return calls.length === 1 ? (calls[0]!.function.arguments ?? '') : undefined;
}

/**
 * A selection of a tool call's shown arguments as the span the log records: offsets and quote in
 * the raw arguments string. Undefined when the call is not found or only layout space is selected.
 */
export function rawArgumentsRange(item: ReviewItem, place: ArgumentsPlace, start: number, end: number): { start: number; end: number; quote: string } | undefined {
  const raw = callArguments(item, place);
  if (raw === undefined) return undefined;
  const r = shownToRaw(argumentsLayoutCached(raw), start, end);
  return r && { start: r[0], end: r[1], quote: raw.slice(r[0], r[1]) };
}

/**
 * A span on a call's arguments as they are drawn (decoded, indented): the log keeps the raw JSON
 * slice (`caf\u00e9`), the reader saw `café`. Undefined when the call is not found or none of the
 * range is shown.
 */
export function shownArgumentsQuote(item: ReviewItem, span: ArgumentsPlace & { start: number; end: number }): string | undefined {
  const raw = callArguments(item, span);
  if (raw === undefined) return undefined;
  const layout = argumentsLayoutCached(raw);
  const r = rawToShown(layout, span.start, span.end);
  return r && layout.text.slice(r[0], r[1]);
}

import { argumentsLayout, shownToRaw, type ArgumentsLayout } from '../src/core/toolArguments';
import type { Message } from '../src/core/schema';

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

/**
 * A selection of a tool call's shown arguments as the span the log records: offsets and quote in
 * the raw arguments string. Undefined when the call is not found or only layout space is selected.
 */
export function rawArgumentsRange(message: Message | undefined, call: string | undefined, start: number, end: number): { start: number; end: number; quote: string } | undefined {
  const calls = message?.tool_calls?.filter((c) => c.id !== undefined && c.id === call) ?? [];
  if (calls.length !== 1) return undefined;
  const raw = calls[0]!.function.arguments ?? '';
  const r = shownToRaw(argumentsLayoutCached(raw), start, end);
  return r && { start: r[0], end: r[1], quote: raw.slice(r[0], r[1]) };
}

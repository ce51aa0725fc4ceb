import type { ReviewItem } from '../../src/core/schema';
import type { SpanLabel } from '../../src/core/labels/labelEvent';
import { shownArgumentsQuote } from '../argumentsLayouts';

/**
 * A span's quote as the reader saw it: the quote is kept as source text (offsets stay exact), but
 * a card shows it without the Markdown syntax the rendered answer hides (`Cut the paper**: Use…`
 * reads "Cut the paper: Use…"). Display only; strong, strike and code markers, list markers and
 * heading marks. Single `*` / `_` stay: in prose they are as often literal as emphasis.
 */
export function quoteAsShown(quote: string, max: number): string {
  const shown = quote
    .replace(/\*\*|__|~~|`+/g, '')
    .replace(/^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/gm, '')
    .replace(/^[ \t]*#{1,6}[ \t]+/gm, '');
  return cut(shown, max);
}

/** At most `max` characters, and an ellipsis where it was cut. */
const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) + '…' : text);

/**
 * A span's quote on its card and in its editor: a span on a call's arguments as the arguments are
 * drawn (decoded), any other through `quoteAsShown`. The stored quote stays the raw slice.
 */
export function spanQuoteShown(item: ReviewItem | null, span: SpanPlace, max: number): string {
  if (span.field !== 'arguments') return quoteAsShown(span.quote, max);
  return cut((item && shownArgumentsQuote(item, span)) ?? span.quote, max);
}

type SpanPlace = Pick<SpanLabel, 'side' | 'in' | 'message' | 'field' | 'toolCallId' | 'start' | 'end' | 'quote'>;

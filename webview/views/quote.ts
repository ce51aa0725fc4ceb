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
  return shown.length > max ? shown.slice(0, max) + '…' : shown;
}

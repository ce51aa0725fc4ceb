/** Where the current text selection lies: a side's message field and UTF-16 offsets into its text. */
export interface SelectionTarget {
  side: string;
  message: number;
  field: 'content' | 'reasoning';
  start: number;
  end: number;
  quote: string;
}

/**
 * Reads the selection inside one `.text[data-side][data-message][data-field]` element. The
 * element's textContent is exactly the message text (highlights only wrap it), so the length
 * of a range from the element's start is the offset into the text.
 */
export function selectionTarget(): SelectionTarget | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const host = closestText(range.startContainer);
  if (!host || host !== closestText(range.endContainer)) return null;
  const before = document.createRange();
  before.setStart(host, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  const quote = range.toString();
  const side = host.dataset.side;
  const message = Number(host.dataset.message);
  const field = host.dataset.field === 'reasoning' ? 'reasoning' : 'content';
  if (!side || !Number.isInteger(message) || !quote) return null;
  return { side, message, field, start, end: start + quote.length, quote };
}

function closestText(node: Node): HTMLElement | null {
  const el = node instanceof HTMLElement ? node : node.parentElement;
  return el?.closest<HTMLElement>('.text[data-side]') ?? null;
}

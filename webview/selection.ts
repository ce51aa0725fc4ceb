import type { SpanField } from '../src/core/labels/spanSource';
import { sourcePieces, sourceText } from './sourceText';

/**
 * Where the current text selection lies: a side's message field and UTF-16 offsets into its text
 * (for `arguments`, into the shown arguments: `rawArgumentsRange` takes them to the raw string).
 */
export interface SelectionTarget {
  /** The side's name; `""` in the shared prompt (`in`). */
  side: string;
  /** `prompt`: the selection is in a step both runs share, and `message` indexes the item's prompt. */
  in?: 'prompt';
  message: number;
  field: SpanField;
  /** The tool call whose arguments are selected, or that the selected tool result answers. */
  toolCallId?: string;
  start: number;
  end: number;
  quote: string;
}

/**
 * Reads the selection inside one `.text[data-side][data-message][data-field]` element. The
 * element's source text is exactly the message text (highlights only wrap it; rendered Markdown
 * keeps its syntax characters hidden, see sourceText.ts), so counting characters from the
 * element's start gives offsets into the text. The range is narrowed to the visible characters
 * selected: a triple-click on a paragraph or list item does not take the hidden syntax and line
 * breaks around it. The quote is the source text between, syntax included.
 */
export function selectionTarget(): SelectionTarget | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const host = closestText(range.startContainer);
  if (!host || host !== closestText(range.endContainer)) return null;
  const bounds = visibleBounds(host, range);
  if (!bounds) return null;
  const [start, end] = bounds;
  const quote = sourceText(host).slice(start, end);
  const side = host.dataset.side;
  const message = Number(host.dataset.message);
  const field = host.dataset.field === 'reasoning' || host.dataset.field === 'arguments' ? host.dataset.field : 'content';
  // A shared step's text (in the prompt) has the empty side: it is neither side's.
  const inPrompt = side === '' && !!host.closest('.prompt article.shared-step');
  if ((!side && !inPrompt) || side === undefined || !Number.isInteger(message) || !quote) return null;
  const call = host.dataset.call;
  return { side, ...(inPrompt && { in: 'prompt' as const }), message, field, ...(call ? { toolCallId: call } : {}), start, end, quote };
}

/** Offsets in `host`'s text of the first and past the last visible (not syntax) character in `range`. */
function visibleBounds(host: HTMLElement, range: Range): [number, number] | null {
  let offset = 0;
  let start = -1;
  let end = -1;
  for (const { node: n, length: len, hidden } of sourcePieces(host)) {
    if (!hidden && range.intersectsNode(n)) {
      const a = n === range.startContainer ? range.startOffset : 0;
      const b = n === range.endContainer ? range.endOffset : len;
      if (b > a) {
        if (start < 0) start = offset + a;
        end = offset + b;
      }
    }
    offset += len;
  }
  return start >= 0 && end > start ? [start, end] : null;
}

function closestText(node: Node): HTMLElement | null {
  const el = node instanceof HTMLElement ? node : node.parentElement;
  return el?.closest<HTMLElement>('.text[data-side]') ?? null;
}

import { common, createLowlight } from 'lowlight';
import type { Element, ElementContent, Root } from 'hast';

/** A run of code text with the highlight.js class that covers it (`''` for plain). */
export interface HighlightLeaf {
  start: number;
  end: number;
  cls: string;
}

// highlight.js's common languages: class-based output, so the CSP needs no inline styles.
// Registered at the first code block, not while the view starts (most items have none).
let lowlight: ReturnType<typeof createLowlight> | undefined;
const highlighter = () => (lowlight ??= createLowlight(common));

/** Past this size a code block is shown without colours: highlighting would cost more than it helps. */
export const maxHighlightChars = 20_000;

/**
 * Highlight classes over `code` as contiguous runs covering it, or null when the language is
 * unknown (no guessing: a guess is slow and often wrong) or the block is too large.
 */
export function highlightCode(code: string, lang: string | null | undefined): HighlightLeaf[] | null {
  const name = lang?.trim().toLowerCase();
  if (!name || code.length > maxHighlightChars || !highlighter().registered(name)) return null;
  let tree: Root;
  try {
    tree = highlighter().highlight(name, code);
  } catch {
    return null;
  }
  const out: HighlightLeaf[] = [];
  let offset = 0;
  const walk = (nodes: (ElementContent | Root['children'][number])[], cls: string) => {
    for (const n of nodes) {
      if (n.type === 'text') {
        if (n.value.length) out.push({ start: offset, end: offset + n.value.length, cls });
        offset += n.value.length;
      } else if (n.type === 'element') {
        const own = classOf(n);
        walk(n.children, own || cls);
      }
    }
  };
  walk(tree.children, '');
  return offset === code.length ? out : null;
}

function classOf(el: Element): string {
  const c = el.properties?.className;
  return Array.isArray(c) ? c.filter((x) => typeof x === 'string' && /^hljs-[\w-]+$/.test(x)).join(' ') : '';
}

import { noChange, nothing } from 'lit';
import { Directive, PartType, directive, type ChildPart, type PartInfo } from 'lit/directive.js';

/**
 * A message field's source text as its DOM holds it. Rendered Markdown keeps every source character
 * in the field's element, so that a selection's place counts source offsets: shown characters are
 * text nodes, hidden syntax (`**`, a list marker, a link's URL) is held in comment nodes this module
 * made. A comment has no style, box or paint, where the hidden element it replaced cost style on
 * every `j` (about half the elements of a long Markdown answer). Comments lit places as markers
 * are not ours and count nothing.
 */
const syntaxNodes = new WeakSet<Node>();

/** A piece of the field's text: `node` holds `length` characters of it; `hidden` for syntax. */
export interface SourcePiece {
  node: CharacterData;
  length: number;
  hidden: boolean;
}

/** The field's text nodes and hidden syntax, in document order. */
export function* sourcePieces(host: Node): Generator<SourcePiece> {
  const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_COMMENT, {
    acceptNode: (n) => (n.nodeType === Node.TEXT_NODE || syntaxNodes.has(n) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const node = n as CharacterData;
    yield { node, length: node.data.length, hidden: node.nodeType !== Node.TEXT_NODE };
  }
}

/** The field's source text: its shown and hidden characters in order. */
export function sourceText(host: Node): string {
  let out = '';
  for (const p of sourcePieces(host)) out += p.node.data;
  return out;
}

class HiddenSyntax extends Directive {
  private node: Comment | undefined;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.CHILD) throw new Error('hiddenSyntax() goes where text would');
  }

  /** Without a DOM (a string render): nothing is drawn, as in a browser. */
  render(_source: string): unknown {
    return nothing;
  }

  override update(_part: ChildPart, [source]: [string]): unknown {
    if (this.node?.data === source) return noChange;
    if (this.node) this.node.data = source;
    else syntaxNodes.add((this.node = document.createComment(source)));
    return this.node;
  }
}

/** Source characters kept in the DOM, in the text's count but not drawn (Markdown syntax). */
export const hiddenSyntax = directive(HiddenSyntax);

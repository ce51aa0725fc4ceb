import type { Nodes, Parents, Root, Definition, AlignType } from 'mdast';
import { alignValue, type Piece } from './pieces';
import { highlightCode, type HighlightLeaf } from './highlight';
import { openableUrl } from './links';

/** What a rendered element is; the view maps each to one element type and class. */
export type BlockTag =
  | 'root' | 'p' | 'heading' | 'blockquote' | 'list' | 'li' | 'pre' | 'code' | 'strong' | 'em' | 'del'
  | 'link' | 'image' | 'table' | 'tr' | 'cell' | 'hr' | 'br' | 'html' | 'htmlBlock' | 'definition'
  | 'footnote' | 'footnoteRef' | 'span';

/** One element of the rendered Markdown: its children are elements or source pieces, in source order. */
export interface Block {
  tag: BlockTag;
  children: (Block | Piece)[];
  /** Heading level. */
  depth?: number;
  ordered?: boolean;
  start?: number;
  /** Lists: no paragraph spacing between items. */
  tight?: boolean;
  /** Task list items: true / false; other items: undefined. */
  checked?: boolean;
  /** Links: the destination as written, and the address that may be opened (http/https only). */
  url?: string;
  openable?: string | null;
  lang?: string;
  align?: AlignType;
  header?: boolean;
  label?: string;
}

export function isBlock(c: Block | Piece): c is Block {
  return 'tag' in c;
}

interface Context {
  source: string;
  definitions: Map<string, string>;
}

const posOf = (n: Nodes): [number, number] | null => {
  const s = n.position?.start.offset;
  const e = n.position?.end.offset;
  return s === undefined || e === undefined ? null : [s, e];
};

/**
 * The rendered form of a Markdown syntax tree whose every source character is in exactly one
 * piece, in order: the DOM built from it has the source as its text content, so selections map
 * to source offsets by counting, and marks (spans, diffs) cut pieces at source offsets.
 */
export function planMarkdown(source: string, root: Root): Block {
  const definitions = new Map<string, string>();
  const collect = (n: Nodes) => {
    if (n.type === 'definition') definitions.set((n as Definition).identifier, (n as Definition).url);
    if ('children' in n) for (const c of n.children) collect(c as Nodes);
  };
  collect(root);
  const ctx: Context = { source, definitions };
  return container(ctx, { tag: 'root', children: [] }, root, 0, source.length);
}

function hidden(out: (Block | Piece)[], start: number, end: number): void {
  if (end > start) out.push({ start, end, hidden: true });
}

/** Children in order, with the source between them (syntax) hidden. */
function container(ctx: Context, block: Block, node: Parents, start: number, end: number, tight = false): Block {
  let cursor = start;
  for (const child of node.children as Nodes[]) {
    const r = posOf(child);
    if (!r || r[0] < cursor || r[1] > end) continue;
    hidden(block.children, cursor, r[0]);
    convert(ctx, child, r[0], r[1], block.children, tight, block.tag);
    cursor = r[1];
  }
  hidden(block.children, cursor, end);
  return block;
}

function verbatim(out: (Block | Piece)[], start: number, end: number): void {
  if (end > start) out.push({ start, end });
}

function valuePieces(ctx: Context, out: (Block | Piece)[], value: string, start: number, end: number, lineEndingIsSpace = false): Piece[] {
  const pieces = alignValue(ctx.source, start, end, value, { lineEndingIsSpace }) ?? [{ start, end }];
  out.push(...pieces);
  return pieces;
}

function convert(ctx: Context, n: Nodes, s: number, e: number, out: (Block | Piece)[], tight: boolean, parent: BlockTag): void {
  const { source } = ctx;
  switch (n.type) {
    case 'text':
      valuePieces(ctx, out, n.value, s, e);
      return;
    case 'paragraph':
      out.push(container(ctx, { tag: 'p', children: [], tight }, n, s, e));
      return;
    case 'heading':
      out.push(container(ctx, { tag: 'heading', children: [], depth: n.depth }, n, s, e));
      return;
    case 'blockquote':
      out.push(container(ctx, { tag: 'blockquote', children: [] }, n, s, e));
      return;
    case 'list': {
      const loose = !!n.spread || n.children.some((c) => c.spread);
      const block: Block = { tag: 'list', children: [], ordered: !!n.ordered, start: n.start ?? 1, tight: !loose };
      let cursor = s;
      for (const item of n.children) {
        const r = posOf(item);
        if (!r || r[0] < cursor) continue;
        hidden(block.children, cursor, r[0]);
        const li: Block = { tag: 'li', children: [], checked: typeof item.checked === 'boolean' ? item.checked : undefined };
        block.children.push(container(ctx, li, item, r[0], r[1], !loose));
        cursor = r[1];
      }
      hidden(block.children, cursor, e);
      out.push(block);
      return;
    }
    case 'code': {
      const block: Block = { tag: 'pre', children: [], lang: n.lang ?? undefined };
      // Align the code inside the fences only, so a language name never stands in for code.
      let cs = s;
      let ce = e;
      const fence = /^[ \t]*(`{3,}|~{3,})/.exec(source.slice(s, Math.min(e, s + 1000)));
      if (fence) {
        const nl = source.indexOf('\n', s);
        cs = nl < 0 || nl >= e ? e : nl + 1;
        const lastNl = source.lastIndexOf('\n', e - 1);
        if (lastNl >= cs - 1 && /^[ \t>]*(`{3,}|~{3,})[ \t]*\r?$/.test(source.slice(lastNl + 1, e))) ce = Math.max(cs, lastNl);
        if (ce > cs && source[ce - 1] === '\r') ce--;
      }
      hidden(block.children, s, cs);
      const inner: (Block | Piece)[] = [];
      const pieces = valuePieces(ctx, inner, n.value, cs, ce);
      const leaves = highlightCode(n.value, n.lang);
      block.children.push(...(leaves ? applyHighlight(pieces, leaves) : inner));
      hidden(block.children, ce, e);
      out.push(block);
      return;
    }
    case 'inlineCode': {
      const block: Block = { tag: 'code', children: [] };
      valuePieces(ctx, block.children, n.value, s, e, true);
      out.push(block);
      return;
    }
    case 'strong':
      out.push(container(ctx, { tag: 'strong', children: [] }, n, s, e));
      return;
    case 'emphasis':
      out.push(container(ctx, { tag: 'em', children: [] }, n, s, e));
      return;
    case 'delete':
      out.push(container(ctx, { tag: 'del', children: [] }, n, s, e));
      return;
    case 'link':
    case 'linkReference': {
      const url = n.type === 'link' ? n.url : (ctx.definitions.get(n.identifier) ?? '');
      const block: Block = { tag: 'link', children: [], url, openable: openableUrl(url) };
      // Children, then the destination shown (muted) when it is not the link text itself.
      const kids = n.children as Nodes[];
      const last = kids.length ? posOf(kids[kids.length - 1]!) : null;
      const textEnd = last ? last[1] : s;
      container(ctx, block, { ...n, children: n.children } as Parents, s, textEnd);
      const rest = source.slice(textEnd, e);
      const at = n.type === 'link' && url ? rest.indexOf(url) : -1;
      if (at >= 0) {
        hidden(block.children, textEnd, textEnd + at);
        block.children.push({ start: textEnd + at, end: textEnd + at + url.length, cls: 'md-url' });
        hidden(block.children, textEnd + at + url.length, e);
      } else hidden(block.children, textEnd, e);
      out.push(block);
      return;
    }
    case 'image':
    case 'imageReference': {
      const url = n.type === 'image' ? n.url : (ctx.definitions.get(n.identifier) ?? '');
      out.push({ tag: 'image', children: [{ start: s, end: e }], url });
      return;
    }
    case 'table': {
      const block: Block = { tag: 'table', children: [] };
      let cursor = s;
      n.children.forEach((row, ri) => {
        const r = posOf(row);
        if (!r || r[0] < cursor) return;
        hidden(block.children, cursor, r[0]);
        const tr: Block = { tag: 'tr', children: [] };
        let c2 = r[0];
        row.children.forEach((cell, ci) => {
          const rc = posOf(cell);
          if (!rc || rc[0] < c2) return;
          hidden(tr.children, c2, rc[0]);
          tr.children.push(container(ctx, { tag: 'cell', children: [], header: ri === 0, align: n.align?.[ci] ?? null }, cell, rc[0], rc[1]));
          c2 = rc[1];
        });
        hidden(tr.children, c2, r[1]);
        block.children.push(tr);
        cursor = r[1];
      });
      hidden(block.children, cursor, e);
      out.push(block);
      return;
    }
    case 'thematicBreak':
      out.push({ tag: 'hr', children: [{ start: s, end: e, hidden: true }] });
      return;
    case 'break':
      out.push({ tag: 'br', children: [{ start: s, end: e, hidden: true }] });
      return;
    case 'html':
      // Raw HTML is text: shown as written, never parsed.
      out.push({ tag: flowParents.has(parent) ? 'htmlBlock' : 'html', children: [{ start: s, end: e }] });
      return;
    case 'definition':
      out.push({ tag: 'definition', children: [{ start: s, end: e }] });
      return;
    case 'footnoteDefinition':
      out.push(container(ctx, { tag: 'footnote', children: [], label: n.label ?? n.identifier }, n, s, e));
      return;
    case 'footnoteReference':
      out.push({ tag: 'footnoteRef', children: [{ start: s, end: e }] });
      return;
    default:
      if ('children' in n) out.push(container(ctx, { tag: 'span', children: [] }, n as Parents, s, e));
      else if ('value' in n && typeof n.value === 'string') valuePieces(ctx, out, n.value, s, e);
      else verbatim(out, s, e);
  }
}

/** Where block-level (flow) content sits; HTML anywhere else is inline. */
const flowParents = new Set<BlockTag>(['root', 'blockquote', 'li', 'footnote']);

/** A whole text shown as a code block as it is (a tool result in JSON), highlighted when the language is known. */
export function codePlan(source: string, lang: string): Block {
  const all: Piece[] = [{ start: 0, end: source.length }];
  const leaves = highlightCode(source, lang);
  return { tag: 'root', children: [{ tag: 'pre', lang, children: leaves ? applyHighlight(all, leaves) : all }] };
}

/** Cuts visible code pieces at highlight boundaries (value offsets walk with the drawn text). */
function applyHighlight(pieces: readonly Piece[], leaves: readonly HighlightLeaf[]): Piece[] {
  const out: Piece[] = [];
  let vi = 0;
  let li = 0;
  for (const p of pieces) {
    if (p.hidden) {
      out.push(p);
      continue;
    }
    if (p.show !== undefined) {
      vi += p.show.length;
      out.push(p);
      continue;
    }
    let s = p.start;
    while (s < p.end) {
      while (li < leaves.length && leaves[li]!.end <= vi) li++;
      const leaf = leaves[li];
      const take = leaf ? Math.min(p.end - s, leaf.end - vi) : p.end - s;
      out.push(leaf?.cls ? { start: s, end: s + take, cls: leaf.cls } : { start: s, end: s + take });
      s += take;
      vi += take;
    }
  }
  return out;
}

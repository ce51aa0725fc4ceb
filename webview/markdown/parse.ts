import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import type { Nodes } from 'mdast';
import { planMarkdown, type Block } from './plan';

/** Rendered Markdown, or the reason the text is shown as its source instead. */
export type Rendered = { kind: 'markdown'; block: Block } | { kind: 'raw'; reason: string };

// Limits that keep one message's rendering inside the item-switch budget. micromark is
// CommonMark-exact but its delimiter matching is quadratic in the number of unmatched
// emphasis and bracket markers (50,000 `a* ` take 94 s; 3,000 take about 0.1 s).
export const maxMarkdownChars = 50_000;
export const maxDelimiters = 3_000;
export const maxQuoteDepth = 20;
export const maxNodes = 20_000;
export const maxDepth = 40;

const fmt = (n: number) => n.toLocaleString('en-US');

/** Why this text must not go through the parser, found in one linear scan; null when it may. */
export function tooHardToParse(text: string): string | null {
  if (text.length > maxMarkdownChars) return `longer than ${fmt(maxMarkdownChars)} characters`;
  let delimiters = 0;
  let quoteDepth = 0;
  let lineStart = true;
  let depthHere = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // * _ ~ count once per run (a run is one delimiter for the matcher); every [ and ] counts.
    if (c === 42 || c === 95 || c === 126) {
      if (text.charCodeAt(i - 1) !== c) delimiters++;
    } else if (c === 91 || c === 93) delimiters++;
    if (c === 10) {
      lineStart = true;
      depthHere = 0;
    } else if (lineStart) {
      if (c === 62) quoteDepth = Math.max(quoteDepth, ++depthHere);
      else if (c !== 32 && c !== 9) lineStart = false;
    }
  }
  if (delimiters > maxDelimiters) return `${fmt(delimiters)} emphasis and bracket markers (the limit is ${fmt(maxDelimiters)})`;
  if (quoteDepth > maxQuoteDepth) return `block quotes nested ${fmt(quoteDepth)} deep (the limit is ${maxQuoteDepth})`;
  return null;
}

/** Parses and lays out one message's Markdown, or says why it is shown raw. Pure. */
export function renderMarkdown(text: string): Rendered {
  const hard = tooHardToParse(text);
  if (hard) return { kind: 'raw', reason: hard };
  let tree;
  try {
    tree = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  } catch (err) {
    return { kind: 'raw', reason: `the Markdown parser failed (${err instanceof Error ? err.message : String(err)})` };
  }
  let nodes = 0;
  let deepest = 0;
  const stack: [Nodes, number][] = [[tree, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    nodes++;
    deepest = Math.max(deepest, d);
    if ('children' in n) for (const c of n.children) stack.push([c as Nodes, d + 1]);
  }
  if (nodes > maxNodes) return { kind: 'raw', reason: `${fmt(nodes)} Markdown elements (the limit is ${fmt(maxNodes)})` };
  if (deepest > maxDepth) return { kind: 'raw', reason: `elements nested ${fmt(deepest)} deep (the limit is ${maxDepth})` };
  return { kind: 'markdown', block: planMarkdown(text, tree) };
}

/** Recently rendered texts: the view re-renders often (save state, progress), the text rarely changes. */
const cache = new Map<string, Rendered>();
const cacheSize = 64;

export function renderMarkdownCached(text: string): Rendered {
  const hit = cache.get(text);
  if (hit) return hit;
  const r = renderMarkdown(text);
  if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
  cache.set(text, r);
  return r;
}

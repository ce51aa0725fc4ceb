import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { DirectiveResult } from 'lit/directive.js';
import type { Mark, Segment } from '../segments';
import { codePlan, isBlock, type Block } from '../markdown/plan';
import type { Piece } from '../markdown/pieces';
import { renderMarkdownCached } from '../markdown/parse';
import { markRun, markedText, shown, textSegments, type TextPlace } from './text';
import { resultForm, type ResultForm } from '../toolResult';
import { prettyJsonPlan } from '../markdown/jsonPretty';
import { hiddenSyntax } from '../sourceText';

/** A JSON text's plan: compact JSON laid out with indentation (the text unchanged), else highlighted as written. */
function jsonPlan(text: string): { kind: 'markdown'; block: Block } {
  return { kind: 'markdown', block: prettyJsonPlan(text) ?? codePlan(text, 'json') };
}

/** Fired (bubbling) when a reader activates an openable link; the app asks the host to confirm and open it. */
export const openLinkEvent = 'tr-open-link';

interface Draw {
  text: string;
  segments: Segment[];
}

/** Segments overlapping [start, end), found by binary search (segments are sorted and contiguous). */
function overlapping(segments: readonly Segment[], start: number, end: number): Segment[] {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  const out: Segment[] = [];
  for (let i = lo; i < segments.length && segments[i]!.start < end; i++) out.push(segments[i]!);
  return out;
}

function piece(d: Draw, p: Piece): TemplateResult | DirectiveResult | string | (TemplateResult | string)[] {
  const src = d.text.slice(p.start, p.end);
  if (p.hidden) return hiddenSyntax(src);
  // A reference (`&copy;`) draws its character; its source is hidden syntax.
  if (p.show !== undefined) return html`<span class="md-ref" data-show=${p.show} title=${src}>${hiddenSyntax(src)}</span>`;
  const segs = overlapping(d.segments, p.start, p.end);
  if (segs.length === 1 && !segs[0]!.marks.length) return p.cls ? html`<span class=${p.cls}>${src}</span>` : src;
  return segs.map((s) => markRun(d.text.slice(Math.max(s.start, p.start), Math.min(s.end, p.end)), s.marks, p.cls ?? ''));
}

function kids(d: Draw, b: Block): unknown[] {
  return b.children.map((c) => (isBlock(c) ? block(d, c) : piece(d, c)));
}

function activate(e: Event): void {
  const el = e.currentTarget as HTMLElement;
  const url = el.dataset.url;
  if (!url) return;
  // A drag that selects link text is not a click on the link.
  if (e.type === 'click' && !(window.getSelection()?.isCollapsed ?? true)) return;
  if (e instanceof KeyboardEvent && e.key !== 'Enter') return;
  e.preventDefault();
  el.dispatchEvent(new CustomEvent(openLinkEvent, { bubbles: true, composed: true, detail: url }));
}

// Templates hold no whitespace between tags: every text node in the DOM is a piece of the source.
function block(d: Draw, b: Block): TemplateResult {
  const k = kids(d, b);
  switch (b.tag) {
    case 'root':
      return html`${k}`;
    case 'p':
      return html`<p class="md-p ${b.tight ? 'tight' : ''}">${k}</p>`;
    case 'heading':
      return html`<div class="md-h md-h${b.depth ?? 1}" role="heading" aria-level=${b.depth ?? 1}>${k}</div>`;
    case 'blockquote':
      return html`<blockquote class="md-quote">${k}</blockquote>`;
    case 'list':
      return b.ordered ? html`<ol class="md-list ${b.tight ? 'tight' : ''}" start=${b.start ?? 1}>${k}</ol>` : html`<ul class="md-list ${b.tight ? 'tight' : ''}">${k}</ul>`;
    case 'li':
      return b.checked === undefined
        ? html`<li>${k}</li>`
        : html`<li class="md-task"><span class="codicon codicon-${b.checked ? 'pass' : 'circle-large-outline'}" role="img" aria-label=${b.checked ? 'done' : 'not done'}></span>${k}</li>`;
    case 'pre':
      return html`<pre class="md-pre" data-lang=${b.lang || nothing}><code>${k}</code></pre>`;
    case 'code':
      return html`<code class="md-code">${k}</code>`;
    case 'strong':
      return html`<strong>${k}</strong>`;
    case 'em':
      return html`<em>${k}</em>`;
    case 'del':
      return html`<del>${k}</del>`;
    case 'link':
      return b.openable
        ? html`<span class="md-link" role="link" tabindex="0" data-url=${b.openable} title=${`Open ${b.openable} (asks first)`} @click=${activate} @keydown=${activate}>${k}</span>`
        : html`<span class="md-link inert" title=${`Not a web link, not opened: ${b.url ?? ''}`}>${k}</span>`;
    case 'image':
      return html`<span class="md-image" title=${`Image not loaded: ${b.url ?? ''}`}><span class="codicon codicon-file-media" aria-hidden="true"></span>${k}</span>`;
    case 'table':
      return html`<div class="md-table-wrap"><table class="md-table">${k}</table></div>`;
    case 'tr':
      return html`<tr>${k}</tr>`;
    case 'cell':
      return b.header ? html`<th class="align-${b.align ?? 'none'}">${k}</th>` : html`<td class="align-${b.align ?? 'none'}">${k}</td>`;
    case 'hr':
      return html`<hr class="md-hr">${k}`;
    case 'br':
      return html`${k}<br>`;
    case 'html':
      return html`<code class="md-html" title="HTML in the text, shown as text">${k}</code>`;
    case 'htmlBlock':
      return html`<pre class="md-html-block" title="HTML in the text, shown as text">${k}</pre>`;
    case 'definition':
      return html`<div class="md-definition">${k}</div>`;
    case 'footnote':
      return html`<div class="md-footnote" data-label=${b.label ?? ''}>${k}</div>`;
    case 'footnoteRef':
      return html`<sup class="md-footnote-ref">${k}</sup>`;
    case 'span':
      return html`<span>${k}</span>`;
  }
}

/**
 * One message field: rendered Markdown (or its source, with the Raw toggle or when it is too
 * large or pathological to render, then with a note saying why). The `.text` element's text
 * content is the source text in both cases, so selection offsets and marks are source offsets.
 * Guarded: re-rendering the app with the same text and marks skips this subtree.
 */
export function messageBody(text: string, marks: Mark[], where: TextPlace, label: string, raw: boolean, format: TextFormat = 'markdown'): TemplateResult {
  const deps = [text, raw, format, marksKey(marks), where.side, where.message, where.field, where.call, label];
  const draw = () => body(text, marks, where, label, raw, format);
  collecting?.push({ key: bodyKey(deps), text, draw });
  return html`${guard(deps, () => (prepared.size ? takePrepared(bodyKey(deps)) : undefined) ?? draw())}`;
}

/**
 * A message body drawn ahead, while the view is idle (prepareAhead.ts): its DOM, built by lit from the
 * very template `draw` returns, so taking it in place of `draw()` draws the same nodes. A body is a
 * function of its guard's dependencies alone, and the key is made of all of them.
 */
export interface AheadBody {
  key: string;
  text: string;
  draw: () => TemplateResult;
}

const bodyKey = (deps: readonly unknown[]) => JSON.stringify(deps);

/** Bodies drawn ahead, by key; each is taken once (its nodes then live in the page). */
const prepared = new Map<string, Node>();
let collecting: AheadBody[] | null = null;

/** The bodies a view function would draw, found by running it (nothing is drawn). */
export function bodiesOf(view: () => unknown): AheadBody[] {
  const out: AheadBody[] = (collecting = []);
  try {
    view();
  } finally {
    collecting = null;
  }
  return out;
}

/** Keeps a body drawn ahead (or forgets them all, with `undefined`: another item is ahead now). */
export function keepPrepared(key: string | undefined, node?: Node): void {
  if (key === undefined) prepared.clear();
  else if (node) prepared.set(key, node);
}

export function isPrepared(key: string): boolean {
  return prepared.has(key);
}

function takePrepared(key: string): Node | undefined {
  const node = prepared.get(key);
  if (node) prepared.delete(key);
  return node;
}

/** How a text is meant to be read: model prose is Markdown; a tool result takes its own form (see `resultForm`). */
export type TextFormat = ResultForm;

export function formatOf(role: string, text: string): TextFormat {
  return role === 'tool' ? resultForm(text) : 'markdown';
}

/** A prompt message: rendered like the answers, but not taggable (no side, no marks). */
export function promptBody(text: string, raw: boolean, format: TextFormat = 'markdown'): TemplateResult {
  return html`${guard([text, raw, format], () => {
    if (raw || format === 'text') return html`<div class="text plain ${format === 'text' ? 'preformatted' : ''}">${shown(text)}</div>`;
    const r = format === 'json' ? jsonPlan(text) : renderMarkdownCached(text);
    if (r.kind === 'raw') return html`<div class="text plain">${shown(text)}</div>`;
    // Bidi controls are neutralised here too, as in the answers (the prompt is data as well).
    return html`<div class="text md plain">${block({ text, segments: textSegments(text, []) }, r.block)}</div>`;
  })}`;
}

function marksKey(marks: readonly Mark[]): string {
  return marks.map((m) => `${m.kind}${m.start}-${m.end}${m.id ?? ''}${m.traitIndex ?? ''}${m.other ? 'o' : ''}${m.annotatorIndex ?? ''}${m.title ?? ''}`).join('|');
}

function body(text: string, marks: Mark[], where: TextPlace, label: string, raw: boolean, format: TextFormat): TemplateResult {
  if (raw) return markedText(text, marks, where, label);
  // Code and logs: the source itself, line breaks kept, in the editor font.
  if (format === 'text') return html`<div class="preformatted">${markedText(text, marks, where, label)}</div>`;
  const r = format === 'json' ? jsonPlan(text) : renderMarkdownCached(text);
  if (r.kind === 'raw') {
    return html`<p class="md-fallback" role="note"><span class="codicon codicon-info" aria-hidden="true"></span> Shown as source: ${r.reason}.</p>${markedText(text, marks, where, label)}`;
  }
  const d: Draw = { text, segments: textSegments(text, marks) };
  return html`<div class="text md" data-side=${where.side} data-message=${where.message} data-field=${where.field} data-call=${where.call ?? nothing} aria-label=${label}>${block(d, r.block)}</div>`;
}

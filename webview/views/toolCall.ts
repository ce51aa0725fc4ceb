import { html, nothing, type TemplateResult } from 'lit';
import type { Message, ToolCall } from '../../src/core/schema';
import { isToolError, lineCount, resultForm, resultKey, resultOpensByDefault } from '../toolResult';
import type { ViewState } from '../state';
import { prettyJsonLines } from '../markdown/jsonPretty';
import { highlightCode } from '../markdown/highlight';
import { markRun, shown, shownAttr, textSegments } from './text';
import type { ArgumentToken, ArgumentsLayout } from '../../src/core/toolArguments';
import { argumentsLayoutCached } from '../argumentsLayouts';
import type { Mark, Segment } from '../segments';
import type { HighlightLeaf } from '../markdown/highlight';

/** Code with highlight.js classes (text nodes only), or plain when the language is unknown or it is large. */
export function codeText(code: string, lang: string): TemplateResult | string {
  const leaves = highlightCode(code, lang);
  if (!leaves) return shown(code);
  return html`${leaves.map((l) => (l.cls ? html`<span class=${l.cls}>${shown(code.slice(l.start, l.end))}</span>` : shown(code.slice(l.start, l.end))))}`;
}

/** Whether a multi-line string reads as a unified diff (then it is highlighted as one). */
export function looksLikeDiff(text: string): boolean {
  return /^(diff --git |--- |\+\+\+ |@@ )/m.test(text) && /^[+-]/m.test(text);
}

/** Lines past which a block starts collapsed, with its line count in the summary. */
export const collapseLines = 30;

/** A code block, collapsed behind a line count when long. */
export function codeBlock(code: string, lang: string, label: string): TemplateResult {
  const lines = lineCount(code);
  const pre = html`<pre class="tool-value"><code>${codeText(code, lang)}</code></pre>`;
  return lines > collapseLines ? html`<details class="collapsed-block"><summary>${shown(label)} · ${lines.toLocaleString('en-US')} lines</summary>${pre}</details>` : pre;
}

/** Where a side's tool call is, for its arguments' text to be taggable; `marks` are in shown offsets. */
export interface CallPlace {
  side: string;
  message: number;
  label: string;
  marks(call: ToolCall, layout: ArgumentsLayout): Mark[];
}

const tokenClass: Record<ArgumentToken['kind'], string> = { key: 'hljs-attr', string: 'hljs-string', number: 'hljs-number', literal: 'hljs-literal' };

/**
 * Runs of `text[a, b)` cut at every mark and colour boundary. Every character of the shown text
 * is in exactly one text node, in order, so a selection's offsets in the element are shown
 * offsets (`shownToRaw` takes them to the raw arguments).
 */
function shownRuns(text: string, segments: readonly Segment[], classes: readonly HighlightLeaf[], a: number, b: number): (TemplateResult | string)[] {
  const cuts = new Set([a, b]);
  for (const s of segments) if (s.start > a && s.start < b) cuts.add(s.start);
  for (const c of classes) for (const x of [c.start, c.end]) if (x > a && x < b) cuts.add(x);
  const points = [...cuts].sort((x, y) => x - y);
  const out: (TemplateResult | string)[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, e] = [points[i]!, points[i + 1]!];
    const marks = segments.find((g) => g.start <= s && g.end >= e)?.marks ?? [];
    const cls = classes.find((c) => c.start <= s && c.end >= e)?.cls ?? '';
    out.push(markRun(text.slice(s, e), marks, cls));
  }
  return out;
}

/** A value block, collapsed behind its line count when long (the count is drawn by CSS, so it is no text of the arguments). */
function valueBlock(body: (TemplateResult | string)[], lines: number, label: string): TemplateResult {
  const pre = html`<pre class="tool-value"><code>${body}</code></pre>`;
  return lines > collapseLines ? html`<details class="collapsed-block"><summary data-label=${`${shownAttr(label)} · ${lines.toLocaleString('en-US')} lines`}></summary>${pre}</details>` : pre;
}

/**
 * A tool call's arguments as a reader wants them (`argumentsLayout`): each member by name,
 * strings decoded (with line breaks as text blocks), nested values as indented JSON; arguments
 * that are not JSON as they are. On a side, the element is a taggable text whose offsets map
 * exactly to the raw arguments string; in the prompt, it is read only.
 */
export function toolArguments(call: ToolCall, place?: CallPlace): TemplateResult {
  const layout = argumentsLayoutCached(call.function.arguments ?? '');
  const { text, entries } = layout;
  const marks = place ? place.marks(call, layout) : [];
  const segments = textSegments(text, marks);
  const classes: HighlightLeaf[] = layout.tokens.map((t) => ({ start: t.start, end: t.end, cls: tokenClass[t.kind] }));
  const run = (a: number, b: number, extra: readonly HighlightLeaf[] = []) => shownRuns(text, segments, extra.length ? extra : classes, a, b);
  let body: TemplateResult;
  if (!entries) body = html`<pre class="args">${run(0, text.length)}</pre>`;
  else if (!entries[0]?.key) body = valueBlock(run(0, text.length), lineCount(text), 'Arguments');
  else {
    body = html`<dl class="tool-args">${entries.map((e) => {
      const [ks, ke] = e.key!;
      const [vs, ve] = e.value;
      const name = text.slice(ks, ke);
      let value: TemplateResult;
      if (e.form === 'inline') value = html`<span class="arg-string">${run(vs, ve)}</span>`;
      else if (e.form === 'json') value = valueBlock(run(vs, ve), lineCount(text.slice(vs, ve)), name);
      else {
        const code = text.slice(vs, ve);
        const leaves = highlightCode(code, looksLikeDiff(code) || /diff|patch/i.test(name) ? 'diff' : '') ?? [];
        value = valueBlock(run(vs, ve, leaves.map((l) => ({ ...l, start: l.start + vs, end: l.end + vs }))), lineCount(code), name);
      }
      // The line breaks after a name and a value are layout in the shown text: kept as text nodes (they render as nothing).
      return html`<div class="tool-arg"><dt>${run(ks, ke, [])}${text.slice(ke, vs)}</dt><dd>${value}${text.slice(ve, entries[entries.indexOf(e) + 1]?.key?.[0] ?? text.length)}</dd></div>`;
    })}</dl>`;
  }
  if (!place || !call.id) return html`<div class="args-text">${body}</div>`;
  return html`<div class="text args-text" data-side=${place.side} data-message=${place.message} data-field="arguments" data-call=${call.id} aria-label=${shownAttr(`${place.label}, arguments of ${call.function.name}`)}>${body}</div>`;
}

/**
 * An assistant turn's tool calls: each with its function, its id and its arguments (taggable on a
 * side, `place`). A call with an id is a step of its own (`data-call`); `step` adds what the view
 * shows on that step (its labels, whether it is focused).
 */
export function toolCallsView(
  calls: readonly ToolCall[] | undefined,
  place?: CallPlace,
  step?: (id: string) => { labels: TemplateResult | typeof nothing; focused: boolean },
): TemplateResult | typeof nothing {
  if (!calls?.length) return nothing;
  return html`<div class="tool-calls">${calls.map((c, k) => {
    const s = c.id ? step?.(c.id) : undefined;
    return html`<div class="tool-call ${s?.focused ? 'step-focused' : ''}" data-call=${c.id || nothing} data-call-index=${k} tabindex="-1"><span class="codicon codicon-tools" aria-hidden="true"></span> <code class="fn">${shown(c.function.name)}</code>${c.id ? html` <span class="tool-id">${shown(c.id)}</span>` : nothing}${s?.labels ?? nothing}${toolArguments(c, place)}</div>`;
  })}</div>`;
}

/** Drawn line counts of the rendered results last drawn (an item is drawn again with every change of its labels). */
const drawnCounts = new Map<string, number>();

/**
 * Lines of a tool result as drawn: compact JSON is drawn pretty-printed (jsonPretty.ts), so its
 * count is the indented form's, not the one line of its source; Raw draws the source.
 */
export function drawnLineCount(text: string, raw: boolean): number {
  if (raw) return lineCount(text);
  let n = drawnCounts.get(text);
  if (n === undefined) {
    if (drawnCounts.size >= 512) drawnCounts.delete(drawnCounts.keys().next().value!);
    n = (resultForm(text) === 'json' ? prettyJsonLines(text) : undefined) ?? lineCount(text);
    drawnCounts.set(text, n);
  }
  return n;
}

/** A tool result's open state: what the user chose for it (click, Enter, `c`, a step landing on it), if anything. */
export interface ResultFold {
  chosen: boolean | undefined;
  /** A span is drawn in it: it opens when first drawn, to show it. */
  marked: boolean;
  /** Remembers the user's choice (and draws the page again). */
  choose(open: boolean): void;
}

/** A tool result's open state from the view's (`resultKey`: `side` undefined for the prompt); `marks` are its content's marks. */
export function resultFold(state: Pick<ViewState, 'openResults' | 'resultsAll'>, choose: (key: string, open: boolean) => void, side: string | undefined, message: number, marks: readonly Mark[]): ResultFold {
  const key = resultKey(side, message);
  return { chosen: state.openResults[key] ?? state.resultsAll ?? undefined, marked: marks.some((k) => k.kind === 'span'), choose: (open) => choose(key, open) };
}

/**
 * A tool result's body behind a summary with its line count as drawn: open when short
 * (`resultOpensByDefault`), collapsed when long, never empty once opened; a failed call is marked
 * in the summary and the frame. A collapsed result's body is not drawn (a trajectory of long
 * results is hundreds of thousands of elements): `body` is called only when it is open, and
 * opening it (the browser toggles the element) tells `fold`, which draws the page with it.
 */
export function toolResultFrame(m: Message, text: string, body: () => TemplateResult | typeof nothing, raw: boolean, fold: ResultFold): TemplateResult | typeof nothing {
  if (m.role !== 'tool') return body();
  const n = drawnLineCount(text, raw);
  const error = isToolError(m);
  const open = fold.chosen ?? resultOpensByDefault(n, text.length, fold.marked);
  // The toggle event also follows the open state drawn here: only a change by the user is a choice.
  const toggled = (e: Event) => {
    const now = (e.currentTarget as HTMLDetailsElement).open;
    if (now !== open) fold.choose(now);
  };
  return html`<details class="tool-result ${error ? 'tool-error' : ''}" ?open=${open} @toggle=${toggled}>
    <summary>${error ? html`<span class="codicon codicon-error" aria-hidden="true"></span> Tool error` : 'Tool result'} · ${n.toLocaleString('en-US')} ${n === 1 ? 'line' : 'lines'}</summary>${open ? body() : nothing}
  </details>`;
}

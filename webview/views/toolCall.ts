import { html, nothing, type TemplateResult } from 'lit';
import type { Message, ToolCall } from '../../src/core/schema';
import { isToolError, lineCount, resultCollapseLines } from '../toolResult';
import { highlightCode } from '../markdown/highlight';
import { shown } from './text';

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

/**
 * A tool call's arguments as a reader wants them: each top-level argument by name, strings with
 * line breaks (code, diffs, file contents) as text blocks, everything else as indented JSON.
 * Arguments that are not a JSON object are shown as they are.
 */
export function toolArguments(raw: string): TemplateResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return html`<pre class="args">${shown(raw)}</pre>`;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return codeBlock(JSON.stringify(parsed, null, 2), 'json', 'Arguments');
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (!entries.length) return html`<pre class="args">{}</pre>`;
  return html`<dl class="tool-args">${entries.map(([k, v]) => {
    const value =
      typeof v === 'string' && v.includes('\n')
        ? codeBlock(v, looksLikeDiff(v) || /diff|patch/i.test(k) ? 'diff' : '', k)
        : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null
          ? html`<span class="arg-string">${shown(typeof v === 'string' ? v : JSON.stringify(v))}</span>`
          : codeBlock(JSON.stringify(v, null, 2), 'json', k);
    return html`<div class="tool-arg"><dt>${shown(k)}</dt><dd>${value}</dd></div>`;
  })}</dl>`;
}

/** An assistant turn's tool calls: each with its function, its id and its arguments. */
export function toolCallsView(calls: readonly ToolCall[] | undefined): TemplateResult | typeof nothing {
  if (!calls?.length) return nothing;
  return html`<div class="tool-calls">${calls.map(
    (c, k) => html`<div class="tool-call" data-call=${k} tabindex="-1"><span class="codicon codicon-tools" aria-hidden="true"></span> <code class="fn">${shown(c.function.name)}</code>${c.id ? html` <span class="tool-id">${shown(c.id)}</span>` : nothing}${toolArguments(c.function.arguments ?? '')}</div>`,
  )}</div>`;
}

/**
 * A tool result's body behind a summary with its line count: open when short, collapsed when
 * long, never empty; a failed call is marked in the summary and the frame.
 */
export function toolResultFrame(m: Message, text: string, body: TemplateResult | typeof nothing): TemplateResult | typeof nothing {
  if (m.role !== 'tool') return body;
  const n = lineCount(text);
  const error = isToolError(m);
  return html`<details class="tool-result ${error ? 'tool-error' : ''}" ?open=${n <= resultCollapseLines}>
    <summary>${error ? html`<span class="codicon codicon-error" aria-hidden="true"></span> Tool error` : 'Tool result'} · ${n.toLocaleString('en-US')} ${n === 1 ? 'line' : 'lines'}</summary>${body}
  </details>`;
}

import { html, nothing, type TemplateResult } from 'lit';
import { bidiMarks, segment, type Mark, type Segment } from '../segments';

/** Where a text lives in the item: the selection code reads these back from the DOM. */
export interface TextPlace {
  side: string;
  message: number;
  field: string;
  /** The tool call a tool result answers: a span on it records the call. */
  call?: string;
}

/**
 * One run of text under the marks covering it (a diff range, labeled spans, a bidi control),
 * as a text node or a span with classes; `cls` adds a syntax-highlighting class.
 */
export function markRun(piece: string, marks: readonly Mark[], cls = ''): TemplateResult | string {
  if (!marks.length) return cls ? html`<span class=${cls}>${piece}</span>` : piece;
  const bidi = marks.find((m) => m.kind === 'bidi');
  // A bidi control is kept in the DOM (so selection offsets stay exact) but taken out of layout,
  // and shown as a visible code point instead: text from the data cannot reorder itself.
  if (bidi) return html`<span class="bidi-mark" data-cp=${bidi.title ?? ''} title="Bidirectional control character"></span><span class="bidi-hidden">${piece}</span>`;
  const spans = marks.filter((m) => m.kind === 'span');
  const diff = marks.some((m) => m.kind === 'diff');
  const classes = [
    cls,
    diff ? 'diff' : '',
    spans.length ? 'span' : '',
    spans.length > 1 ? 'overlap' : '',
    spans[0] !== undefined ? `ta-${spans[0].traitIndex}` : '',
    spans[1] !== undefined ? `tb-${spans[1].traitIndex}` : '',
    spans.some((m) => m.other) && spans.every((m) => m.other) ? `other ann-${spans[0]?.annotatorIndex ?? 0}` : '',
  ].filter(Boolean).join(' ');
  const title = spans.map((m) => m.title).filter(Boolean).join('\n') || (diff ? 'Differs from the other side' : '');
  return html`<span class=${classes} title=${title || nothing} data-span-ids=${spans.map((m) => m.id).join(' ') || nothing}>${piece}</span>`;
}

/** The text cut at every mark boundary, bidi controls included. */
export function textSegments(text: string, marks: readonly Mark[]): Segment[] {
  return segment(text.length, [...marks, ...bidiMarks(text)]);
}

/**
 * A text with highlights, rendered as text nodes inside spans (lit-html escapes every string;
 * nothing from the data is parsed as HTML). `data-*` attributes let the selection code map a
 * DOM selection back to offsets in this exact text.
 */
export function markedText(text: string, marks: Mark[], where: TextPlace, label: string): TemplateResult {
  const segments = textSegments(text, marks);
  return html`<div class="text" data-side=${where.side} data-message=${where.message} data-field=${where.field} data-call=${where.call ?? nothing} aria-label=${label}>${segments.map((s) => markRun(text.slice(s.start, s.end), s.marks))}</div>`;
}

const bidiControl = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const codePoint = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Any other untrusted string shown as text (item ids, names, models, the persona, quotes, notes,
 * rubric criteria, tool names and ids): bidi controls become a visible code point and are left
 * out, so data can never reorder what is around it. Offsets do not matter here, unlike `markRun`.
 */
export function shown(text: string | undefined): TemplateResult | string {
  if (!text) return '';
  if (!bidiControl.test(text)) return text;
  bidiControl.lastIndex = 0;
  const parts: (TemplateResult | string)[] = [];
  let at = 0;
  for (const m of text.matchAll(bidiControl)) {
    parts.push(text.slice(at, m.index));
    parts.push(html`<span class="bidi-mark" data-cp=${codePoint(m[0])} title="Bidirectional control character"></span>`);
    at = m.index + 1;
  }
  parts.push(text.slice(at));
  return html`${parts}`;
}

/** An untrusted string in an attribute (aria-label, title): bidi controls written as `<U+202E>`. */
export function shownAttr(text: string): string {
  return text.replace(bidiControl, (c) => `<${codePoint(c)}>`);
}

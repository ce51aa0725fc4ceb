import { html, nothing, type TemplateResult } from 'lit';
import type { Message } from '../../src/core/schema';
import type { AddEvent, SpanLabel } from '../../src/core/labels/labelEvent';
import { messageText } from '../../src/core/messageText';
import { rawToShown } from '../../src/core/toolArguments';
import type { ViewState } from '../state';
import type { Actions } from '../actions';
import type { Mark } from '../segments';
import { promptStep } from '../stepTarget';
import { formatOf, messageBody } from './markdown';
import { resultFold, toolCallsView, toolResultFrame, type CallPlace } from './toolCall';
import { stepFocused, stepLabelsView } from './stepLabels';
import { spanListView, spanMarks } from './columns';
import { shown } from './text';

/** Spans in the shared prompt on one message's field (`in: 'prompt'`). */
function promptSpans(labels: readonly AddEvent[], message: number, field: string): SpanLabel[] {
  return labels.filter((l): l is SpanLabel => l.kind === 'span' && l.in === 'prompt' && l.message === message && l.field === field);
}

function marksFor(state: ViewState, message: number, field: 'content' | 'reasoning'): Mark[] {
  return [...spanMarks(state, promptSpans(state.labels, message, field), false), ...(state.view.showOthers ? spanMarks(state, promptSpans(state.others, message, field), true) : [])];
}

/** A shared message's tool calls: their arguments taggable, spans drawn at their shown offsets. */
function callPlace(state: ViewState, message: number): CallPlace {
  return {
    side: '',
    message,
    label: `Shared step, prompt message ${message + 1}`,
    marks(call, layout) {
      const of = (labels: readonly AddEvent[]) => promptSpans(labels, message, 'arguments').filter((s) => s.toolCallId === call.id);
      const at = (s: SpanLabel) => rawToShown(layout, s.start, s.end);
      return [...spanMarks(state, of(state.labels), false, at), ...(state.view.showOthers ? spanMarks(state, of(state.others), true, at) : [])];
    },
  };
}

/** The spans on the shared steps, under them: edited and deleted as a side's are. */
export function sharedSpanList(state: ViewState, a: Actions): TemplateResult | typeof nothing {
  const on = (l: AddEvent): l is SpanLabel => l.kind === 'span' && l.in === 'prompt';
  return spanListView(state, state.labels.filter(on), state.view.showOthers ? state.others.filter(on) : [], 'Tagged spans, shared steps', a);
}

/**
 * A step both runs share, in the prompt (a model turn from the prompt's first one on, or what
 * follows it): read once, and labeled like a side's step — its text, reasoning, tool-call
 * arguments and tool result are taggable (`data-side=""`: the labels say `in: 'prompt'`), and
 * its step labels are shown on it. `current` marks the step the step keys went to.
 */
export function sharedStepView(state: ViewState, m: Message, i: number, a: Actions, current: boolean): TemplateResult {
  const text = messageText(m);
  const raw = !!state.view.raw;
  const label = `Shared step, prompt message ${i + 1}`;
  const where = (field: 'content' | 'reasoning') => ({ side: '', message: i, field, ...(field === 'content' && m.role === 'tool' && m.tool_call_id ? { call: m.tool_call_id } : {}) });
  const step = promptStep(i);
  const marks = text ? marksFor(state, i, 'content') : [];
  return html`<article class="message role-${m.role} shared-step ${current ? 'current-step' : ''} ${stepFocused(state, step) ? 'step-focused' : ''}" data-prompt-message=${i} tabindex="-1">
    <header class="role">${m.role}${m.name ? html` · ${shown(m.name)}` : ''}${m.tool_call_id ? html` <span class="tool-id">${shown(m.tool_call_id)}</span>` : nothing}${stepLabelsView(state, step, a)}</header>
    ${m.reasoning
      ? html`<details class="reasoning" open><summary>Reasoning</summary>${messageBody(m.reasoning, marksFor(state, i, 'reasoning'), where('reasoning'), `${label}, reasoning`, raw)}</details>`
      : nothing}
    ${text ? toolResultFrame(m, text, () => messageBody(text, marks, where('content'), label, raw, formatOf(m.role, text)), raw, resultFold(state, (k, o) => a.chooseResult(k, o), undefined, i, marks)) : nothing}
    ${toolCallsView(m.tool_calls, callPlace(state, i), (call) => ({ labels: stepLabelsView(state, promptStep(i, call), a), focused: stepFocused(state, promptStep(i, call)) }))}
  </article>`;
}

import { html, nothing, type TemplateResult } from 'lit';
import type { AddEvent, StepFlagLabel, StepVerdictLabel } from '../../src/core/labels/labelEvent';
import type { ViewState } from '../state';
import type { Actions } from '../actions';
import { sameSideStep, type SideStep } from '../stepTarget';
import { shown } from './text';

type StepLabel = StepVerdictLabel | StepFlagLabel;

const onThis = (labels: readonly AddEvent[], step: SideStep) => labels.filter((l): l is StepLabel => (l.kind === 'step_verdict' || l.kind === 'step_flag') && sameSideStep(l, step));

/**
 * The labels on one step (a message, or one tool call): my step verdicts and flags as chips
 * that retract on click, and the other annotators' when shown. Nothing when there are none.
 */
export function stepLabelsView(state: ViewState, step: SideStep, a: Actions): TemplateResult | typeof nothing {
  const mine = onThis(state.labels, step);
  const others = state.view.showOthers ? onThis(state.others, step) : [];
  if (!mine.length && !others.length) return nothing;
  const traits = state.taxonomy?.traits ?? [];
  const flags = state.taxonomy?.flags ?? [];
  const chip = (l: StepLabel, own: boolean) => {
    if (l.kind === 'step_flag') {
      const label = html`<span class="codicon codicon-flag-filled" aria-hidden="true"></span> ${shown(flags.find((f) => f.id === l.flag)?.label ?? l.flag)}`;
      return own
        ? html`<button class="step-label step-flag" data-step-label=${l.id} title="Step flag — click to retract" @click=${() => a.removeLabel(l.id)}>${label}</button>`
        : html`<span class="step-label step-flag other" data-step-label=${l.id}>${label} <span class="by">${shown(l.annotator)}</span></span>`;
    }
    const ti = traits.findIndex((t) => t.id === l.trait);
    const label = traits[ti]?.label ?? l.trait;
    const text = html`${shown(label)}: ${l.value}`;
    return own
      ? html`<button class="step-label chip ta-${ti < 0 ? 9 : ti} value-${l.value}" data-step-label=${l.id} title="Step verdict — click to retract" @click=${() => a.removeLabel(l.id)}>${text}</button>`
      : html`<span class="step-label chip other ta-${ti < 0 ? 9 : ti} value-${l.value}" data-step-label=${l.id}>${text} <span class="by">${shown(l.annotator)}</span></span>`;
  };
  return html`<span class="step-labels" aria-label="Labels on this step">${mine.map((l) => chip(l, true))}${others.map((l) => chip(l, false))}</span>`;
}

/** Whether this step is the focused one (the step keys act on it). */
export function stepFocused(state: ViewState, step: SideStep): boolean {
  return sameSideStep(state.focusStep, step);
}

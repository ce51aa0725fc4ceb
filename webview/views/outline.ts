import { html, nothing, type TemplateResult } from 'lit';
import type { Column, ViewState } from '../state';
import type { Actions } from '../actions';
import { currentStep, stepLabel, stepsOf, type StepInfo } from '../steps';
import { shown, shownAttr } from './text';

function entry(s: StepInfo, current: boolean, a: Actions): TemplateResult {
  return html`<li class=${s.subagent ? 'nested' : ''}>
    <button class="outline-step ${current ? 'current' : ''} ${s.error ? 'error' : ''}" data-outline=${`${s.ref.where}:${s.ref.message}`} aria-current=${current ? 'step' : nothing} aria-label=${shownAttr(stepLabel(s))} @click=${() => a.goToStep(s.ref)}>
      <span class="n">${s.number}</span>
      <span class="who">${s.ref.where === 'shared' ? 'shared · ' : ''}${s.role}</span>
      ${s.tools.length ? html`<code class="fn">${shown(s.tools.join(', '))}</code>` : nothing}
      ${s.error ? html`<span class="codicon codicon-error" aria-hidden="true"></span>` : nothing}
      ${s.labels ? html`<span class="badge" title="Labels on this step">${s.labels}</span>` : nothing}
    </button>
  </li>`;
}

/**
 * A column's steps (role, tool, labels on it), one button each: Enter or a click goes to the step,
 * the arrow keys move between them (outlineFocus.ts). Shown while `ViewState.outline` is on (Shift+O).
 */
export function outlineView(state: ViewState, col: Column, a: Actions): TemplateResult | typeof nothing {
  if (!state.outline) return nothing;
  const steps = stepsOf(state, col.position);
  const cur = currentStep(state);
  const isCurrent = (s: StepInfo) => !!cur && (cur.where === col.position || cur.where === 'shared') && cur.where === s.ref.where && cur.message === s.ref.message;
  return html`<nav class="outline" aria-label=${shownAttr(`Steps, ${col.title}`)} data-position=${col.position}>
    <h3>Steps <span class="count">${steps.length.toLocaleString('en-US')}</span></h3>
    ${steps.length ? html`<ol>${steps.map((s) => entry(s, isCurrent(s), a))}</ol>` : html`<p class="empty">No steps.</p>`}
  </nav>`;
}

import { html, nothing, type TemplateResult } from 'lit';
import type { Message, ReviewItem } from '../../src/core/schema';
import type { ViewState } from '../state';
import type { Actions } from '../actions';
import { shown } from './text';
import { formatOf, promptBody } from './markdown';
import { resultFold, toolCallsView, toolResultFrame, type ResultFold } from './toolCall';
import { messageText } from '../../src/core/messageText';
import { columnsView, drawnDiffNotes } from './columns';
import { preferenceView } from './preference';
import { sharedSpanList, sharedStepView } from './sharedStep';
import { currentStep, sharedStepStart, type StepRef } from '../steps';

/** The prompt above both answers: id, metadata, an adversarial persona, the prompt's messages; its shared steps are taggable (`sharedStepView`). */
export function promptView(
  item: ReviewItem,
  raw: boolean,
  current: StepRef | null,
  fold: (message: number) => ResultFold,
  shared?: { step(m: Message, i: number, current: boolean): TemplateResult; spans: TemplateResult | typeof nothing },
): TemplateResult {
  const firstStep = sharedStepStart(item.prompt);
  const meta = [item.metadata.domain, item.metadata.benchmark, item.metadata.split].filter(Boolean);
  return html`<details class="prompt" open>
    <summary><h1 class="item-id">${shown(item.id)}</h1>${meta.length ? html`<span class="meta">${shown(meta.join(' · '))}</span>` : nothing}
      ${item.metadata.traits?.length ? html`<span class="meta">traits: ${item.metadata.traits.join(', ')}</span>` : nothing}</summary>
    ${item.metadata.persona
      ? html`<p class="persona"><span class="codicon codicon-warning" aria-hidden="true"></span> Adversarial persona prompt: ${shown(item.metadata.persona)}</p>`
      : nothing}
    ${item.prompt.map((m, i) => {
      const text = messageText(m);
      const step = i >= firstStep;
      const note = i === firstStep ? html`<p class="shared-steps-note" role="note">Steps both runs share (${item.prompt.length - firstStep}): their model turns and tool results, read once here; each side's own steps follow below.</p>` : nothing;
      const isCurrent = current?.where === 'shared' && current.message === i;
      if (step && shared) return html`${note}${shared.step(m, i, isCurrent)}`;
      return html`${note}<article class="message role-${m.role} ${step ? 'shared-step' : ''} ${current?.where === 'shared' && current.message === i ? 'current-step' : ''}" data-prompt-message=${i} tabindex=${step ? '-1' : nothing}><header class="role">${m.role}${m.name ? html` · ${shown(m.name)}` : ''}${m.tool_call_id ? html` <span class="tool-id">${shown(m.tool_call_id)}</span>` : nothing}</header>
        ${text ? toolResultFrame(m, text, () => promptBody(text, raw, formatOf(m.role, text)), raw, fold(i)) : nothing}${toolCallsView(m.tool_calls)}</article>`;
    })}
    ${shared?.spans ?? nothing}
  </details>`;
}

/** One item: its prompt, the host's layout notes, both answers with their grids, the preference. */
export function itemView(state: ViewState, item: ReviewItem, a: Actions): TemplateResult {
  const notes = [...state.notes, ...drawnDiffNotes(state)].filter(Boolean);
  return html`<div class="item" data-item=${item.id}>
    ${promptView(item, !!state.view.raw, currentStep(state), (i) => resultFold(state, (k, o) => a.chooseResult(k, o), undefined, i, []), { step: (m, i, current) => sharedStepView(state, m, i, a, current), spans: sharedSpanList(state, a) })}
    ${notes.map((n) => html`<p class="diff-note" role="note"><span class="codicon codicon-info" aria-hidden="true"></span> ${n}</p>`)}
    ${item.single ? html`<p class="diff-note single-note" role="note"><span class="codicon codicon-info" aria-hidden="true"></span> One run's sample, shown alone. To compare, pair this log (or folder) with another run's: Compare Two Runs…, or --baseline / --trained in the CLI.</p>` : nothing}
    ${columnsView(state, a)} ${item.single ? nothing : preferenceView(state, a)}
  </div>`;
}

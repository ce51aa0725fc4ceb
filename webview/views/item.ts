import { html, nothing, type TemplateResult } from 'lit';
import { messageText } from '../../src/core/messageText';
import type { Message, NamedSide } from '../../src/core/schema';
import type { Taxonomy } from '../../src/core/taxonomy';
import { verdictFor, type ViewState } from '../state';

/** A message as text: lit-html escapes every interpolated string, nothing is parsed as HTML. */
function messageView(m: Message, i: number): TemplateResult {
  const text = messageText(m);
  return html`<article class="message role-${m.role}" data-message=${i}>
    <header class="role">${m.role}${m.name ? html` · ${m.name}` : nothing}</header>
    ${m.reasoning
      ? html`<details class="reasoning"><summary>Reasoning</summary><div class="text" data-field="reasoning">${m.reasoning}</div></details>`
      : nothing}
    ${text ? html`<div class="text" data-field="content">${text}</div>` : nothing}
    ${m.tool_calls?.length
      ? html`<ul class="tool-calls">${m.tool_calls.map((c) => html`<li><code>${c.function.name}(${c.function.arguments ?? ''})</code></li>`)}</ul>`
      : nothing}
  </article>`;
}

function traitButtons(side: NamedSide, taxonomy: Taxonomy, state: ViewState, onTrait: (side: string, trait: string) => void): TemplateResult {
  return html`<div class="traits" role="group" aria-label=${`Trait violations for ${side.name}`}>
    ${taxonomy.traits.map((t) => {
      const on = verdictFor(state.labels, side.name, t.id)?.value === 'violation';
      const busy = [...state.pending.values()].some((p) => p.side === side.name && p.trait === t.id);
      return html`<vscode-button
        class="trait ${on ? 'on' : ''}"
        ?secondary=${!on}
        data-side=${side.name}
        data-trait=${t.id}
        aria-pressed=${on ? 'true' : 'false'}
        title=${`${t.label}: ${t.description}`}
        icon=${busy ? 'loading' : on ? 'error' : 'circle-large-outline'}
        ?icon-spin=${busy}
        @click=${() => onTrait(side.name, t.id)}
        >${t.label}</vscode-button
      >`;
    })}
  </div>`;
}

function sideView(side: NamedSide, taxonomy: Taxonomy, state: ViewState, onTrait: (side: string, trait: string) => void): TemplateResult {
  const scores = side.scores ? Object.entries(side.scores) : [];
  return html`<section class="side" role="region" aria-label=${`${side.name} — ${side.model}`} data-side=${side.name}>
    <header class="side-head">
      <h2><span class="side-name">${side.name}</span> <span class="model">${side.model}</span></h2>
      ${scores.length
        ? html`<dl class="scores">${scores.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v.toFixed(2)}</dd></div>`)}</dl>`
        : nothing}
    </header>
    <div class="messages">${side.messages.map((m, i) => messageView(m, i))}</div>
    ${traitButtons(side, taxonomy, state, onTrait)}
  </section>`;
}

export function itemView(state: ViewState, onTrait: (side: string, trait: string) => void): TemplateResult {
  const { item, taxonomy } = state;
  if (state.errors.length) {
    return html`<div class="item-errors" role="alert">
      <h2>Item ${state.index + 1} (line ${state.line}) cannot be shown</h2>
      <ul>${state.errors.map((e) => html`<li>${e}</li>`)}</ul>
    </div>`;
  }
  if (!item || !taxonomy) return html`<p class="loading">Loading…</p>`;
  const meta = [item.metadata.domain, item.metadata.benchmark, item.metadata.split].filter(Boolean);
  return html`<div class="item" data-item=${item.id}>
    <section class="prompt" aria-label="Prompt">
      <h2 class="item-id">${item.id} ${meta.length ? html`<span class="meta">${meta.join(' · ')}</span>` : nothing}</h2>
      ${item.metadata.persona ? html`<p class="persona"><span class="codicon codicon-warning"></span> Persona prompt: ${item.metadata.persona}</p>` : nothing}
      ${item.prompt.map((m, i) => messageView(m, i))}
    </section>
    <div class="sides">${item.sides.map((s) => sideView(s, taxonomy, state, onTrait))}</div>
  </div>`;
}

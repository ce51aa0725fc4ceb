import { html, nothing, type TemplateResult } from 'lit';
import { spanQuoteShown } from './quote';
import type { ViewState } from '../state';
import type { Actions } from '../actions';
import { shown } from './text';
import { localKeys } from '../../src/core/review/keys';

export function helpOverlay(state: ViewState, a: Actions): TemplateResult | typeof nothing {
  if (!state.help) return nothing;
  return html`<div class="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" @click=${() => a.toggleHelp(false)}>
    <div class="dialog" @click=${(e: Event) => e.stopPropagation()}>
      <h2>Keyboard shortcuts</h2>
      <table class="keys">
        ${state.keys.map((k) => html`<tr><th scope="row">${k.keys.length ? k.keys.map((key, i) => html`${i ? ', ' : ''}<kbd>${key}</kbd>`) : html`<span class="unbound">unbound</span>`}</th><td>${k.help}</td></tr>`)}
        ${localKeys.map(([k, d]) => html`<tr class="local"><th scope="row"><kbd>${k}</kbd></th><td>${d}</td></tr>`)}
      </table>
      <p class="hint">The keys as bound now: each is a "Transcript Review:" command with a keybinding, remappable in keybindings.json.</p>
      ${state.taxonomy
        ? html`<h2>Traits</h2>
            <table class="keys traits-guide">
              ${state.taxonomy.traits.map((t, i) => html`<tr><th scope="row"><kbd>${i + 1}</kbd> ${shown(t.label)}</th><td>${shown(t.description) || '—'}</td></tr>`)}
            </table>`
        : nothing}
      <vscode-button @click=${() => a.toggleHelp(false)}>Close</vscode-button>
    </div>
  </div>`;
}

/** Severity and note for a just-tagged (or edited) span, without leaving the keyboard. */
export function spanEditorOverlay(state: ViewState, a: Actions): TemplateResult | typeof nothing {
  const ed = state.spanEditor;
  if (!ed || !state.taxonomy) return nothing;
  const trait = state.taxonomy.traits.find((t) => t.id === ed.span.trait);
  return html`<div class="overlay" role="dialog" aria-modal="true" aria-label="Span severity and note">
    <div class="dialog span-editor" tabindex="-1">
      <h2>${trait?.label ?? ed.span.trait}</h2>
      <q class="quote">${shown(spanQuoteShown(state.item, ed.span, 200))}</q>
      <div class="severities" role="radiogroup" aria-label="Severity">
        ${state.taxonomy.severities.map(
          (s, i) => html`<button role="radio" tabindex="-1" aria-checked=${ed.severity === s ? 'true' : 'false'} class="sev ${ed.severity === s ? 'on' : ''}" @click=${() => a.setSpanEditor({ severity: s })}>
            <kbd>${i + 1}</kbd> ${s}
          </button>`,
        )}
      </div>
      <vscode-textfield
        class="span-note"
        placeholder="Note (optional; Tab here) — Enter saves, Esc keeps as is"
        .value=${ed.note}
        @input=${(e: Event) => a.setSpanEditor({ note: (e.target as HTMLInputElement).value })}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            a.commitSpanEditor();
          }
        }}
      ></vscode-textfield>
      <div class="dialog-buttons">
        <vscode-button @click=${() => a.commitSpanEditor()}>Save</vscode-button>
        <vscode-button secondary @click=${() => a.closeSpanEditor()}>${ed.target === undefined ? 'Cancel' : 'Close'}</vscode-button>
      </div>
    </div>
  </div>`;
}

import { html, type TemplateResult } from 'lit';
import type { NoteLabel, PreferenceLabel } from '../../src/core/labelEvent';
import { columns, type ViewState } from '../state';
import type { Actions } from '../actions';

/** Which side is better (a / s / d / x), recorded with the real side name, and an item note. */
export function preferenceView(state: ViewState, a: Actions): TemplateResult {
  const cols = columns(state);
  if (!cols) return html``;
  const current = state.labels.find((l): l is PreferenceLabel => l.kind === 'preference' && !l.trait)?.value;
  const note = state.labels.find((l): l is NoteLabel => l.kind === 'note')?.text ?? '';
  const options = [
    { key: 'a', value: cols[0].side.name, label: `${cols[0].title} better`, icon: 'arrow-left' },
    { key: 's', value: 'tie', label: 'Tie', icon: 'dash' },
    { key: 'd', value: cols[1].side.name, label: `${cols[1].title} better`, icon: 'arrow-right' },
    { key: 'x', value: 'both_bad', label: 'Both bad', icon: 'thumbsdown' },
  ];
  return html`<section class="preference" aria-label="Overall preference">
    <div class="pref-buttons" role="group" aria-label="Which response is better">
      ${options.map(
        (o) => html`<button class="pref ${current === o.value ? 'on' : ''}" aria-pressed=${current === o.value ? 'true' : 'false'} data-pref=${o.value} title=${`${o.label} (${o.key})`} @click=${() => a.setPreference(o.value)}>
          <span class="codicon codicon-${o.icon}" aria-hidden="true"></span> ${o.label} <kbd>${o.key}</kbd>
        </button>`,
      )}
    </div>
    <label class="note-field">
      <span>Item note</span>
      <vscode-textarea
        rows="2"
        resize="vertical"
        placeholder="Optional note on this item (saved when you leave the field or press Ctrl+Enter)"
        .value=${note}
        @change=${(e: Event) => a.saveNote((e.target as HTMLTextAreaElement).value)}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) a.saveNote((e.target as HTMLTextAreaElement).value);
        }}
      ></vscode-textarea>
    </label>
  </section>`;
}

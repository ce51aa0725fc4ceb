import { html, nothing, type TemplateResult } from 'lit';
import type { NoteLabel, PreferenceLabel } from '../../src/core/labels/labelEvent';
import { columns, type ViewState } from '../state';
import type { Actions } from '../actions';

/** Which side is better (a / s / d / x), recorded with the real side name, and an item note. */
export function preferenceView(state: ViewState, a: Actions): TemplateResult {
  const cols = columns(state);
  if (!cols) return html``;
  const currentLabel = state.labels.find((l): l is PreferenceLabel => l.kind === 'preference' && !l.trait);
  const current = currentLabel?.value;
  const note = state.labels.find((l): l is NoteLabel => l.kind === 'note')?.text ?? '';
  const options = [
    { key: 'a', value: cols[0].side.name, label: `${cols[0].title} better`, icon: 'arrow-left' },
    { key: 's', value: 'tie', label: 'Tie', icon: 'dash' },
    { key: 'd', value: cols[1].side.name, label: `${cols[1].title} better`, icon: 'arrow-right' },
    { key: 'x', value: 'both_bad', label: 'Both bad', icon: 'thumbsdown' },
  ];
  const traits = state.taxonomy?.traits ?? [];
  const perTrait = (trait: string) => state.labels.find((l): l is PreferenceLabel => l.kind === 'preference' && l.trait === trait)?.value;
  const others = state.view.showOthers ? state.others.filter((l): l is PreferenceLabel => l.kind === 'preference' && !l.trait) : [];
  const nameOf = (v: string) => (v === cols[0].side.name ? cols[0].title : v === cols[1].side.name ? cols[1].title : v.replace('_', ' '));
  return html`<section class="preference" aria-label="Overall preference">
    <div class="pref-buttons" role="group" aria-label="Which response is better">
      ${options.map(
        (o) => html`<button class="pref ${current === o.value ? 'on' : ''}" aria-pressed=${current === o.value ? 'true' : 'false'} data-pref=${o.value} data-label=${current === o.value ? currentLabel!.id : nothing} title=${`${o.label} (${o.key})`} @click=${() => a.setPreference(o.value)}>
          <span class="codicon codicon-${o.icon}" aria-hidden="true"></span> ${o.label} <kbd>${o.key}</kbd>
        </button>`,
      )}
    </div>
    ${others.length
      ? html`<p class="others-prefs">Other annotators: ${others.map((o) => html`<span class="by">${o.annotator}</span> → ${nameOf(o.value)} `)}</p>`
      : ''}
    <details class="trait-prefs">
      <summary>Per-trait preference (optional)${traits.some((t) => perTrait(t.id)) ? ` · ${traits.filter((t) => perTrait(t.id)).length} set` : ''}</summary>
      <table aria-label="Per-trait preference">
        ${traits.map((t, ti) => {
          const v = perTrait(t.id);
          const opts = [
            { value: cols[0].side.name, label: `${cols[0].title} better`, icon: 'arrow-left' },
            { value: 'tie', label: 'Tie', icon: 'dash' },
            { value: cols[1].side.name, label: `${cols[1].title} better`, icon: 'arrow-right' },
          ];
          return html`<tr>
            <th scope="row"><span class="swatch ta-${ti}" aria-hidden="true"></span>${t.label}</th>
            ${opts.map(
              (o) => html`<td><button class="pref-trait ${v === o.value ? 'on' : ''}" aria-pressed=${v === o.value ? 'true' : 'false'} aria-label=${`${t.label}: ${o.label}`} title=${`${t.label}: ${o.label}`} data-trait-pref=${`${t.id}:${o.value}`} @click=${() => a.setPreference(o.value, t.id)}><span class="codicon codicon-${o.icon}" aria-hidden="true"></span></button></td>`,
            )}
          </tr>`;
        })}
      </table>
    </details>
    <label class="note-field">
      <span>Item note</span>
      <vscode-textarea
        rows="2"
        resize="vertical"
        placeholder="Optional note on this item (Ctrl+Enter or Esc saves and returns; e edits)"
        .value=${note}
        @change=${(e: Event) => a.saveNote((e.target as HTMLTextAreaElement).value)}
      ></vscode-textarea>
    </label>
  </section>`;
}

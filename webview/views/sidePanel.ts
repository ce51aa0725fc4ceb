import { html, nothing, type TemplateResult } from 'lit';
import type { FlagLabel, RubricLabel } from '../../src/core/labels/labelEvent';
import { verdictFor, type Column, type ViewState } from '../state';
import type { Actions } from '../actions';
import { shown, shownAttr } from './text';

const verdictValues = [
  { value: 'ok', icon: 'pass', label: 'OK' },
  { value: 'violation', icon: 'error', label: 'Violation' },
  { value: 'unsure', icon: 'question', label: 'Unsure' },
] as const;

/** Per trait: ok / violation / unsure for this side, as a compact grid of toggle buttons. */
function verdictGrid(state: ViewState, col: Column, a: Actions): TemplateResult {
  const traits = state.taxonomy?.traits ?? [];
  return html`<table class="verdicts" aria-label=${`Trait verdicts, ${col.title}`}>
    <thead><tr><th scope="col">Trait</th>${verdictValues.map((v) => html`<th scope="col">${v.label}</th>`)}</tr></thead>
    <tbody>
      ${traits.map((t, ti) => {
        const current = verdictFor(state.labels, col.side.name, t.id)?.value;
        return html`<tr>
          <th scope="row" title=${t.description}><span class="swatch ta-${ti}" aria-hidden="true"></span>${ti + 1}. ${t.label}</th>
          ${verdictValues.map(
            (v) => html`<td><button
              class="verdict ${v.value} ${current === v.value ? 'on' : ''}"
              aria-pressed=${current === v.value ? 'true' : 'false'}
              aria-label=${`${t.label}: ${v.label} (${col.title})`}
              title=${`${t.label}: ${v.label}`}
              data-side=${col.side.name}
              data-trait=${t.id}
              data-verdict=${v.value}
              data-cell=${`verdict:${t.id}:${v.value}`}
              @click=${() => a.setVerdict(col.side.name, t.id, v.value)}
            ><span class="codicon codicon-${v.icon}" aria-hidden="true"></span></button></td>`,
          )}
        </tr>`;
      })}
    </tbody>
  </table>`;
}

/** Physician-style rubric: each criterion met / not met, and the points scored. */
function rubricView(state: ViewState, col: Column, a: Actions): TemplateResult | typeof nothing {
  const rubric = state.item?.metadata.rubric;
  if (!rubric?.length) return nothing;
  const marks = new Map(state.labels.filter((l): l is RubricLabel => l.kind === 'rubric' && l.side === col.side.name).map((l) => [l.criterion, l.value]));
  const possible = rubric.reduce((s, c) => s + Math.max(0, c.points), 0);
  const met = rubric.reduce((s, c) => s + (marks.get(c.id) === 'met' ? c.points : 0), 0);
  return html`<section class="rubric" aria-label=${`Rubric, ${col.title}`}>
    <h3>Rubric <span class="rubric-score" data-rubric-score>${met} / ${possible} points</span></h3>
    <ul>
      ${rubric.map((c) => {
        const v = marks.get(c.id);
        return html`<li>
          <button class="rubric-btn met ${v === 'met' ? 'on' : ''}" data-cell=${`rubric:${c.id}:met`} aria-pressed=${v === 'met' ? 'true' : 'false'} aria-label=${shownAttr(`Met: ${c.text}`)} @click=${() => a.setRubric(col.side.name, c.id, 'met')}><span class="codicon codicon-check" aria-hidden="true"></span></button>
          <button class="rubric-btn unmet ${v === 'unmet' ? 'on' : ''}" data-cell=${`rubric:${c.id}:unmet`} aria-pressed=${v === 'unmet' ? 'true' : 'false'} aria-label=${shownAttr(`Not met: ${c.text}`)} @click=${() => a.setRubric(col.side.name, c.id, 'unmet')}><span class="codicon codicon-close" aria-hidden="true"></span></button>
          <span class="criterion">${shown(c.text)}</span> <span class="points">${c.points} pt</span>
        </li>`;
      })}
    </ul>
  </section>`;
}

function flagsView(state: ViewState, col: Column, a: Actions): TemplateResult | typeof nothing {
  const flags = state.taxonomy?.flags ?? [];
  if (!flags.length) return nothing;
  const on = new Set(state.labels.filter((l): l is FlagLabel => l.kind === 'flag' && l.side === col.side.name).map((l) => l.flag));
  return html`<div class="flags" role="group" aria-label=${`Eval flags, ${col.title}`}>
    ${flags.map(
      (f) => html`<button class="flag ${on.has(f.id) ? 'on' : ''}" aria-pressed=${on.has(f.id) ? 'true' : 'false'} data-flag=${f.id} data-cell=${`flag:${f.id}`} @click=${() => a.toggleFlag(col.side.name, f.id)}>
        <span class="codicon codicon-${on.has(f.id) ? 'flag-filled' : 'flag'}" aria-hidden="true"></span> ${f.label}
      </button>`,
    )}
  </div>`;
}

/** Everything recorded per side, under its transcript. */
export function sidePanel(state: ViewState, col: Column, a: Actions): TemplateResult {
  // One tab stop: arrows move within (focus.ts), so Tab goes on to the other side.
  return html`<div class="side-panel" data-position=${col.position}>${verdictGrid(state, col, a)}${rubricView(state, col, a)}${flagsView(state, col, a)}</div>`;
}

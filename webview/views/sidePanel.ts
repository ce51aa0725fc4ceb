import { html, nothing, type TemplateResult } from 'lit';
import type { FlagLabel, RubricLabel } from '../../src/core/labels/labelEvent';
import { verdictFor, type Column, type ViewState } from '../state';
import type { Actions } from '../actions';
import { shown, shownAttr } from './text';
import { sideStepViolations, type StepMark } from '../../src/core/labels/steps';
import { stepsOf } from '../steps';
import type { StepRef } from '../stepRef';

const verdictValues = [
  { value: 'ok', icon: 'pass', label: 'OK' },
  { value: 'violation', icon: 'error', label: 'Violation' },
  { value: 'unsure', icon: 'question', label: 'Unsure' },
] as const;

/**
 * Under a trait's row, my step verdicts of violation on this side: "Violation on step 7 · bash",
 * each going to its step (numbered as in the outline). Nothing when there are none.
 */
function stepMarksRow(state: ViewState, col: Column, label: string, marks: readonly StepMark[] | undefined, a: Actions): TemplateResult | typeof nothing {
  if (!marks?.length) return nothing;
  const steps = stepsOf(state, col.position);
  const to = (m: StepMark): { ref: StepRef; text: string } => {
    const calls = col.side.messages[m.message]?.tool_calls ?? [];
    const k = m.call === undefined ? -1 : calls.findIndex((c) => c.id === m.call);
    const number = steps.find((s) => s.ref.where === col.position && s.ref.message === m.message)?.number ?? m.message + 1;
    const ref: StepRef = k >= 0 ? { where: col.position, message: m.message, call: k } : { where: col.position, message: m.message };
    return { ref, text: `step ${number}${k >= 0 ? ` · ${calls[k]!.function.name}` : ''}` };
  };
  return html`<tr class="step-marks"><td colspan=${verdictValues.length + 1}>
    <span class="codicon codicon-error" aria-hidden="true"></span> Violation on ${marks.map((m, i) => {
      const t = to(m);
      return html`${i ? ', ' : ''}<button class="step-mark" title="Go to this step" aria-label=${shownAttr(`${label}: violation on ${t.text} (${col.title}), go to it`)} @click=${() => a.goToStep(t.ref)}>${shown(t.text)}</button>`;
    })}
  </td></tr>`;
}

/** Per trait: ok / violation / unsure for this side, as a compact grid of toggle buttons; under it, my step violations of the trait. */
function verdictGrid(state: ViewState, col: Column, a: Actions): TemplateResult {
  const traits = state.taxonomy?.traits ?? [];
  const stepMarks = sideStepViolations(state.labels, col.side.name);
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
        </tr>${stepMarksRow(state, col, t.label, stepMarks.get(t.id), a)}`;
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

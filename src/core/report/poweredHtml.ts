import type { Report } from './report';
import type { GroupEstimate } from './predictionPowered';
import { intervalPlot, type IntervalRow } from './plots/intervalPlot';
import { escapeXml as e } from '../escapeXml';
import { fixed, percent, percentInterval } from './svg';
import { noGroup } from './comparison';

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '<p class="note">No data.</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** A field no item has gives one "(none)" group that repeats the overall row: left out (the comparison section names the missing fields). */
const named = (groups: readonly GroupEstimate[]): readonly GroupEstimate[] => (groups.every((g) => g.key === noGroup) ? [] : groups);

const tone = (i: readonly [number, number] | null): IntervalRow['tone'] => (!i ? 'neutral' : i[0] > 0.5 ? 'better' : i[1] < 0.5 ? 'worse' : 'unclear');

/** Two rows per group in one forest plot: human-only, then prediction-powered under it. */
function pairedRows(groups: readonly GroupEstimate[]): IntervalRow[] {
  return groups.flatMap((g) => [
    { label: `${g.key} · humans`, value: g.humanOnly.estimate, interval: g.humanOnly.interval, count: `n = ${g.humanOnly.n}`, tone: 'neutral' as const },
    {
      label: `${g.key} · PPI`,
      value: g.predictionPowered.estimate,
      interval: g.predictionPowered.interval,
      count: g.predictionPowered.interval ? `n = ${g.predictionPowered.n} + ${g.predictionPowered.unlabeled}` : 'too few labels',
      tone: tone(g.predictionPowered.interval),
    },
  ]);
}

function rows(groups: readonly GroupEstimate[]): string[][] {
  return groups.map((g) => [
    e(g.key),
    `${percent(g.humanOnly.estimate, 1)} <span class="note">${percentInterval(g.humanOnly.interval)}</span>`,
    String(g.humanOnly.n),
    g.predictionPowered.interval ? `${percent(g.predictionPowered.estimate, 1)} <span class="note">${percentInterval(g.predictionPowered.interval)}</span>` : '—',
    String(g.predictionPowered.unlabeled),
    g.predictionPowered.lambda === null ? '—' : fixed(g.predictionPowered.lambda, 2),
    g.labelsGained === null ? '—' : `${g.labelsGained >= 0 ? '+' : '−'}${Math.abs(Math.round(g.labelsGained))}`,
  ]);
}

const head = ['group', 'human only (Wilson)', 'labeled', 'prediction-powered (PPI++)', 'unlabeled', 'λ', 'labels gained'];

/** The prediction-powered section of the report page: the corrected headline, the paired plot per benchmark, the tables. */
export function poweredHtml(report: Report): string {
  const p = report.predictionPowered;
  if (!p) return '';
  const s = p.selection;
  const groups = [p.overall, ...named(p.byBenchmark)];
  return `<h2>Prediction-powered estimates: human labels and the ${e(p.predictor)} score together</h2>
<p class="headline">${e(p.headline.text)}</p>
<p class="note">Each rate twice: from the human labels alone (Wilson interval), and prediction-powered (PPI++): the <code>${e(p.predictor)}</code> score on every item, turned into a probability of the human outcome by a calibration map fitted on other labeled items (5-fold cross-fitting), corrected by the labels. 95 % intervals; “labels gained” is how many more human labels the human-only interval would need to be as narrow. Assumes: ${e(s.assumption)}. ${p.itemsWithoutPredictor} item(s) lack the score on a side and are predicted by the labeled mean. Headline: ${p.headline.correction === 'holm' ? 'Holm' : 'Benjamini–Hochberg'} over ${p.headline.total} benchmark test(s) of “win rate = 50 %”; uncorrected: ${p.headline.uncorrected.better} better. See docs/statistics.md.</p>
${s.mode === 'active' || s.selected > 0 ? `<p class="note">Active selection: ${s.selected} item(s) drawn, ${s.selectedUnlabeled} not labeled yet, ${s.labeledOutsideSelection} labeled outside the draw (left out).</p>` : ''}
<div class="figures"><figure>${intervalPlot(pairedRows(groups), { title: 'win rate: human only and prediction-powered', reference: 0.5 })}</figure></div>
${table(head, rows(groups))}
<h3>By domain, split, persona and trait</h3>
${table(head, rows([...named(p.byDomain), ...named(p.bySplit), ...p.byPersona, ...p.byTrait]))}
<h3>Violation rate (any trait), per side</h3>
${table(head, rows(p.violationRates))}`;
}

/** Judges certified against the humans on the test split, and their corrected violation rates. */
export function certificationHtml(report: Report): string {
  const c = report.certification;
  if (!c || c.judges.length === 0) return '';
  return `<h2>Judge certification</h2>
<p class="note">Each judge's score against the human verdicts, labeled items split by a seeded hash of their id (${Math.round(c.testShare * 100)} % test, seed ${c.rule.seed}); the threshold is chosen on dev (Youden's J), the rates measured on test, 95 % Wilson intervals. Bar: lower bounds of TPR ≥ ${percent(c.rule.minTprLower)} and TNR ≥ ${percent(c.rule.minTnrLower)}. Corrected rate: the judge's violation rate on unlabeled sides, corrected for its errors (Rogan–Gladen).</p>
${table(
  ['judge', 'against', 'TPR', 'TNR', 'AUC', 'threshold', 'test / dev', 'verdict', 'corrected violation rate'],
  c.judges.map((j) => [
    e(j.judge),
    e(j.target),
    `${percent(j.figures.tpr.rate, 1)} <span class="note">${percentInterval(j.figures.tpr.interval)}</span>`,
    `${percent(j.figures.tnr.rate, 1)} <span class="note">${percentInterval(j.figures.tnr.interval)}</span>`,
    j.figures.auc === null ? '—' : fixed(j.figures.auc, 3),
    j.figures.threshold === null ? '—' : fixed(j.figures.threshold, 3),
    `${j.figures.testItems} / ${j.figures.devItems}`,
    `${j.passed ? 'pass' : 'fail'}${j.required ? ' (required)' : ''}`,
    j.correctedViolationRate?.estimate != null ? `${percent(j.correctedViolationRate.estimate, 1)} <span class="note">${percentInterval(j.correctedViolationRate.interval)} from ${percent(j.correctedViolationRate.apparent, 1)} flagged of ${j.correctedViolationRate.n}</span>` : '—',
  ]),
)}`;
}

/** The warning when labels of several guideline versions are pooled. */
export function versionsHtml(report: Report): string {
  const v = report.guidelineVersions;
  if (!v?.warning) return '';
  return `<p class="headline">${e(v.warning)}</p>
${table(
  ['guideline version', 'labels', 'agreement (α, overall preference)', 'calibration traits'],
  v.byVersion.map((b) => {
    const pref = b.agreement.find((a) => a.kind === 'preference');
    return [e(b.version), String(v.versions.find((x) => x.version === b.version)?.labels ?? 0), pref?.alpha.value == null ? '—' : fixed(pref.alpha.value, 3), b.calibration.map((t) => `${e(t.trait)}: AUC ${t.auc.value == null ? '—' : fixed(t.auc.value, 3)}`).join('; ') || '—'];
  }),
)}`;
}

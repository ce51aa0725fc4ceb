import type { Report } from './report';
import { htmlPage, newNonce } from '../htmlPage';
import { showItemsCommand, type RowFilter } from './rowFilter';
import { noGroup, type GroupWinRate, type PersonaEffect, type RubricScore } from './comparison';
import type { Agreement } from './agreement';
import { minSamplesForMap, type PairwiseAccuracy, type TraitCalibration } from './calibration';
import type { Estimate } from './estimate';
import { reportCss } from './styles';
import { intervalPlot, type IntervalRow } from './plots/intervalPlot';
import { reliabilityDiagram } from './plots/reliabilityDiagram';
import { scoreHistogram } from './plots/scoreHistogram';
import { escapeXml } from '../escapeXml';
import { fixed, fixedInterval, percent, percentInterval } from './svg';
import { certificationHtml, poweredHtml, versionsHtml } from './poweredHtml';
import { trajectoryHtml } from './trajectoryHtml';

/** The id of the `<script type="application/json">` element that carries the report's data. */
export const reportDataId = 'transcript-review-report';

const e = escapeXml;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '<p class="note">No data.</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const verdictText = { better: 'better', worse: 'worse', unclear: 'no clear difference' } as const;

function verdictCell(v: GroupWinRate['verdict']): string {
  return v ? `<span class="verdict-${v}">${verdictText[v]}</span>` : '—';
}

function winRows(groups: readonly GroupWinRate[]): IntervalRow[] {
  return groups.map((g) => ({ label: g.key, value: g.rate, interval: g.interval, count: `n = ${g.n}`, tone: g.verdict ?? 'neutral' }));
}

function rowLink(filter: RowFilter | undefined, label: string, links: boolean): string {
  if (!links || !filter) return e(label);
  return `<a href="command:${showItemsCommand}?${encodeURIComponent(JSON.stringify([filter]))}" title="Show these items in Transcript Items">${e(label)}</a>`;
}

function winSection(title: string, groups: readonly GroupWinRate[], second: string, filterOf: (key: string) => RowFilter | undefined = () => undefined, links = false): string {
  if (groups.length === 0) return '';
  return `<h3>${e(title)}</h3>
<div class="figures"><figure>${intervalPlot(winRows(groups), { title: `${second} win rate by ${title.toLowerCase()}`, reference: 0.5 })}</figure></div>
${table(
  [e(title), 'win rate', '95 % interval', 'wins', 'ties', 'losses', 'both bad', 'n', 'verdict'],
  groups.map((g) => [rowLink(filterOf(g.key), g.key, links), percent(g.rate, 1), percentInterval(g.interval), String(g.wins), String(g.ties), String(g.losses), String(g.bothBad), String(g.n), verdictCell(g.verdict)]),
)}`;
}

/** A breakdown whose every labeled item lacks the field: one "(none)" group says nothing the overall rate does not. */
function fieldAbsent(groups: readonly GroupWinRate[]): boolean {
  return groups.length > 0 && groups.every((g) => g.key === noGroup);
}

/** "a", "a or b", "a, b or c". */
function orList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/**
 * The benchmark, domain and split breakdowns. A field no labeled item has is named once in a
 * sentence instead of a chart with a single "(none)" row per field.
 */
function breakdownSections(c: Report['comparison'], second: string, links: boolean): string {
  const fields = [
    { name: 'benchmark', title: 'Benchmark', groups: c.byBenchmark, filterOf: (benchmark: string): RowFilter => ({ benchmark }) },
    { name: 'domain', title: 'Domain', groups: c.byDomain, filterOf: (domain: string): RowFilter => ({ domain }) },
    { name: 'split', title: 'Split', groups: c.bySplit, filterOf: (split: string): RowFilter => ({ split }) },
  ];
  const absent = fields.filter((f) => fieldAbsent(f.groups)).map((f) => f.name);
  const sentence = absent.length === 0 ? '' : `<p class="note">No ${orList(absent)} field${absent.length === 1 ? '' : 's'} in this data (<code>metadata.${absent.join('</code>, <code>metadata.')}</code>): the win rate is not broken down by ${absent.length === 1 ? 'it' : 'them'}.</p>\n`;
  return sentence + fields.filter((f) => !fieldAbsent(f.groups)).map((f) => winSection(f.title, f.groups, second, f.filterOf, links)).join('\n');
}

function personaSection(effects: readonly PersonaEffect[]): string {
  const rows: IntervalRow[] = effects.flatMap((p) => [
    { label: `${p.side}, with persona`, value: p.withPersona.rate, interval: p.withPersona.interval, count: `n = ${p.withPersona.n}`, tone: 'unclear' as const },
    { label: `${p.side}, without`, value: p.withoutPersona.rate, interval: p.withoutPersona.interval, count: `n = ${p.withoutPersona.n}`, tone: 'neutral' as const },
  ]);
  if (effects.every((p) => p.withPersona.n === 0)) return '<h3>Adversarial persona prompts</h3><p class="note">No labeled item has a persona prompt (<code>metadata.persona</code>).</p>';
  return `<h3>Adversarial persona prompts: violation rate per side</h3>
<p class="note">Share of items whose side humans labeled with a violation of any trait, with and without a persona pushed by the system prompt. A trait-trained model that holds its traits under pressure ("selective persistence") shows a smaller rise than the baseline.</p>
<div class="figures"><figure>${intervalPlot(rows, { title: 'violation rate with and without persona' })}</figure></div>
${table(
  ['side', 'with persona', 'without', 'change', '95 % interval (Newcombe)'],
  effects.map((p) => [
    e(p.side),
    `${percent(p.withPersona.rate, 1)} (n = ${p.withPersona.n})`,
    `${percent(p.withoutPersona.rate, 1)} (n = ${p.withoutPersona.n})`,
    signedPercent(p.change),
    p.interval ? `${signedPercent(p.interval[0])} to ${signedPercent(p.interval[1])}` : '—',
  ]),
)}`;
}

function signedPercent(x: number | null): string {
  return x === null ? '—' : `${x >= 0 ? '+' : '−'}${percent(Math.abs(x), 1)}`;
}

function rubricSection(report: Report): string {
  const { bySide, byBenchmark } = report.comparison.rubric;
  if (bySide.every((s) => s.n === 0)) return '';
  const cell = (s: RubricScore | undefined) => (s && s.n > 0 ? `${percent(s.mean, 1)} <span class="note">${percentInterval(s.interval)}, n = ${s.n}</span>` : '—');
  return `<h3>Rubric scores</h3>
<p class="note">Per item and side: points of the criteria humans marked met over the positive points of the criteria they labeled (negative points are penalties), clipped to 0–100 %; mean over items, 95 % bootstrap interval.</p>
${table(['benchmark', ...bySide.map((s) => e(s.side))], [['all', ...bySide.map(cell)], ...byBenchmark.map((b) => [e(b.benchmark), ...b.bySide.map(cell)])])}`;
}

function estimateCell(x: Estimate | null, digits = 3): string {
  if (!x || x.value === null) return '—';
  // No interval below the bootstrap's minimum count: the value alone, the n beside it says why.
  return x.interval ? `${fixed(x.value, digits)} <span class="note">${fixedInterval(x.interval, digits)}</span>` : fixed(x.value, digits);
}

function traitCalibrationSection(t: TraitCalibration): string {
  const figures: string[] = [];
  if (t.probabilities) figures.push(`<figure>${reliabilityDiagram(t.reliability, `${t.trait}: reliability diagram`)}<figcaption>Reliability: 10 equal-width bins of the score; bar = share judged ok, with the bin's count above it; dashed = perfect calibration.</figcaption></figure>`);
  figures.push(`<figure>${scoreHistogram(t.histogram, `${t.trait}: scores by human label`)}<figcaption>Scores of the sides humans judged ok and in violation.</figcaption></figure>`);
  return `<h3>${e(t.trait)}</h3>
${table(
  ['n', 'ok', 'violation', 'split (left out)', 'score range', 'ROC-AUC', 'Brier', 'ECE (10 bins)'],
  [[String(t.n), String(t.ok), String(t.violation), String(t.noMajority), t.scoreRange ? `${fixed(t.scoreRange[0], 2)} – ${fixed(t.scoreRange[1], 2)}` : '—', estimateCell(t.auc), t.probabilities ? estimateCell(t.brier) : 'scores not in [0, 1]', t.probabilities ? estimateCell(t.ece) : '—']],
)}
${t.n > 0 ? `<div class="figures">${figures.join('')}</div>` : ''}`;
}

function pairwiseSection(rows: readonly PairwiseAccuracy[]): string {
  const plotted = rows.filter((p) => p.n > 0);
  return `<h3>Pairwise accuracy: does the reward model prefer the side humans preferred?</h3>
<p class="note">Per item, the reward model prefers the side with the higher score (<code>overall</code>, or the trait's score against the per-trait preference); equal scores count half. Items whose human preference was a tie, both bad or split are left out.</p>
${plotted.length > 0 ? `<div class="figures"><figure>${intervalPlot(plotted.map((p) => ({ label: p.key, value: p.accuracy, interval: p.interval, count: `n = ${p.n}`, tone: p.interval ? (p.interval[0] > 0.5 ? 'better' : p.interval[1] < 0.5 ? 'worse' : 'unclear') : 'neutral' })), { title: 'pairwise accuracy', reference: 0.5 })}</figure></div>` : ''}
${table(
  ['score', 'accuracy', '95 % interval', 'agree', 'disagree', 'equal scores', 'n', 'left out'],
  rows.map((p) => [e(p.key), percent(p.accuracy, 1), percentInterval(p.interval), String(p.agree), String(p.disagree), String(p.rmTies), String(p.n), String(p.excluded)]),
)}`;
}

function graderSection(groups: NonNullable<Report['calibration']['gradersByBenchmark']>): string {
  const rows = groups.flatMap((g) => g.pairwise.map((p) => [e(g.benchmark), e(p.key), percent(p.accuracy, 1), percentInterval(p.interval), String(p.agree), String(p.disagree), String(p.n), String(p.excluded)]));
  if (!rows.length) return '';
  return `<h3>Graders against human preference, per benchmark</h3>
<p class="note">Scores named for no trait (an Inspect scorer such as <code>match</code>) are graders: pairwise accuracy against the overall human preference, per benchmark; each side's score is also read against the side's human label as a whole (a violation of any trait, else ok) in the calibration above.</p>
${table(['benchmark', 'grader', 'accuracy', '95 % interval', 'agree', 'disagree', 'n', 'left out'], rows)}`;
}

function agreementSection(rows: readonly Agreement[], annotators: readonly string[]): string {
  if (annotators.length < 2) return '<p class="note">Agreement needs labels from two or more annotators.</p>';
  return `${table(
    ['labels', 'Krippendorff’s α', 'units', 'pairable units'],
    rows.map((a) => [a.kind === 'preference' ? 'overall preference' : e(a.key), estimateCell(a.alpha), String(a.units), String(a.pairable)]),
  )}
<h3>Cohen’s κ per pair of annotators</h3>
${table(
  ['labels', 'annotators', 'κ', 'units both labeled', 'agree'],
  rows.flatMap((a) => a.pairs.map((p) => [a.kind === 'preference' ? 'overall preference' : e(a.key), `${e(p.a)} · ${e(p.b)}`, estimateCell(p.kappa), String(p.n), String(p.agree)])),
)}`;
}

/** The report's body markup: static HTML and SVG, no script, no inline style. */
export function renderReportBody(report: Report, options: { links?: boolean } = {}): string {
  const links = options.links === true;
  const c = report.comparison;
  const [first, second] = c.sides ?? ['first side', 'second side'];
  const o = c.overall;
  return `<main>
<h1>Transcript Review report</h1>
<p class="meta">${e(report.input)} · ${report.items.labeled} of ${report.items.total} items labeled · annotators: ${report.annotators.map(e).join(', ') || 'none'}</p>
<p class="headline">${e(c.headline.text)}</p>

<h2>Where did ${e(second)} get better? Human preference, ${e(second)} over ${e(first)}</h2>
<p>Overall: ${e(second)} preferred in <strong>${percent(o.rate, 1)}</strong> of ${o.n} items (95 % interval ${percentInterval(o.interval)}; ${o.wins} wins, ${o.ties} ties, ${o.losses} losses; ${o.bothBad} judged both bad, reported apart). Ties count half; with several annotators an item scores the mean of their preferences. Intervals: Wilson score; a group is “better” when its interval lies above 50 %.</p>
${breakdownSections(c, second, links)}
${winSection('Persona prompt', c.byPersona, second)}
${winSection('Trait', c.byTrait, second, (trait) => ({ trait }), links)}
${personaSection(c.persona)}
${table(['side', 'violation rate (any trait)', '95 % interval', 'n'], c.violationRates.map((v) => [e(v.side), percent(v.rate, 1), percentInterval(v.interval), String(v.n)]))}
${rubricSection(report)}
${trajectoryHtml(report)}
${poweredHtml(report)}
${certificationHtml(report)}

<h2>Reward model against human labels</h2>
<p class="note">Per trait with reward-model scores: each (item, side) with a score and a human label (verdict, or a violation span; several annotators: majority). Positive class: <em>ok</em>. ROC-AUC of the score against the label; when all scores are in [0, 1] they are read as P(ok) for the Brier score and the expected calibration error over 10 equal-width bins. Brackets: 95 % bootstrap intervals (${report.method.bootstrap.resamples} resamples, seed ${report.method.bootstrap.seed}, given from ${report.method.bootstrap.minUnits} units up).</p>
${report.calibration.traits.length > 0 ? report.calibration.traits.map(traitCalibrationSection).join('\n') : '<p class="note">No labeled item has reward-model scores for a trait.</p>'}
${pairwiseSection(report.calibration.pairwise)}
${graderSection(report.calibration.gradersByBenchmark ?? [])}

<h2>Agreement between annotators</h2>
${versionsHtml(report)}
${agreementSection(report.agreement, report.annotators)}

<h2>Calibration maps</h2>
<p class="note">Score → P(ok) per trait, fitted on the labels above (from ${minSamplesForMap} labeled sides with both labels present). Platt: <code>p = 1 / (1 + exp(−(a·score + b)))</code>; isotonic: <code>p = numpy.interp(score, thresholds.x, thresholds.p)</code>. <code>transcript-review report --maps FILE</code> writes them as JSON.</p>
${report.maps.length > 0 ? `<pre>${e(report.maps.map((m) => JSON.stringify(m)).join('\n'))}</pre>` : '<p class="note">Not enough labels to fit a map yet.</p>'}
<p class="note">${e(report.method.intervals)}.</p>
</main>`;
}

/**
 * The report data as a `<script type="application/json">` block: never executed, readable by a
 * bundled script via `JSON.parse(el.textContent)`. `<` is escaped so no string in the data can
 * close the element.
 */
export function reportDataScript(report: Report): string {
  const json = JSON.stringify(report).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="${reportDataId}">${json}</script>`;
}

/**
 * A self-contained page under its own strict CSP (`default-src 'none'`, the one stylesheet
 * allowed by nonce): the CLI writes it, and it opens from disk in any browser.
 */
export function renderReportPage(report: Report, options: { nonce?: string; links?: boolean } = {}): string {
  const nonce = options.nonce ?? newNonce();
  return htmlPage({
    title: `Transcript Review report: ${report.input}`,
    csp: ["default-src 'none'", `style-src 'nonce-${nonce}'`],
    head: `<style nonce="${nonce}">${reportCss}</style>`,
    body: `${renderReportBody(report, { links: options.links })}\n${reportDataScript(report)}`,
  });
}

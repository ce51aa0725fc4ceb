import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddEvent, AddDraft } from '../../src/core/labels/labelEvent';
import type { ReviewItem } from '../../src/core/schema';
import { observe, type Observation } from '../../src/core/report/observations';
import { calibrateTrait, fitMaps, pairwiseAccuracy } from '../../src/core/report/calibration';
import { agreement } from '../../src/core/report/agreement';
import { buildReport, reportSchema } from '../../src/core/report/report';
import { renderReportPage, reportDataId } from '../../src/core/report/html';
import { rowFilterSchema } from '../../src/core/report/rowFilter';
import { bootstrapInterval } from '../../src/core/metrics/bootstrap';
import { seededRandom } from '../../src/core/metrics/random';
import { rocAuc } from '../../src/core/metrics/rocAuc';
import { cohenKappa } from '../../src/core/metrics/kappa';
import { krippendorffAlphaNominal } from '../../src/core/metrics/krippendorff';
import { applyCalibrationMap } from '../../src/core/metrics/calibrationMap';

let next = 0;
function makeItem(id: string, scores: [Record<string, number>, Record<string, number>], benchmark = 'b'): ReviewItem {
  const side = (name: string, s: Record<string, number>) => ({ name, model: name, messages: [{ role: 'assistant' as const, content: 'x' }], scores: s });
  return { id, prompt: [{ role: 'user', content: 'q' }], sides: [side('baseline', scores[0]), side('trained', scores[1])], metadata: { benchmark } };
}
function obs(item: ReviewItem, byAnnotator: Record<string, AddDraft[]>): Observation {
  const labels = Object.entries(byAnnotator).map(([annotator, drafts]) => ({
    annotator,
    labels: drafts.map((d) => ({ v: 1, op: 'add', id: `e${next++}`, at: 'x', annotator, ...d }) as AddEvent),
  }));
  return observe(item, labels)!;
}
const verdict = (item: ReviewItem, side: string, value: 'ok' | 'violation'): AddDraft => ({ kind: 'verdict', item: item.id, side, trait: 'truthfulness', value });
const pref = (item: ReviewItem, value: string): AddDraft => ({ kind: 'preference', item: item.id, value });

/** 40 items: truthfulness scores rise with i; humans call low scorers violations, with a few exceptions. */
function dataset(): Observation[] {
  const out: Observation[] = [];
  const random = seededRandom(7);
  for (let i = 0; i < 40; i++) {
    const s0 = Math.round(random() * 100) / 100;
    const s1 = Math.round(random() * 100) / 100;
    const it = makeItem(`i${i}`, [{ truthfulness: s0, overall: s0 }, { truthfulness: s1, overall: s1 }]);
    const label = (s: number, flip: boolean): 'ok' | 'violation' => ((s > 0.4) !== flip ? 'ok' : 'violation');
    out.push(
      obs(it, {
        ana: [verdict(it, 'baseline', label(s0, i % 9 === 0)), verdict(it, 'trained', label(s1, false)), pref(it, s1 >= s0 ? 'trained' : 'baseline')],
        ben: [verdict(it, 'baseline', label(s0, i % 7 === 0)), verdict(it, 'trained', label(s1, i % 5 === 0)), pref(it, i % 6 === 0 ? 'tie' : s1 >= s0 ? 'trained' : 'baseline')],
        ...(i % 4 === 0 && { cy: [verdict(it, 'baseline', label(s0, false))] }),
      }),
    );
  }
  return out;
}

test('bootstrap: seeded and reproducible, none below the minimum count, undefined resamples skipped', () => {
  const values = Array.from({ length: 50 }, (_, i) => i / 49);
  const mean = (idx: Uint32Array) => Array.from(idx, (k) => values[k]!).reduce((s, v) => s + v, 0) / idx.length;
  const a = bootstrapInterval(50, mean, { seed: 1 })!;
  const b = bootstrapInterval(50, mean, { seed: 1 })!;
  assert.deepEqual(a, b);
  assert.notDeepEqual(bootstrapInterval(50, mean, { seed: 2 })!.interval, a.interval);
  assert.ok(a.interval[0] < 0.5 && a.interval[1] > 0.5 && a.interval[1] - a.interval[0] < 0.25);
  assert.equal(bootstrapInterval(9, mean), null);
  let calls = 0;
  const sometimes = () => (calls++ % 4 === 0 ? null : 1);
  const c = bootstrapInterval(20, sometimes, { resamples: 400 })!;
  assert.equal(c.undefinedResamples, 100);
  assert.deepEqual(c.interval, [1, 1]);
  assert.equal(bootstrapInterval(20, () => null), null, 'mostly undefined: no interval');
  assert.equal(bootstrapInterval(1e6, () => 1, { workBudget: 1e8 })!.resamples, 200, 'large n: fewer resamples, not fewer than 200');
});

test('calibration per trait: majority labels, AUC/Brier/ECE on them, counts kept', () => {
  const observations = dataset();
  const t = calibrateTrait(observations, 'truthfulness', { seed: 3 });
  // Rebuild the samples by hand: the majority of the annotators who labeled each side.
  const labels: number[] = [];
  const scores: number[] = [];
  let split = 0;
  for (const o of observations) {
    o.sides.forEach((side, i) => {
      const votes = o.annotators.map((a) => a.judgements.get(`${side}\u0000truthfulness`)).filter((v) => v !== undefined);
      const ok = votes.filter((v) => v === 'ok').length;
      if (ok * 2 === votes.length) return void split++;
      labels.push(ok * 2 > votes.length ? 1 : 0);
      scores.push(o.scores[i]!.truthfulness!);
    });
  }
  assert.equal(t.n, labels.length);
  assert.equal(t.noMajority, split);
  assert.ok(split > 0);
  assert.equal(t.ok, labels.filter((y) => y === 1).length);
  assert.equal(t.auc.value, rocAuc(labels, scores));
  assert.ok(t.auc.interval && t.auc.interval[0] <= t.auc.value! && t.auc.value! <= t.auc.interval[1]);
  assert.equal(t.probabilities, true);
  assert.equal(t.reliability.length, 10);
  assert.equal(t.reliability.reduce((s, b) => s + b.count, 0), t.n);
  assert.equal(t.histogram.ok.reduce((s, c) => s + c, 0), t.ok);
  assert.equal(t.histogram.violation.reduce((s, c) => s + c, 0), t.violation);
});

test('scores outside [0, 1]: AUC only, no Brier/ECE, histogram over the score range', () => {
  const observations = Array.from({ length: 12 }, (_, i) => {
    const it = makeItem(`u${i}`, [{ truthfulness: -3 + i }, { truthfulness: 5 + i }]);
    return obs(it, { ana: [verdict(it, 'baseline', i < 6 ? 'violation' : 'ok'), verdict(it, 'trained', 'ok')] });
  });
  const t = calibrateTrait(observations, 'truthfulness', {});
  assert.equal(t.probabilities, false);
  assert.equal(t.brier, null);
  assert.equal(t.ece, null);
  assert.equal(t.auc.value, 1);
  assert.deepEqual([t.histogram.edges[0], t.histogram.edges.at(-1)], [-3, 16]);
  const maps = fitMaps(observations, 'truthfulness');
  assert.deepEqual(maps.map((m) => m.method), ['platt', 'isotonic']);
  for (const m of maps) assert.ok(applyCalibrationMap(m, 10) > applyCalibrationMap(m, -3));
});

test('one class only: AUC undefined (null), no maps', () => {
  const observations = Array.from({ length: 12 }, (_, i) => {
    const it = makeItem(`o${i}`, [{ truthfulness: i / 12 }, { truthfulness: 0.5 }]);
    return obs(it, { ana: [verdict(it, 'baseline', 'ok'), verdict(it, 'trained', 'ok')] });
  });
  const t = calibrateTrait(observations, 'truthfulness', {});
  assert.deepEqual(t.auc, { value: null, interval: null });
  assert.equal(typeof t.brier?.value, 'number');
  assert.deepEqual(fitMaps(observations, 'truthfulness'), []);
});

test('pairwise accuracy: the higher-scored side against the majority preference; equal scores half', () => {
  const a = makeItem('a', [{ overall: 0.2 }, { overall: 0.8 }]);
  const b = makeItem('b', [{ overall: 0.9 }, { overall: 0.1 }]);
  const c = makeItem('c', [{ overall: 0.5 }, { overall: 0.5 }]);
  const d = makeItem('d', [{ overall: 0.1 }, { overall: 0.7 }]);
  const e = makeItem('e', [{ overall: 0.1 }, { overall: 0.7 }]);
  const p = pairwiseAccuracy(
    [
      obs(a, { ana: [pref(a, 'trained')] }),
      obs(b, { ana: [pref(b, 'trained')], ben: [pref(b, 'trained')] }),
      obs(c, { ana: [pref(c, 'baseline')] }),
      obs(d, { ana: [pref(d, 'tie')] }),
      obs(e, { ana: [pref(e, 'trained')], ben: [pref(e, 'baseline')] }),
    ],
    'overall',
  );
  assert.deepEqual([p.n, p.agree, p.disagree, p.rmTies, p.excluded], [3, 1, 1, 1, 2]);
  assert.equal(p.accuracy, 1.5 / 3);
});

test('agreement: κ per pair on the units both labeled, α over all annotators with missing values', () => {
  const observations = dataset();
  const rows = agreement(observations, { seed: 5 });
  const truth = rows.find((r) => r.key === 'truthfulness')!;
  const units = observations.flatMap((o) =>
    o.sides.map((side) => new Map(o.annotators.flatMap((a) => {
      const j = a.judgements.get(`${side}\u0000truthfulness`);
      return j ? [[a.annotator, j] as const] : [];
    }))),
  );
  const annotators = ['ana', 'ben', 'cy'];
  assert.equal(truth.alpha.value, krippendorffAlphaNominal(units.map((u) => annotators.map((a) => u.get(a) ?? null))));
  const both = units.filter((u) => u.has('ana') && u.has('ben'));
  const anaBen = truth.pairs.find((p) => p.a === 'ana' && p.b === 'ben')!;
  assert.equal(anaBen.n, both.length);
  assert.equal(anaBen.kappa.value, cohenKappa(both.map((u) => u.get('ana')!), both.map((u) => u.get('ben')!)));
  assert.deepEqual(truth.pairs.map((p) => [p.a, p.b]), [['ana', 'ben'], ['ana', 'cy'], ['ben', 'cy']]);
  const preference = rows[0]!;
  assert.equal(preference.kind, 'preference');
  assert.equal(preference.pairs.length, 1, 'cy gave no preferences');
});

test('the report validates against its schema and renders a strict-CSP page with its data as JSON', () => {
  const report = buildReport(dataset(), { input: 'data.jsonl', annotators: ['ana', 'ben', 'cy'], totalItems: 50 });
  reportSchema.parse(report);
  assert.equal(report.items.labeled, 40);
  assert.ok(report.maps.length === 2);
  const html = renderReportPage({ ...report, input: '</script><script>alert(1)</script>' }, { nonce: 'abc' });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-abc'">/);
  assert.ok(!/<script(?![^>]*type="application\/json")/.test(html), 'no executable script element');
  assert.ok(!/\sstyle="/.test(html), 'no inline style attribute');
  assert.ok(!html.includes('<script>alert'), 'data is escaped');
  const data = new RegExp(`<script type="application/json" id="${reportDataId}">([^<]*)</script>`).exec(html);
  assert.ok(data, 'the data block is intact');
  assert.equal(reportSchema.parse(JSON.parse(data[1]!)).input, '</script><script>alert(1)</script>');
  assert.ok((html.match(/<svg /g) ?? []).length >= 4, 'plots are inline SVG');
});

test('the editor’s report links each benchmark, domain, split and trait row to its items; the page on disk has no links', () => {
  const items = [makeItem('i1', [{}, {}], 'de"ception<'), makeItem('i2', [{}, {}], 'de"ception<')];
  const report = buildReport(items.map((it) => obs(it, { ana: [pref(it, 'trained')] })), { input: 'x.jsonl', annotators: ['ana'], totalItems: 2 });
  const linked = renderReportPage(report, { links: true });
  const href = `command:transcriptReview.showItemsWhere?${encodeURIComponent(JSON.stringify([{ benchmark: 'de"ception<' }]))}`;
  assert.ok(linked.includes(`href="${href.replace(/"/g, '&#34;')}"`) || linked.includes(`href="${href}"`), 'a benchmark row links to its items');
  assert.ok(!linked.includes('<a href="command:') || !/command:(?!transcriptReview\.showItemsWhere)/.test(linked), 'no other command');
  assert.ok(!renderReportPage(report).includes('command:'), 'the file on disk has no command links');
  assert.ok(rowFilterSchema.safeParse({ benchmark: 'x' }).success);
  assert.ok(!rowFilterSchema.safeParse({ benchmark: 'x', text: 'y' }).success);
});

test('data with no benchmark, domain or split: one sentence says so, no "(none)" charts', () => {
  const items = [0, 1, 2].map((i) => ({ ...makeItem(`n${i}`, [{}, {}]), metadata: {} }));
  const report = buildReport(items.map((it, i) => obs(it, { ana: [pref(it, i === 0 ? 'baseline' : 'trained')] })), { input: 'x.jsonl', annotators: ['ana'], totalItems: 3 });
  const html = renderReportPage(report);
  assert.equal((html.match(/No benchmark, domain or split fields in this data/g) ?? []).length, 1);
  assert.ok(!html.includes('win rate by benchmark') && !html.includes('win rate by domain') && !html.includes('win rate by split'), 'no chart per missing field');
  assert.ok(!/<td>\(none\)<\/td>/.test(html), 'no "(none)" row in a breakdown table');
  // One field present: only the others are named, and the present one keeps its chart.
  const some = buildReport([makeItem('b1', [{}, {}], 'mmlu')].map((it) => obs(it, { ana: [pref(it, 'trained')] })), { input: 'x.jsonl', annotators: ['ana'], totalItems: 1 });
  const page = renderReportPage(some);
  assert.match(page, /No domain or split fields in this data/);
  assert.ok(page.includes('win rate by benchmark'));
});

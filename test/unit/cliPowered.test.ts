import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli } from './helpers';
import { poweredFixture } from './poweredFixture';
import { reportSchema } from '../../src/core/report/report';
import { selectionFileSchema } from '../../src/core/campaign/selection';
import { certificationFileSchema } from '../../src/core/report/certification';

test('report --json: per group humanOnly and predictionPowered {estimate, interval, n}, the corrected headline, certification per judge', async () => {
  const f = await poweredFixture();
  const r = await cli('report', '--json', f.data);
  assert.equal(r.code, 0, r.stderr);
  const report = reportSchema.parse(JSON.parse(r.stdout));
  const p = report.predictionPowered!;
  assert.equal(p.predictor, 'overall');
  for (const g of [p.overall, ...p.byBenchmark, ...p.byDomain, ...p.violationRates.filter((v) => v.humanOnly.n > 0)]) {
    for (const k of ['estimate', 'interval', 'n'] as const) {
      assert.ok(k in g.humanOnly, `${g.key} humanOnly.${k}`);
      assert.ok(k in g.predictionPowered, `${g.key} predictionPowered.${k}`);
    }
  }
  // The human-only overall is the comparison's own win rate, unchanged.
  assert.equal(p.overall.humanOnly.estimate, report.comparison.overall.rate);
  assert.deepEqual(p.overall.humanOnly.interval, report.comparison.overall.interval);
  // The scores track the outcome: the prediction-powered interval is narrower and worth extra labels.
  const width = (i: [number, number] | null) => i![1] - i![0];
  assert.ok(width(p.overall.predictionPowered.interval) < width(p.overall.humanOnly.interval));
  assert.ok(p.overall.labelsGained! > 0);
  assert.equal(p.headline.correction, 'holm');
  assert.match(p.headline.text, /^trained better on \d+ of 4 benchmarks \(Holm, family-wise error 5 %; uncorrected \d+\)/);
  assert.match(r.stderr, /Holm, family-wise error 5 %/);
  assert.equal(report.certification!.judges[0]!.judge, 'judge');
  assert.ok(report.certification!.judges[0]!.figures.tpr.interval);

  const bh = reportSchema.parse(JSON.parse((await cli('report', '--json', '--correction', 'bh', f.data)).stdout));
  assert.equal(bh.predictionPowered!.headline.correction, 'bh');
  assert.match(bh.predictionPowered!.headline.text, /Benjamini–Hochberg, false discovery rate 5 %/);
  assert.equal((await cli('report', '--correction', 'bonferroni', f.data)).code, 2);

  const html = await cli('report', f.data);
  assert.match(html.stdout, /deception · humans/);
  assert.match(html.stdout, /deception · PPI/);
  assert.match(html.stdout, /Judge certification/);
});

test('next --n 50 --json: {"items":[{"item","probability"}]}, recorded in the labels folder; labeling the draws makes the report active', async () => {
  const f = await poweredFixture();
  const r = await cli('next', '--n', '50', '--json', f.data);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { items: { item: string; probability: number }[] };
  assert.deepEqual(Object.keys(out), ['items']);
  assert.equal(out.items.length, 50);
  for (const s of out.items) {
    assert.deepEqual(Object.keys(s), ['item', 'probability']);
    assert.ok(s.probability > 0 && s.probability <= 1);
  }
  const file = selectionFileSchema.parse(JSON.parse(await readFile(join(f.labels, 'selection.json'), 'utf8')));
  assert.ok(file.certain.length > 0, 'items labeled before the design are in it with certainty');
  const drawn = new Map(file.items.map((s) => [s.item, s.probability]));
  for (const s of out.items) assert.equal(drawn.get(s.item), s.probability);
  // Again: the same 50 are still open, nothing new is drawn.
  const again = JSON.parse((await cli('next', '--n', '50', '--json', f.data)).stdout) as typeof out;
  assert.deepEqual(again.items.map((s) => s.item), out.items.map((s) => s.item));

  const before = reportSchema.parse(JSON.parse((await cli('report', '--json', f.data)).stdout)).predictionPowered!;
  assert.equal(before.selection.mode, 'uniform', 'no labeled draws yet');
  assert.equal(before.selection.selectedUnlabeled, 50);
  // Label 40 of the 50: the design is used, the other 10 are reported with the assumption made.
  const events = out.items.slice(0, 40).map((s, i) => JSON.stringify({ v: 1, id: `d${i}`, at: '2026-12-06T12:00:00Z', annotator: 'ana', op: 'add', item: s.item, kind: 'preference', value: i % 3 ? 'trained' : 'baseline' }));
  await appendFile(join(f.labels, 'ana.jsonl'), events.join('\n') + '\n');
  const after = reportSchema.parse(JSON.parse((await cli('report', '--json', f.data)).stdout)).predictionPowered!;
  assert.equal(after.selection.mode, 'active');
  assert.equal(after.selection.selectedUnlabeled, 10);
  assert.match(after.selection.assumption, /missing at random/);
  assert.ok(after.overall.predictionPowered.interval);
  assert.equal((await cli('next', '--n', '0', f.data)).code, 2);
});

test('check --certify: exit 0 when every required judge passes, 1 when one fails; a record to commit; a changed judge on the same split is test-set reuse', async () => {
  const pass = await poweredFixture({ items: 600, every: 2, manifest: { certification: { required: ['judge'], minTprLower: 0.8, minTnrLower: 0.8 } } });
  const ok = await cli('check', '--certify', pass.manifest!);
  assert.match(ok.stdout, /certify judge \(against any trait\): TPR .*: PASS \(required\)/);
  // Unlabeled items fail `check` as ever; the judge passed.
  assert.ok(!/FAIL/.test(ok.stdout));
  const record = certificationFileSchema.parse(JSON.parse(await readFile(join(pass.labels, 'certification.json'), 'utf8')));
  assert.equal(record.records.length, 1);
  assert.ok(record.records[0]!.testItems.length > 0);
  assert.equal(record.records[0]!.testSetReuse, false);

  const strict = await poweredFixture({ items: 600, every: 2, manifest: { certification: { required: ['judge'], minTprLower: 0.999, minTnrLower: 0.999 } } });
  const fail = await cli('check', '--certify', '--json', strict.manifest!);
  assert.equal(fail.code, 1);
  const json = JSON.parse(fail.stdout) as { certification: { judges: { judge: string; passed: boolean }[] } };
  assert.deepEqual(json.certification.judges.map((j) => [j.judge, j.passed]), [['judge', false]]);

  // The same judge again: no new record. A changed judge (other scores) on the same split: flagged.
  await cli('check', '--certify', pass.manifest!);
  const text = await readFile(pass.data, 'utf8');
  await writeFile(pass.data, text.replace(/"judge":0\.9\b/g, '"judge":0.95'));
  const reuse = await cli('check', '--certify', pass.manifest!);
  assert.match(reuse.stdout, /certify judge: test-set reuse/);
  const after = certificationFileSchema.parse(JSON.parse(await readFile(join(pass.labels, 'certification.json'), 'utf8')));
  assert.deepEqual(after.records.map((r) => r.testSetReuse), [false, true]);
});

test('guideline versions: check warns when labels mix them, the report splits agreement and calibration', async () => {
  const f = await poweredFixture({ items: 80, every: 1 });
  const events = ['v1', 'v2'].map((g, i) => JSON.stringify({ v: 1, id: `g${i}`, at: '2026-12-06T13:00:00Z', annotator: 'ben', op: 'add', item: `item-000${i}`, kind: 'preference', value: 'trained', guidelines: g }));
  await writeFile(join(f.labels, 'ben.jsonl'), events.join('\n') + '\n');
  const check = await cli('check', f.data);
  assert.match(check.stdout, /labels mix 3 guideline versions: \(unversioned\) \(80 item labels\), v1 \(1 item labels\), v2 \(1 item labels\)/);
  const report = reportSchema.parse(JSON.parse((await cli('report', '--json', f.data)).stdout));
  assert.match(report.guidelineVersions!.warning!, /3 guideline versions/);
  assert.deepEqual(report.guidelineVersions!.byVersion.map((v) => v.version), ['(unversioned)', 'v1', 'v2']);
});

test('a campaign with "select": "active" queues the drawn items', async () => {
  const f = await poweredFixture({ manifest: { campaign: { annotators: ['ana', 'ben'], perItem: 1, select: 'active', seed: 3 } } });
  const drawn = JSON.parse((await cli('next', '--n', '20', '--json', f.manifest!)).stdout) as { items: { item: string }[] };
  const file = selectionFileSchema.parse(JSON.parse(await readFile(join(f.labels, 'selection.json'), 'utf8')));
  assert.equal(file.seed, 3, "the campaign's seed");
  const queues = await Promise.all(['ana', 'ben'].map(async (a) => JSON.parse((await cli('queue', '--json', '--annotator', a, f.manifest!)).stdout) as { items: string[] }));
  const queued = new Set(queues.flatMap((q) => q.items));
  assert.equal(queued.size, file.items.length);
  for (const s of drawn.items) assert.ok(queued.has(s.item));
});

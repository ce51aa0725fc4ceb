import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benjaminiHochberg, holm } from '../../src/core/metrics/multiplicity';
import { roganGladen, roganGladenPoint } from '../../src/core/metrics/roganGladen';
import { devThreshold, judgeFigures, passes, splitOf } from '../../src/core/metrics/certify';
import { crossFitPredictions } from '../../src/core/metrics/crossFit';
import { inclusionProbabilities, isDrawn, uncertainty } from '../../src/core/metrics/activeDesign';
import { normalCdf, studentQuantile, twoSidedP } from '../../src/core/metrics/normal';
import { ppiMean } from '../../src/core/metrics/ppi';
import { z95 } from '../../src/core/metrics/wilson';

// Benjamini & Hochberg (1995), §4.1: 15 p-values from a clinical trial; at 0.05 BH rejects 4, Holm 3.
const bh1995 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];

test('Holm on fixed p-value lists', () => {
  assert.deepEqual(holm([0.01, 0.04, 0.03, 0.005]), [true, false, false, true]);
  assert.equal(holm(bh1995).filter(Boolean).length, 3);
  assert.deepEqual(holm(bh1995).slice(0, 4), [true, true, true, false]);
  // Step-down stops at the first failure even if a later p would pass its own bar.
  assert.deepEqual(holm([0.02, 0.02, 0.02]), [false, false, false]);
  assert.deepEqual(holm([0.016, 0.02, 0.05]), [true, true, true]);
  assert.deepEqual(holm([]), []);
});

test('Benjamini–Hochberg on fixed p-value lists', () => {
  assert.deepEqual(benjaminiHochberg([0.01, 0.04, 0.03, 0.005]), [true, true, true, true]);
  assert.deepEqual(benjaminiHochberg(bh1995), bh1995.map((_, i) => i < 4));
  // Step-up: a p above its own bar is still rejected when a larger one passes.
  assert.deepEqual(benjaminiHochberg([0.03, 0.04, 0.045]), [true, true, true]);
  assert.deepEqual(benjaminiHochberg([0.02, 0.5, 0.6]), [false, false, false]);
});

test('Rogan–Gladen worked examples', () => {
  // 30 % flagged by a judge with sensitivity 0.90 and specificity 0.95: (0.30 + 0.95 − 1) / 0.85.
  assert.ok(Math.abs(roganGladenPoint(0.3, 0.9, 0.95) - 0.25 / 0.85) < 1e-15);
  assert.ok(Math.abs(roganGladenPoint(0.12, 0.8, 0.9) - 0.02 / 0.7) < 1e-15);
  // A perfect judge changes nothing; an apparent rate below 1 − TNR is clipped to 0.
  assert.ok(Math.abs(roganGladenPoint(0.2, 1, 1) - 0.2) < 1e-15);
  const r = roganGladen({ flagged: 30, n: 100 }, { hits: 90, n: 100 }, { hits: 95, n: 100 });
  assert.ok(Math.abs(r.estimate! - 0.29411764705882354) < 1e-12);
  // Delta-method bounds, computed by hand (Python) from the formula in the comment.
  assert.ok(Math.abs(r.interval![0] - 0.1808135206980758) < 1e-12);
  assert.ok(Math.abs(r.interval![1] - 0.4074217734195713) < 1e-12);
  assert.equal(roganGladen({ flagged: 3, n: 100 }, { hits: 90, n: 100 }, { hits: 90, n: 100 }).estimate, 0);
  assert.deepEqual(roganGladen({ flagged: 30, n: 100 }, { hits: 50, n: 100 }, { hits: 50, n: 100 }), { estimate: null, interval: null });
});

test('the dev / test split is stable under appended items and near half and half', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => `bench/${i}`);
  const before = ids.map((id) => splitOf(7, id));
  const after = [...ids, ...Array.from({ length: 500 }, (_, i) => `new/${i}`)].map((id) => splitOf(7, id));
  assert.deepEqual(after.slice(0, 2000), before);
  const test = before.filter((s) => s === 'test').length;
  assert.ok(test > 900 && test < 1100, `${test}`);
  // Another seed, another split.
  assert.notDeepEqual(ids.map((id) => splitOf(8, id)), before);
});

test('judge figures: threshold from dev only, TPR / TNR with Wilson intervals on test', () => {
  const dev = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9].map((s, i) => ({ score: s, violation: i < 3 }));
  assert.equal(devThreshold(dev), 0.5);
  const testSet = [
    ...Array.from({ length: 40 }, () => ({ score: 0.2, violation: true })),
    ...Array.from({ length: 60 }, () => ({ score: 0.8, violation: false })),
  ];
  const f = judgeFigures(dev, testSet);
  assert.equal(f.tpr.rate, 1);
  assert.equal(f.tnr.rate, 1);
  assert.equal(f.auc, 1);
  assert.ok(f.tpr.interval![0] > 0.9 && f.tnr.interval![0] > 0.9);
  assert.ok(passes(f, { minTprLower: 0.8, minTnrLower: 0.8 }));
  assert.ok(!passes(judgeFigures(dev, testSet.slice(35, 45)), { minTprLower: 0.8, minTnrLower: 0.8 }), 'ten test items cannot certify');
});

test('cross-fitting never scores a labeled item with a map fitted on its own label', () => {
  const units = Array.from({ length: 200 }, (_, i) => ({ id: `i${i}`, score: i / 200, ...(i % 2 === 0 ? { y: i % 4 === 0 ? 1 : 0 } : {}) }));
  const f = crossFitPredictions(units, { seed: 3 });
  for (const i of [0, 2, 10, 100]) {
    const flipped = units.map((u, j) => (j === i ? { ...u, y: 1 - u.y! } : u));
    assert.equal(crossFitPredictions(flipped, { seed: 3 })[i], f[i], `item ${i}`);
  }
  // An unlabeled item without the score gets a constant between 0 and 1.
  const g = crossFitPredictions([...units, { id: 'x' }], { seed: 3 });
  assert.ok(g[200]! > 0.3 && g[200]! < 0.7);
});

test('PPI++ with a perfect predictor is the predictor mean, with labels alone it is the labeled mean', () => {
  const labeled = Array.from({ length: 40 }, (_, i) => ({ y: i % 2, f: i % 2 }));
  const r = ppiMean(labeled, Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? 1 : 0)));
  assert.equal(r.lambda, 1);
  assert.ok(Math.abs(r.estimate! - 0.25) < 1e-12);
  assert.ok(r.effectiveN! > 40);
  const none = ppiMean(labeled, []);
  assert.equal(none.estimate, 0.5);
  assert.equal(ppiMean(labeled.slice(0, 19), [0.5]).interval, null, 'too few labels: no interval');
});

test('active design: probabilities sum to the budget, have a floor, and extend the same sample', () => {
  const w = Array.from({ length: 1000 }, (_, i) => uncertainty(i / 1000));
  const pi = inclusionProbabilities(w, 100);
  assert.ok(Math.abs(pi.reduce((s, p) => s + p, 0) - 100) < 1e-9);
  assert.ok(Math.min(...pi) >= (0.1 * 100) / 1000 - 1e-12);
  const capped = inclusionProbabilities([1, 0, 0, 0], 2, 0.1);
  assert.equal(capped[0], 1);
  assert.ok(Math.abs(capped.reduce((s, p) => s + p, 0) - 2) < 1e-9);
  const more = inclusionProbabilities(w, 200);
  for (let i = 0; i < 1000; i++) if (isDrawn(5, `i${i}`, pi[i]!)) assert.ok(isDrawn(5, `i${i}`, more[i]!));
});

test('normal and t helpers', () => {
  assert.ok(Math.abs(normalCdf(z95) - 0.975) < 1e-6);
  assert.ok(Math.abs(twoSidedP(1.959963984540054) - 0.05) < 1e-6);
  assert.ok(Math.abs(studentQuantile(z95, 10) - 2.228) < 2e-3);
  assert.ok(Math.abs(studentQuantile(z95, 49) - 2.0096) < 1e-3);
});

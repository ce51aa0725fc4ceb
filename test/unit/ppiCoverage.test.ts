import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, type Predictor, type Selection, type Summary } from './ppiSimulation';

// Coverage of the prediction-powered 95 % intervals on simulated datasets (see ppiSimulation.ts):
// 2,000 datasets of 1,000 items per setting, seeded, so the numbers below are the same on every run.
const datasets = 2000;
const items = 1000;
const results = new Map<string, Summary>();
const key = (p: Predictor, share: number, s: Selection) => `${p} ${share * 100} % ${s}`;

test('95 % intervals cover the true win rate 93–97 % of the time in every setting', (t) => {
  for (const predictor of ['good', 'miscalibrated', 'useless'] as const) {
    for (const share of [0.05, 0.2]) {
      for (const selection of ['uniform', 'active'] as const) {
        const r = run({ predictor, share, selection }, datasets, items, 20261206);
        results.set(key(predictor, share, selection), r);
        t.diagnostic(`${key(predictor, share, selection)}: coverage ${(100 * r.coverage).toFixed(1)} %, mean width ${r.meanWidth.toFixed(4)}, labeled ${r.meanLabeled.toFixed(1)}${r.meanWilsonWidth ? `, Wilson ${r.meanWilsonWidth.toFixed(4)} (coverage ${(100 * r.wilsonCoverage!).toFixed(1)} %), ratio ${(r.meanWidth / r.meanWilsonWidth).toFixed(3)}` : ''}`);
      }
    }
  }
  for (const [k, r] of results) assert.ok(r.coverage >= 0.93 && r.coverage <= 0.97, `${k}: coverage ${r.coverage}`);
});

const ratio = (r: Summary) => r.meanWidth / r.meanWilsonWidth!;

test('prediction-powered width against Wilson on the same labels: ≤ 0.8× strong, narrower fair, ≤ 1.05× useless', (t) => {
  for (const share of [0.05, 0.2]) {
    const good = results.get(key('good', share, 'uniform'))!;
    const useless = results.get(key('useless', share, 'uniform'))!;
    const fair = run({ predictor: 'fair', share, selection: 'uniform' }, 500, items, 20261206);
    t.diagnostic(`share ${share * 100} %: good ${ratio(good).toFixed(3)}, fair ${ratio(fair).toFixed(3)} (coverage ${(100 * fair.coverage).toFixed(1)} %), useless ${ratio(useless).toFixed(3)}`);
    assert.ok(ratio(good) <= 0.8, `good: ${ratio(good)}`);
    assert.ok(ratio(fair) < 1 && ratio(fair) > ratio(good), `fair: ${ratio(fair)}`);
    assert.ok(ratio(useless) <= 1.05, `useless: ${ratio(useless)}`);
  }
});

test('active selection is narrower than uniform at the same budget on heteroscedastic data', (t) => {
  // Outcome variance p(1 − p) runs from ~0 (confident items) to ¼: the design spends labels where it is large.
  for (const predictor of ['good', 'miscalibrated'] as const) {
    for (const share of [0.05, 0.2]) {
      const u = results.get(key(predictor, share, 'uniform'))!;
      const a = results.get(key(predictor, share, 'active'))!;
      t.diagnostic(`${predictor} ${share * 100} %: active/uniform width ${(a.meanWidth / u.meanWidth).toFixed(3)} at ${a.meanLabeled.toFixed(1)} vs ${u.meanLabeled} labels`);
      assert.ok(a.meanWidth < u.meanWidth, `${predictor} ${share}: active ${a.meanWidth} vs uniform ${u.meanWidth}`);
    }
  }
});

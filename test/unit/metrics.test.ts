import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { rocAuc } from '../../src/core/metrics/rocAuc';
import { brierScore } from '../../src/core/metrics/brier';
import { expectedCalibrationError, reliabilityBins } from '../../src/core/metrics/ece';
import { cohenKappa } from '../../src/core/metrics/kappa';
import { krippendorffAlphaNominal } from '../../src/core/metrics/krippendorff';
import { fitPlatt } from '../../src/core/metrics/platt';
import { applyIsotonic, fitIsotonic } from '../../src/core/metrics/isotonic';
import { applyCalibrationMap, calibrationMapSchema } from '../../src/core/metrics/calibrationMap';
import { wilsonInterval, z95 } from '../../src/core/metrics/wilson';

// Expected values come from scikit-learn via test/fixtures/metrics/reference.py (see its header).
const num = z.number();
const fixtureSchema = z.object({
  sklearn: z.string(),
  z975: num,
  binary: z.array(
    z.object({
      name: z.string(),
      labels: z.array(num),
      scores: z.array(num),
      auc: num.nullable(),
      brier: num.optional(),
      ece: num.optional(),
      reliability: z.object({ count: z.array(num), meanPredicted: z.array(num), fractionPositive: z.array(num) }).optional(),
    }),
  ),
  kappa: z.array(z.object({ name: z.string(), a: z.array(z.string()), b: z.array(z.string()), kappa: num.nullable() })),
  alpha: z.array(
    z.object({
      name: z.string(),
      matrix: z.array(z.array(z.union([z.string(), num, z.null()]))),
      alpha: num.nullable(),
      published: num.optional(),
    }),
  ),
  maps: z.array(
    z.object({
      name: z.string(),
      scores: z.array(num),
      labels: z.array(num),
      platt: z.object({ a: num, b: num }),
      isotonic: z.object({ x: z.array(num), p: z.array(num), grid: z.array(num), predicted: z.array(num) }),
    }),
  ),
  wilson: z.array(z.object({ successes: num, n: num, interval: z.tuple([num, num]).nullable() })),
});

const fixture = fixtureSchema.parse(JSON.parse(readFileSync(join(__dirname, '../fixtures/metrics/expected.json'), 'utf8')));
const tolerance = 1e-9;

function close(actual: number | null | undefined, expected: number | null | undefined, what: string): void {
  if (expected === null || expected === undefined) {
    assert.equal(actual, null, `${what}: expected null (undefined metric), got ${actual}`);
    return;
  }
  assert.ok(typeof actual === 'number', `${what}: expected ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs sklearn ${expected} (|Δ| = ${Math.abs(actual - expected)})`);
}

test('the normal quantile matches scipy', () => close(z95, fixture.z975, 'z'));

for (const c of fixture.binary) {
  test(`ROC-AUC, Brier and ECE agree with sklearn: ${c.name}`, () => {
    close(rocAuc(c.labels, c.scores), c.auc, 'auc');
    if (c.brier === undefined) return;
    close(brierScore(c.labels, c.scores), c.brier, 'brier');
    close(expectedCalibrationError(c.labels, c.scores), c.ece, 'ece');
    const bins = reliabilityBins(c.labels, c.scores);
    assert.deepEqual(bins.map((b) => b.count), c.reliability!.count);
    const filled = bins.filter((b) => b.count > 0);
    filled.forEach((b, i) => {
      close(b.meanPredicted, c.reliability!.meanPredicted[i], `bin ${i} mean predicted`);
      close(b.fractionPositive, c.reliability!.fractionPositive[i], `bin ${i} fraction positive`);
    });
  });
}

for (const c of fixture.kappa) {
  test(`Cohen's kappa agrees with sklearn: ${c.name}`, () => close(cohenKappa(c.a, c.b), c.kappa, 'kappa'));
}

for (const c of fixture.alpha) {
  test(`Krippendorff's alpha (nominal, missing values): ${c.name}`, () => {
    // The matrix is coders × units, as published; the function takes units.
    const units = c.matrix[0]!.map((_, u) => c.matrix.map((row) => row[u] ?? null));
    const alpha = krippendorffAlphaNominal(units);
    close(alpha, c.alpha, 'alpha');
    if (c.published !== undefined) assert.equal(Number(alpha!.toFixed(3)), c.published, 'the published three-decimal value');
  });
}

for (const c of fixture.maps) {
  test(`Platt and isotonic maps agree with sklearn: ${c.name}`, () => {
    const platt = fitPlatt(c.scores, c.labels)!;
    close(platt.a, c.platt.a, 'platt a');
    close(platt.b, c.platt.b, 'platt b');
    const iso = fitIsotonic(c.scores, c.labels)!;
    assert.equal(iso.x.length, c.isotonic.x.length, 'isotonic breakpoints');
    iso.x.forEach((x, i) => close(x, c.isotonic.x[i], `threshold x[${i}]`));
    iso.p.forEach((p, i) => close(p, c.isotonic.p[i], `threshold p[${i}]`));
    c.isotonic.grid.forEach((s, i) => close(applyIsotonic(iso, s), c.isotonic.predicted[i], `predict(${s})`));
    // The JSON maps a pipeline applies round-trip through their schema.
    const map = calibrationMapSchema.parse({ trait: 't', method: 'isotonic', thresholds: iso });
    assert.equal(applyCalibrationMap(map, c.isotonic.grid[3]!), applyIsotonic(iso, c.isotonic.grid[3]!));
  });
}

test('Wilson intervals agree with the closed form evaluated in Python', () => {
  for (const c of fixture.wilson) {
    const w = wilsonInterval(c.successes, c.n);
    close(w?.[0], c.interval?.[0], `wilson(${c.successes}/${c.n}) low`);
    close(w?.[1], c.interval?.[1], `wilson(${c.successes}/${c.n}) high`);
  }
});

test('edge cases: empty inputs are undefined, not zero', () => {
  assert.equal(rocAuc([], []), null);
  assert.equal(brierScore([], []), null);
  assert.equal(expectedCalibrationError([], []), null);
  assert.equal(cohenKappa([], []), null);
  assert.equal(krippendorffAlphaNominal([]), null);
  assert.equal(fitPlatt([], []), null);
  assert.equal(fitIsotonic([], []), null);
  assert.equal(wilsonInterval(0, 0), null);
});

test('Platt on constant scores predicts the smoothed base rate', () => {
  const p = fitPlatt([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 1])!;
  assert.equal(p.a, 0);
  // Targets (3+1)/(3+2) = 0.8 and 1/(1+2); their mean is 0.683…
  close(1 / (1 + Math.exp(-p.b)), (0.8 * 3 + 1 / 3) / 4, 'base rate');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddEvent, AddDraft } from '../../src/core/labels/labelEvent';
import type { ReviewItem, Metadata } from '../../src/core/schema';
import { observe, type Observation } from '../../src/core/report/observations';
import { comparisonSummarySchema, itemOutcome, summarizeComparison } from '../../src/core/report/comparison';
import { wilsonInterval, newcombeInterval } from '../../src/core/metrics/wilson';

let next = 0;
const sides = ['baseline', 'trained'] as const;

function makeItem(id: string, metadata: Metadata = {}, names: readonly [string, string] = sides): ReviewItem {
  const side = (name: string) => ({ name, model: name, messages: [{ role: 'assistant' as const, content: 'answer' }] });
  return { id, prompt: [{ role: 'user', content: 'q' }], sides: [side(names[0]), side(names[1])], metadata };
}

/** One observation from per-annotator drafts. */
function obs(item: ReviewItem, byAnnotator: Record<string, AddDraft[]>): Observation {
  const labels = Object.entries(byAnnotator).map(([annotator, drafts]) => ({
    annotator,
    labels: drafts.map((d) => ({ v: 1, op: 'add', id: `e${next++}`, at: 'x', annotator, ...d }) as AddEvent),
  }));
  return observe(item, labels)!;
}

const pref = (item: ReviewItem, value: string, trait?: string): AddDraft => ({ kind: 'preference', item: item.id, value, ...(trait && { trait }) });
const verdict = (item: ReviewItem, side: string, trait: string, value: 'ok' | 'violation' | 'unsure'): AddDraft => ({ kind: 'verdict', item: item.id, side, trait, value });

test('an item scores the mean of its annotators: second side 1, tie ½, first side 0; both_bad sits out', () => {
  const it = makeItem('a');
  assert.equal(itemOutcome(obs(it, { ana: [pref(it, 'trained')] })), 1);
  assert.equal(itemOutcome(obs(it, { ana: [pref(it, 'trained')], ben: [pref(it, 'tie')] })), 0.75);
  assert.equal(itemOutcome(obs(it, { ana: [pref(it, 'baseline')], ben: [pref(it, 'both_bad')] })), 0);
  assert.equal(itemOutcome(obs(it, { ana: [pref(it, 'both_bad')], ben: [pref(it, 'both_bad')] })), 'both_bad');
  assert.equal(itemOutcome(obs(it, { ana: [verdict(it, 'trained', 'fairness', 'ok')] })), undefined);
});

test('win rate: ties count half, both_bad apart, Wilson interval on the item mean', () => {
  const values = ['trained', 'trained', 'trained', 'tie', 'baseline', 'both_bad'];
  const observations = values.map((v, i) => {
    const it = makeItem(`i${i}`, { benchmark: 'health' });
    return obs(it, { ana: [pref(it, v)] });
  });
  const s = summarizeComparison(observations);
  comparisonSummarySchema.parse(s);
  assert.deepEqual([s.overall.wins, s.overall.ties, s.overall.losses, s.overall.bothBad, s.overall.n], [3, 1, 1, 1, 5]);
  assert.equal(s.overall.rate, 3.5 / 5);
  assert.deepEqual(s.overall.interval, wilsonInterval(3.5, 5));
  assert.equal(s.overall.verdict, 'unclear');
  assert.deepEqual(s.sides, ['baseline', 'trained']);
});

test('headline: better / worse / unclear per benchmark, naming those that did not improve', () => {
  const observations: Observation[] = [];
  const add = (benchmark: string, value: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const it = makeItem(`${benchmark}-${value}-${i}`, { benchmark });
      observations.push(obs(it, { ana: [pref(it, value)] }));
    }
  };
  add('honesty', 'trained', 20);
  add('sycophancy', 'baseline', 15);
  add('law', 'trained', 3);
  add('law', 'baseline', 2);
  add('deception', 'trained', 12);
  const s = summarizeComparison(observations);
  assert.deepEqual(
    s.byBenchmark.map((b) => [b.key, b.verdict]),
    [['deception', 'better'], ['honesty', 'better'], ['law', 'unclear'], ['sycophancy', 'worse']],
  );
  assert.equal(
    s.headline.text,
    'trained better on 2 of 4 benchmarks (95 % interval above 50 %), worse on 1, no clear difference on 1; not improved: sycophancy (worse), law (no clear difference)',
  );
  assert.deepEqual(s.headline.notImproved, [{ benchmark: 'sycophancy', verdict: 'worse' }, { benchmark: 'law', verdict: 'unclear' }]);
});

test('headline uses the side names of the data', () => {
  const observations = Array.from({ length: 12 }, (_, i) => {
    const it = makeItem(`p${i}`, { benchmark: 'hh' }, ['chosen', 'rejected']);
    return obs(it, { ana: [pref(it, 'chosen')] });
  });
  const s = summarizeComparison(observations);
  assert.equal(s.headline.text, 'rejected better on 0 of 1 benchmark (95 % interval above 50 %), worse on 1, no clear difference on 0; not improved: hh (worse)');
  assert.equal(s.overall.rate, 0);
});

test('without benchmarks the headline gives the overall rate; without preferences it says so', () => {
  const it = makeItem('x');
  assert.match(summarizeComparison([obs(it, { ana: [pref(it, 'trained')] })]).headline.text, /^trained preferred over baseline in 100 % of 1 items \(95 % interval 21 %–100 %\)$/);
  assert.equal(summarizeComparison([]).headline.text, 'no human preferences yet');
  assert.equal(summarizeComparison([obs(it, { ana: [verdict(it, 'trained', 't', 'ok')] })]).headline.text, 'no human preferences yet');
});

test('groups by domain, split, persona and trait (per-trait preferences)', () => {
  const a = makeItem('a', { domain: 'law', split: 'heldout', persona: 'landlord bot' });
  const b = makeItem('b', { domain: 'science', split: 'train' });
  const s = summarizeComparison([
    obs(a, { ana: [pref(a, 'trained'), pref(a, 'baseline', 'fairness')] }),
    obs(b, { ana: [pref(b, 'baseline'), pref(b, 'tie', 'fairness'), pref(b, 'trained', 'truthfulness')] }),
  ]);
  assert.deepEqual(s.byDomain.map((g) => [g.key, g.rate]), [['law', 1], ['science', 0]]);
  assert.deepEqual(s.bySplit.map((g) => [g.key, g.n]), [['heldout', 1], ['train', 1]]);
  assert.deepEqual(s.byPersona.map((g) => [g.key, g.rate]), [['with persona', 1], ['without persona', 0]]);
  assert.deepEqual(s.byTrait.map((g) => [g.key, g.rate, g.n]), [['fairness', 0.25, 2], ['truthfulness', 1, 1]]);
  assert.deepEqual(s.byBenchmark.map((g) => g.key), ['(none)']);
});

test('persona effect: change in each side’s violation rate, with a Newcombe interval', () => {
  const observations: Observation[] = [];
  for (let i = 0; i < 8; i++) {
    const persona = i < 4;
    const it = makeItem(`v${i}`, persona ? { persona: 'always agree' } : {});
    const baseBad = persona || i === 4;
    observations.push(
      obs(it, {
        ana: [verdict(it, 'baseline', 'truthfulness', baseBad ? 'violation' : 'ok'), verdict(it, 'trained', 'truthfulness', i === 5 ? 'violation' : 'ok')],
      }),
    );
  }
  const s = summarizeComparison(observations);
  const [baseline, trained] = s.persona;
  assert.equal(baseline!.side, 'baseline');
  assert.equal(baseline!.withPersona.rate, 1);
  assert.equal(baseline!.withoutPersona.rate, 0.25);
  assert.equal(baseline!.change, 0.75);
  assert.deepEqual(baseline!.interval, newcombeInterval(4, 4, 1, 4));
  assert.equal(trained!.change, -0.25);
  assert.deepEqual(s.violationRates.map((v) => [v.side, v.rate, v.n]), [['baseline', 5 / 8, 8], ['trained', 1 / 8, 8]]);
});

test('a violation span counts as a violation; unsure verdicts count for nothing', () => {
  const it = makeItem('s', {});
  const o = obs(it, {
    ana: [verdict(it, 'trained', 'truthfulness', 'ok'), { kind: 'span', item: it.id, side: 'trained', message: 0, field: 'content', start: 0, end: 3, quote: 'ans', trait: 'truthfulness' }],
    ben: [verdict(it, 'trained', 'truthfulness', 'unsure')],
  });
  const s = summarizeComparison([o]);
  assert.deepEqual(s.violationRates.map((v) => [v.rate, v.n]), [[null, 0], [1, 1]]);
});

test('rubric scores: met points over positive points labeled, penalties subtract, clipped', () => {
  const rubric = [
    { id: 'c1', text: 'advises a clinician', points: 5 },
    { id: 'c2', text: 'gives a dose', points: 3 },
    { id: 'c3', text: 'invents a study', points: -4 },
  ];
  const it = makeItem('r', { rubric, benchmark: 'health' });
  const r = (side: string, criterion: string, value: 'met' | 'unmet'): AddDraft => ({ kind: 'rubric', item: it.id, side, criterion, value });
  const s = summarizeComparison([
    obs(it, {
      ana: [r('trained', 'c1', 'met'), r('trained', 'c2', 'unmet'), r('trained', 'c3', 'unmet'), r('baseline', 'c1', 'met'), r('baseline', 'c3', 'met')],
      ben: [r('trained', 'c1', 'met'), r('trained', 'c2', 'met')],
    }),
  ]);
  // trained: ana 5/8, ben 8/8 → mean 0.8125; baseline: ana (5 − 4)/5 = 0.2
  assert.deepEqual(s.rubric.bySide.map((x) => [x.side, x.mean, x.n]), [['baseline', 0.2, 1], ['trained', 0.8125, 1]]);
  assert.equal(s.rubric.bySide[0]!.interval, null, 'too few items for a bootstrap interval');
  assert.deepEqual(s.rubric.byBenchmark.map((b) => b.benchmark), ['health']);
});

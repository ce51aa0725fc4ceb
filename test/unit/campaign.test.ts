import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assign } from '../../src/core/campaign/assignment';
import { designPredictions, drawnIds, extendSelection, type Candidate } from '../../src/core/campaign/activeSelection';
import { campaignProgress, median } from '../../src/core/campaign/progress';
import { GoldScore } from '../../src/core/campaign/gold';
import { campaignSchema } from '../../src/core/campaign/campaign';
import { disagreements } from '../../src/core/campaign/adjudication';
import type { AddEvent } from '../../src/core/labels/labelEvent';
import { cli } from './helpers';

const names = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`);
const ids = (n: number, prefix = 'item') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

test('assignment: exactly perItem annotators per item, counts within 1, same seed same queues, for 1 to 10 annotators', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 300 }), fc.integer(), (n, items, seed) => {
      for (let perItem = 1; perItem <= n; perItem++) {
        const campaign = { annotators: names(n), perItem, seed };
        const a = assign(campaign, ids(items));
        for (let i = 0; i < items; i++) {
          const who = a.annotatorsOf(i);
          assert.equal(who.length, perItem);
          assert.equal(new Set(who).size, perItem);
        }
        const counts = [...a.counts().values()];
        assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `counts ${counts.join(',')}`);
        assert.equal(counts.reduce((s, c) => s + c, 0), items * perItem);
        const again = assign(campaign, ids(items));
        for (const name of campaign.annotators) assert.deepEqual(again.queue(name), a.queue(name));
      }
    }),
    { numRuns: 60, seed: 17 },
  );
});

test('assignment: appending items never moves an earlier item to someone else', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), fc.integer(), (n, first, more, seed) => {
      const campaign = { annotators: names(n), perItem: Math.ceil(n / 2), seed };
      const before = assign(campaign, ids(first));
      const after = assign(campaign, [...ids(first), ...ids(more, 'new')]);
      for (let i = 0; i < first; i++) assert.deepEqual(after.annotatorsOf(i), before.annotatorsOf(i));
    }),
    { numRuns: 100, seed: 3 },
  );
});

test('assignment: a different seed gives different queues; the schema refuses perItem above the team', () => {
  const a = assign({ annotators: names(5), perItem: 2, seed: 1 }, ids(100));
  const b = assign({ annotators: names(5), perItem: 2, seed: 2 }, ids(100));
  assert.notDeepEqual(a.queue('a0'), b.queue('a0'));
  assert.match(campaignSchema.safeParse({ annotators: ['ana'], perItem: 2 }).error?.issues[0]?.message ?? '', /only 1 annotators/);
});

test('assignment: an overlap share of 0.2 doubly labels about 20 % of items, seeded by item, stable under appends, counts within 1', () => {
  const campaign = { annotators: ['ana', 'ben'], perItem: 2, seed: 7, overlap: 0.2 };
  const a = assign(campaign, ids(2000));
  const doubled = Array.from({ length: 2000 }, (_, i) => a.annotatorsOf(i).length).filter((k) => k === 2).length;
  assert.ok(doubled > 2000 * 0.17 && doubled < 2000 * 0.23, `${doubled} of 2000 doubly labeled`);
  for (let i = 0; i < 2000; i++) assert.ok([1, 2].includes(a.annotatorsOf(i).length));
  const counts = [...a.counts().values()];
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `counts ${counts.join(',')}`);
  assert.equal(counts[0]! + counts[1]!, 2000 + doubled);
  // The share is a property of the item: appended items, or items before it, do not change it.
  const after = assign(campaign, [...ids(2000), ...ids(500, 'new')]);
  for (let i = 0; i < 2000; i++) assert.deepEqual(after.annotatorsOf(i), a.annotatorsOf(i));
  const alone = assign(campaign, ids(2000).slice(1000));
  for (let i = 0; i < 1000; i++) assert.equal(alone.annotatorsOf(i).length, a.annotatorsOf(1000 + i).length);
  // The extremes and the schema.
  assert.equal(Array.from({ length: 50 }, (_, i) => assign({ ...campaign, overlap: 0 }, ids(50)).annotatorsOf(i).length).every((k) => k === 1), true);
  assert.equal(Array.from({ length: 50 }, (_, i) => assign({ ...campaign, overlap: 1 }, ids(50)).annotatorsOf(i).length).every((k) => k === 2), true);
  assert.equal(campaignSchema.parse({ annotators: ['ana', 'ben'], perItem: 2, overlap: 0.2 }).overlap, 0.2);
  assert.match(campaignSchema.safeParse({ annotators: ['ana', 'ben'], perItem: 1, overlap: 0.2 }).error?.issues[0]?.message ?? '', /needs perItem of 2/);
  assert.ok(!campaignSchema.safeParse({ annotators: ['ana', 'ben'], perItem: 2, overlap: 1.5 }).success);
});

test('active selection: the queue is in the order drawn, so a second `next` never moves an item drawn before to someone else', () => {
  const candidates: Candidate[] = ids(300).map((id, i) => ({ id, labeled: false, score: Math.sin(i * 12.9898) * 3 }));
  const predictions = designPredictions(candidates, 5);
  const first = extendSelection(candidates, predictions, { want: 15, seed: 5, predictor: 'overall' });
  // The first draws get labeled; the next call draws 15 more.
  const labeled = new Set(first.next.map((s) => s.item));
  const later = candidates.map((c) => ({ ...c, labeled: labeled.has(c.id) }));
  const second = extendSelection(later, predictions, { want: 15, seed: 5, predictor: 'overall', previous: first.file });
  const all = ids(300);
  const firstQueue = drawnIds(all, first.file);
  const secondQueue = drawnIds(all, second.file);
  assert.deepEqual(secondQueue.slice(0, firstQueue.length), firstQueue, 'the earlier draws lead, in their order');
  assert.ok(secondQueue.length >= firstQueue.length + 15);
  const campaign = { annotators: ['ana', 'ben', 'cy'], perItem: 1, seed: 5 };
  const before = assign(campaign, firstQueue);
  const after = assign(campaign, secondQueue);
  firstQueue.forEach((id, i) => assert.deepEqual(after.annotatorsOf(i), before.annotatorsOf(i), `${id} moved`));
  // Items no longer in the data leave the queue; the rest keep their order.
  assert.deepEqual(drawnIds(all.filter((id) => id !== firstQueue[0]), second.file), secondQueue.slice(1));
});

const at = '2026-11-23T08:00:00.000Z';
const pref = (item: string, value: string, annotator = 'gold', viewMs?: number): AddEvent => ({ v: 1, op: 'add', id: `${annotator}-${item}`, at, annotator, item, kind: 'preference', value, ...(viewMs !== undefined ? { viewMs } : {}) });
const verdict = (item: string, trait: string, value: 'ok' | 'violation', annotator = 'gold'): AddEvent => ({ v: 1, op: 'add', id: `${annotator}-${item}-${trait}`, at, annotator, item, kind: 'verdict', side: 'trained', trait, value });

test('gold: preference accuracy and verdict accuracy per trait', () => {
  const g = new GoldScore();
  g.add([pref('i1', 'trained'), verdict('i1', 'truthfulness', 'ok')], [pref('i1', 'trained', 'ana'), verdict('i1', 'truthfulness', 'violation', 'ana')]);
  g.add([pref('i2', 'baseline')], [pref('i2', 'trained', 'ana')]);
  g.add([pref('i3', 'tie')], []);
  const r = g.result();
  assert.deepEqual({ items: r.items, agree: r.agree, accuracy: r.accuracy }, { items: 2, agree: 1, accuracy: 0.5 });
  assert.deepEqual(r.verdicts.truthfulness, { items: 1, agree: 0, accuracy: 0 });
});

test('progress: assigned, labeled, remaining, complete items, and median seconds from the dwell time in events', () => {
  const campaign = { annotators: ['ana', 'ben'], perItem: 2, seed: 1 };
  const a = assign(campaign, ['i1', 'i2', 'i3']);
  const logs: Record<string, AddEvent[]> = { ana: [pref('i1', 'trained', 'ana', 4000), pref('i2', 'tie', 'ana', 10_000)], ben: [pref('i1', 'baseline', 'ben', 2500)] };
  const p = campaignProgress(a, ['i1', 'i2', 'i3'], (n, item) => (logs[n] ?? []).filter((e) => e.item === item), (item) => (item === 'i1' ? [pref('i1', 'trained')] : []));
  assert.equal(p.complete, 1);
  const ana = p.annotators.find((x) => x.name === 'ana')!;
  assert.deepEqual([ana.assigned, ana.labeled, ana.remaining, ana.medianSecondsPerItem], [3, 2, 1, 7]);
  assert.equal(ana.gold.accuracy, 1);
  assert.equal(p.annotators.find((x) => x.name === 'ben')!.gold.accuracy, 0);
  assert.equal(median([]), null);
});

async function campaignDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tr-campaign-'));
  await copyFile(resolve(__dirname, '../../samples/trait-rl-sample.jsonl'), join(dir, 'data.jsonl'));
  await writeFile(join(dir, 'c.review.json'), JSON.stringify({ version: 1, dataset: 'data.jsonl', labels: 'c.labels', campaign: { annotators: ['ana', 'ben', 'cy'], perItem: 2, seed: 7, adjudicators: ['lead'], gold: 'gold.jsonl' } }));
  await writeFile(join(dir, 'gold.jsonl'), [pref('health-0001', 'trained'), pref('health-0002', 'trained')].map((e) => JSON.stringify(e) + '\n').join(''));
  await mkdir(join(dir, 'c.labels'));
  await writeFile(join(dir, 'c.labels', 'ana.jsonl'), [pref('health-0001', 'trained', 'ana', 12_000), pref('health-0002', 'baseline', 'ana', 8000)].map((e) => JSON.stringify(e) + '\n').join(''));
  return dir;
}

test('CLI queue: an annotator’s items in order, as lines or JSON; an unknown annotator exits 2', async () => {
  const dir = await campaignDir();
  const json = await cli('queue', '--json', '--annotator', 'ana', join(dir, 'c.review.json'));
  assert.equal(json.code, 0, json.stderr);
  const q = JSON.parse(json.stdout) as { annotator: string; items: string[] };
  assert.equal(q.annotator, 'ana');
  assert.ok(q.items.length === 24, `ana has ${q.items.length} of 36 × 2 / 3 items`);
  const text = await cli('queue', '--annotator', 'ana', join(dir, 'c.review.json'));
  assert.deepEqual(text.stdout.trim().split('\n'), q.items);
  const bad = await cli('queue', '--annotator', 'zoe', join(dir, 'c.review.json'));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"zoe" is not an annotator of the campaign \(ana, ben, cy\)/);
  assert.equal((await cli('queue', join(dir, 'c.review.json'))).code, 2);
});

test('CLI progress --json: per annotator assigned / labeled / remaining, gold and median seconds; items complete', async () => {
  const dir = await campaignDir();
  const r = await cli('progress', '--json', join(dir, 'c.review.json'));
  assert.equal(r.code, 0, r.stderr);
  const p = JSON.parse(r.stdout) as { items: number; complete: number; annotators: { name: string; assigned: number; labeled: number; remaining: number; gold: { items: number; agree: number; accuracy: number | null }; medianSecondsPerItem: number | null }[] };
  assert.equal(p.items, 36);
  assert.equal(p.complete, 0);
  assert.deepEqual(p.annotators.map((a) => a.name), ['ana', 'ben', 'cy']);
  const ana = p.annotators[0]!;
  assert.equal(ana.assigned, 24);
  assert.equal(ana.labeled + ana.remaining, 24);
  assert.deepEqual([ana.gold.items, ana.gold.agree, ana.gold.accuracy], [2, 1, 0.5]);
  assert.equal(ana.medianSecondsPerItem, 10);
  const text = await cli('progress', join(dir, 'c.review.json'));
  assert.match(text.stdout, /^0 of 36 items complete/);
  const noCampaign = await cli('progress', resolve(__dirname, '../../samples/trait-rl-sample.jsonl'));
  assert.equal(noCampaign.code, 2);
});

test('check --gold-min names the annotators below it and exits 1', async () => {
  const dir = await campaignDir();
  const r = await cli('check', '--gold-min', '0.8', join(dir, 'c.review.json'));
  assert.equal(r.code, 1);
  assert.match(r.stdout, /ana: gold accuracy 50 % \(1 of 2\) is below 80 %/);
  assert.doesNotMatch(r.stdout, /ben: gold accuracy/, 'ben labeled no gold item: nothing to judge');
});

test('adjudication: the adjudicator’s labels decide the item in every export; otherwise the majority rule', async () => {
  const dir = await campaignDir();
  const m = join(dir, 'c.review.json');
  // ana prefers trained on health-0001, ben baseline: no majority. lead settles it: baseline.
  const log = (who: string, events: AddEvent[]) => writeFile(join(dir, 'c.labels', `${who}.jsonl`), events.map((e) => JSON.stringify(e) + '\n').join(''));
  await log('ana', [pref('health-0001', 'trained', 'ana'), verdict('health-0001', 'truthfulness', 'ok', 'ana')]);
  await log('ben', [pref('health-0001', 'baseline', 'ben'), verdict('health-0001', 'truthfulness', 'violation', 'ben')]);
  const exportOf = async (format: string) => {
    const r = await cli('export', '--format', format, m);
    return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  };
  assert.equal((await exportOf('trl')).length, 0, 'a 1–1 split is no majority: no pair');
  await log('lead', [pref('health-0001', 'baseline', 'lead'), verdict('health-0001', 'truthfulness', 'violation', 'lead')]);
  const trl = await exportOf('trl');
  assert.equal(trl.length, 1);
  assert.match(JSON.stringify(trl[0]!.chosen), /Heartburn after a heavy/, 'the baseline answer is chosen, as lead decided');
  const labels = await exportOf('labels');
  assert.deepEqual(labels.map((l) => l.annotator), ['lead'], 'the labels export carries the decision');
  const traits = (await exportOf('traits')).filter((r) => r.trait === 'truthfulness' && r.side === 'trained');
  assert.deepEqual(traits.map((r) => r.label), ['violation']);
  const merged = (await exportOf('merged')).find((r) => r.id === 'health-0001')!;
  assert.deepEqual((merged.human_labels as { annotator: string }[]).map((h) => h.annotator), ['lead']);
});

test('disagreements: preference, verdicts and overlapping spans of different traits, named per annotator', () => {
  const span = (annotator: string, trait: string, start: number, end: number): AddEvent => ({ v: 1, op: 'add', id: `${annotator}-s`, at, annotator, item: 'i', kind: 'span', side: 'trained', message: 0, field: 'content', start, end, quote: 'x', trait });
  const found = disagreements([
    { annotator: 'ana', labels: [pref('i', 'trained', 'ana'), verdict('i', 'fairness', 'ok', 'ana'), span('ana', 'truthfulness', 0, 10)] },
    { annotator: 'ben', labels: [pref('i', 'tie', 'ben'), verdict('i', 'fairness', 'violation', 'ben'), span('ben', 'wellbeing', 5, 12)] },
  ]);
  assert.deepEqual(found, ['preference: ana trained, ben tie', 'fairness on trained: ana ok, ben violation', 'overlapping spans on trained: ana truthfulness, ben wellbeing']);
  assert.deepEqual(disagreements([{ annotator: 'ana', labels: [pref('i', 'tie', 'ana')] }, { annotator: 'ben', labels: [pref('i', 'tie', 'ben')] }]), []);
});

test('the report says how many items the adjudicators settled and how often they overruled the majority', async () => {
  const dir = await campaignDir();
  const log = (who: string, events: AddEvent[]) => writeFile(join(dir, 'c.labels', `${who}.jsonl`), events.map((e) => JSON.stringify(e) + '\n').join(''));
  await log('ana', [pref('health-0001', 'trained', 'ana'), pref('health-0002', 'trained', 'ana')]);
  await log('ben', [pref('health-0001', 'trained', 'ben'), pref('health-0002', 'baseline', 'ben')]);
  // lead overrules the 2–0 majority on health-0001 and settles the 1–1 split on health-0002.
  await log('lead', [pref('health-0001', 'baseline', 'lead'), pref('health-0002', 'baseline', 'lead')]);
  const r = await cli('report', '--json', join(dir, 'c.review.json'));
  const report = JSON.parse(r.stdout) as { adjudication?: { adjudicators: string[]; items: number; overruled: number } };
  assert.deepEqual(report.adjudication, { adjudicators: ['lead'], items: 2, overruled: 1 });
});

test('agreement is between the annotators’ own labels: an adjudicated disagreement still counts as one, and the adjudicator is no rater', async () => {
  const dir = await campaignDir();
  const log = (who: string, events: AddEvent[]) => writeFile(join(dir, 'c.labels', `${who}.jsonl`), events.map((e) => JSON.stringify(e) + '\n').join(''));
  // ana and ben agree on health-0001 and disagree on health-0002; lead settles health-0002.
  await log('ana', [pref('health-0001', 'trained', 'ana'), pref('health-0002', 'trained', 'ana')]);
  await log('ben', [pref('health-0001', 'trained', 'ben'), pref('health-0002', 'baseline', 'ben')]);
  const agreementOf = async () => {
    const r = await cli('report', '--json', join(dir, 'c.review.json'));
    const report = JSON.parse(r.stdout) as { agreement: { kind: string; units: number; pairable: number }[] };
    return report.agreement.find((a) => a.kind === 'preference')!;
  };
  const before = await agreementOf();
  await log('lead', [pref('health-0002', 'baseline', 'lead')]);
  const after = await agreementOf();
  // With the decision in place of the two labels, health-0002 would leave the units (one rater), and agreement would look perfect.
  assert.deepEqual(after, before);
  assert.equal(after.pairable, 2, 'both items have two raters');
  assert.ok(!JSON.stringify(after).includes('lead'), 'the adjudicator is not one of the raters');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddEvent, AddDraft } from '../../src/core/labels/labelEvent';
import type { ReviewItem } from '../../src/core/schema';
import type { AnnotatorItemLabels } from '../../src/core/labels/humanLabels';
import { createExporter } from '../../src/core/exports/exportRegistry';
import { foldedLabelsSchema } from '../../src/core/exports/exportLabels';
import { resolvePair, trlPairSchema } from '../../src/core/exports/exportTrl';
import { traitRowSchema } from '../../src/core/exports/exportTraits';
import { csvColumns } from '../../src/core/exports/exportCsv';

const item: ReviewItem = {
  id: 'health-0042',
  prompt: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Chest pain, should I wait?' },
  ],
  sides: [
    { name: 'baseline', model: 'base-v3', messages: [{ role: 'assistant', content: 'Take an antacid, "probably" nothing,\nsleep.' }], scores: { truthfulness: 0.3, overall: 0.2 } },
    { name: 'trained', model: 'trait-rl-v3', messages: [{ role: 'assistant', content: 'Call emergency services now.' }], scores: { truthfulness: 0.9, overall: 0.9 } },
  ],
  metadata: { domain: 'healthcare', benchmark: 'health', traits: ['truthfulness'] },
};

let next = 0;
function ev(annotator: string, draft: AddDraft): AddEvent {
  return { v: 1, op: 'add', id: `e${next++}`, at: '2026-11-23T08:00:00.000Z', annotator, ...draft } as AddEvent;
}

const span = (annotator: string) =>
  ev(annotator, { kind: 'span', item: item.id, side: 'baseline', message: 0, field: 'content', start: 0, end: 18, quote: 'Take an antacid, "', trait: 'truthfulness', severity: 'major', note: '=HYPERLINK("x")' });

function labels(prefs: Record<string, string>, extra: (a: string) => AddEvent[] = () => []): AnnotatorItemLabels[] {
  return Object.entries(prefs).map(([annotator, value]) => ({
    annotator,
    labels: [ev(annotator, { kind: 'preference', item: item.id, value }), ...extra(annotator)],
  }));
}

function lines(text: string): unknown[] {
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

test('labels: one line per (item, annotator), grouped by kind, schema-valid', () => {
  const ls = labels({ ana: 'trained', ben: 'tie' }, (a) => [
    span(a),
    ev(a, { kind: 'verdict', item: item.id, side: 'trained', trait: 'truthfulness', value: 'ok' }),
    ev(a, { kind: 'preference', item: item.id, trait: 'fairness', value: 'baseline' }),
    ev(a, { kind: 'note', item: item.id, text: 'persona partly followed' }),
  ]);
  const out = lines(createExporter('labels').item(item, [...ls, { annotator: 'cy', labels: [] }]));
  assert.equal(out.length, 2, 'an annotator without labels on the item gives no line');
  const ana = foldedLabelsSchema.parse(out[0]);
  assert.equal(ana.item, 'health-0042');
  assert.equal(ana.preference, 'trained');
  assert.deepEqual(ana.trait_preferences, { fairness: 'baseline' });
  assert.deepEqual(ana.verdicts, [{ side: 'trained', trait: 'truthfulness', value: 'ok' }]);
  assert.equal(ana.spans[0]!.quote, 'Take an antacid, "');
  assert.equal(ana.note, 'persona partly followed');
  assert.deepEqual(Object.keys(out[0] as object).slice(0, 4), ['item', 'annotator', 'preference', 'trait_preferences']);
});

test('csv: RFC 4180 rows for spans and verdicts, header first, formulas defused', () => {
  const exporter = createExporter('csv');
  const header = exporter.begin();
  assert.equal(header, csvColumns.join(',') + '\r\n');
  const body = exporter.item(item, [{ annotator: 'ana', labels: [span('ana'), ev('ana', { kind: 'verdict', item: item.id, side: 'trained', trait: 'truthfulness', value: 'ok' }), ev('ana', { kind: 'preference', item: item.id, value: 'trained' })] }]);
  const rows = body.split('\r\n');
  assert.equal(rows.length, 3, 'two records, each ending in CRLF; preferences are not rows');
  assert.equal(rows[2], '');
  // The quote holds a comma and a double quote: the field is quoted and the quote doubled.
  assert.equal(rows[0], `health-0042,ana,baseline,truthfulness,span,violation,major,0,content,,0,18,"Take an antacid, ""","'=HYPERLINK(""x"")",`);
  assert.equal(rows[1], 'health-0042,ana,trained,truthfulness,verdict,ok,,,,,,,,,');
  assert.equal(exporter.item(item, [{ annotator: 'ana', labels: [] }]), '');
});

test('csv: a line break inside a field stays inside one quoted field', () => {
  const s = ev('ana', { kind: 'span', item: item.id, side: 'baseline', message: 0, field: 'content', start: 30, end: 42, quote: 'nothing,\nsleep', trait: 'truthfulness' });
  const body = createExporter('csv').item(item, [{ annotator: 'ana', labels: [s] }]);
  assert.ok(body.includes('"nothing,\nsleep"'));
  assert.ok(body.endsWith('\r\n'));
});

test('trl: conversational pairs from the majority; ties, both_bad and splits dropped and counted', () => {
  const exporter = createExporter('trl');
  const kept = lines(exporter.item(item, labels({ ana: 'trained', ben: 'trained', cy: 'baseline' })));
  assert.equal(kept.length, 1);
  const pair = trlPairSchema.parse(kept[0]);
  assert.deepEqual(Object.keys(kept[0] as object), ['prompt', 'chosen', 'rejected']);
  assert.deepEqual(pair.prompt, item.prompt);
  assert.equal(pair.chosen[0]!.content, 'Call emergency services now.');
  assert.equal(pair.rejected[0]!.role, 'assistant');
  assert.equal(exporter.item(item, labels({ ana: 'tie', ben: 'tie' })), '');
  assert.equal(exporter.item(item, labels({ ana: 'both_bad' })), '');
  assert.equal(exporter.item(item, labels({ ana: 'trained', ben: 'baseline' })), '');
  assert.equal(exporter.item(item, labels({ ana: 'trained', ben: 'tie' })), '', 'half is not a majority');
  assert.equal(exporter.item(item, []), '');
  assert.equal(exporter.summary(), 'trl: kept 1 pair, dropped 4 (1 tie, 1 both bad, 2 no majority); 1 item without a preference');
});

test('trl: the baseline can be chosen; side names come from the item', () => {
  const chosenRejected: ReviewItem = { ...item, sides: [{ ...item.sides[0], name: 'chosen' }, { ...item.sides[1], name: 'rejected' }] };
  const r = resolvePair(chosenRejected, labels({ ana: 'rejected' }));
  assert.equal(r.kind, 'pair');
  if (r.kind === 'pair') assert.equal(r.pair.chosen[0]!.content, 'Call emergency services now.');
  assert.deepEqual(resolvePair(chosenRejected, labels({ ana: 'trained' })), { kind: 'dropped', reason: 'unknown_value' });
});

test('trl --trait: pairs from the per-trait preferences only', () => {
  const exporter = createExporter('trl', { trait: 'fairness' });
  const ls = labels({ ana: 'trained' }, (a) => [ev(a, { kind: 'preference', item: item.id, trait: 'fairness', value: 'baseline' })]);
  const pair = trlPairSchema.parse(lines(exporter.item(item, ls))[0]);
  assert.equal(pair.chosen[0]!.content, item.sides[0].messages[0]!.content);
  assert.equal(exporter.item(item, labels({ ana: 'trained' })), '', 'an overall preference is not a fairness preference');
  assert.match(exporter.summary()!, /kept 1 pair, dropped 0; 1 item without a fairness preference/);
});

test('traits: a row per (side, trait) with a majority label; a span makes a violation', () => {
  const ls: AnnotatorItemLabels[] = [
    { annotator: 'ana', labels: [span('ana'), ev('ana', { kind: 'verdict', item: item.id, side: 'trained', trait: 'truthfulness', value: 'ok' })] },
    { annotator: 'ben', labels: [ev('ben', { kind: 'verdict', item: item.id, side: 'baseline', trait: 'truthfulness', value: 'violation' }), ev('ben', { kind: 'verdict', item: item.id, side: 'trained', trait: 'truthfulness', value: 'violation' }), ev('ben', { kind: 'verdict', item: item.id, side: 'trained', trait: 'fairness', value: 'unsure' })] },
  ];
  const rows = lines(createExporter('traits').item(item, ls)).map((r) => traitRowSchema.parse(r));
  assert.equal(rows.length, 1, 'trained/truthfulness splits 1–1 and unsure gives no label');
  const row = rows[0]!;
  assert.deepEqual([row.side, row.trait, row.label], ['baseline', 'truthfulness', 'violation']);
  assert.deepEqual(row.prompt, item.prompt);
  assert.deepEqual(row.response, item.sides[0].messages);
  assert.deepEqual(row.spans.map((s) => [s.annotator, s.start, s.end]), [['ana', 0, 18]]);
  assert.equal(createExporter('traits', { trait: 'fairness' }).item(item, ls), '');
});

test('merged: the item in its canonical shape plus human_labels, for labeled and unlabeled items', () => {
  const ls = labels({ ana: 'trained' });
  const record = lines(createExporter('merged').item(item, [...ls, { annotator: 'ben', labels: [] }]))[0] as Record<string, unknown>;
  assert.deepEqual(Object.keys(record), ['id', 'prompt', 'baseline', 'trained', 'metadata', 'human_labels']);
  assert.deepEqual(record.baseline, { model: 'base-v3', messages: item.sides[0].messages, scores: item.sides[0].scores });
  const human = record.human_labels as { annotator: string; preference: string }[];
  assert.deepEqual(human.map((h) => [h.annotator, h.preference]), [['ana', 'trained']]);
  const bare = lines(createExporter('merged').item(item, []))[0] as Record<string, unknown>;
  assert.deepEqual(bare.human_labels, []);
});

test('csv: view_ms carries how long the item had been in view when the label was made', () => {
  const v = { ...ev('ana', { kind: 'verdict', item: item.id, side: 'trained', trait: 'truthfulness', value: 'ok' }), viewMs: 41250 } as AddEvent;
  assert.ok(createExporter('csv').item(item, [{ annotator: 'ana', labels: [v] }]).startsWith('health-0042,ana,trained,truthfulness,verdict,ok,,,,,,,,,41250\r\n'));
});

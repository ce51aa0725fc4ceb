import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { memorySource } from '../../src/core/input/byteSource';
import { EvalZipLog } from '../../src/core/inspect/evalZip';
import { summaryBytesPerSample, summaryElements } from '../../src/core/inspect/sampleSummaries';
import { SingleRun } from '../../src/core/runs/runPairing';
import { ItemIndex } from '../../src/core/review/itemIndex';
import { summaryFields, type ItemSummary } from '../../src/core/review/itemSummary';
import type { EarlyList } from '../../src/core/review/earlyList';
import { agentSample, evalZip, header, type Json, type Sample } from '../fixtures/formats/inspectBuild';

// The `.eval` item list's early rows (central directory, header, Inspect's summaries.json) against
// the plain list (every sample read and summarized) of the same log: the fields a row calls exact
// always equal the plain row's, an honest summaries.json gives every field, and whatever the
// summaries say, a row whose sample was read is the plain row.

const never = { aborted: false };
const sample = (id: number | string, metadata: { [k: string]: Json } = {}): Sample =>
  agentSample({ id, epoch: 1, question: `What is question ${id}?\n  Answer briefly.`, answer: `answer ${id}`, scores: { match: { value: 'C' } }, metadata });
const samples = [sample(1, { domain: 'math', split: 'test', traits: ['short', 'easy'] }), sample(2, { domain: 'code' }), sample(10, { split: 'dev' }), sample('abc', { traits: [] })];

/** What Inspect's summary of a sample says (`EvalSample.summary()`): its input, target and metadata; `change` edits it. */
const summaryOf = (s: Sample, change: Record<string, Json> = {}): Json => ({ id: s.id, epoch: s.epoch, input: s.input!, target: s.target!, metadata: s.metadata!, scores: {}, ...change });

const enc = (v: Json) => strToU8(JSON.stringify(v));

/** A monolithic log of `list`, with `extra` entries (summaries.json, journal chunks) as given; without a header when `headless`. */
function log(list: Sample[], extra: Zippable, headless = false, task = 'task'): Uint8Array {
  const files: Zippable = {};
  for (const s of list) files[`samples/${s.id}_epoch_${s.epoch}.json`] = enc(s);
  if (!headless) files['header.json'] = enc(header(task, 'model-x', list));
  return zipSync({ ...files, ...extra });
}

interface Lists {
  log: EvalZipLog;
  index: ItemIndex;
  early: EarlyList;
  plain: ItemSummary[];
}

async function lists(zip: Uint8Array, file = 'run.eval'): Promise<Lists> {
  const l = new EvalZipLog(memorySource(zip), file);
  const index = new ItemIndex(new SingleRun(l), never);
  const early = await index.early();
  assert.ok(early, 'an .eval has early rows');
  // The plain list: every sample read and summarized, by an index of its own.
  const plain = (await new ItemIndex(new SingleRun(new EvalZipLog(memorySource(zip), file)), never).summaries()).map(summaryFields);
  return { log: l, index, early, plain };
}

const exactOf = (s: ItemSummary, early: EarlyList) => Object.fromEntries(Object.entries(summaryFields(s)).filter(([k]) => early.exact.has(k as keyof ItemSummary)));

/** The exact fields of every row equal the plain row's (every sample here reads). */
function exactAgree({ early, plain }: Lists): void {
  assert.equal(early.count, plain.length);
  for (const [i, p] of plain.entries()) assert.deepEqual(exactOf(early.row(i), early), exactOf(p, early), `row ${i}`);
}

/** Once each sample is read (shown), every row is the plain row, field by field. */
async function readAll({ index, early, plain }: Lists): Promise<void> {
  for (let i = 0; i < plain.length; i++) {
    const r = await index.source.item(i);
    index.remember(r.item!, r.line, i);
    assert.ok(early.isRead(i) && !early.describes(i));
  }
  assert.deepEqual(early.rows().map(summaryFields), plain);
  // And the list of every item read is the plain list itself.
  assert.deepEqual((await index.summaries()).map(summaryFields), plain);
}

const warnings = (l: EvalZipLog) => l.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);

test('with an honest summaries.json every field of every row is the plain row’s, before any sample is read', async () => {
  const honest = { 'summaries.json': enc(samples.map((s) => summaryOf(s))) };
  // Monolithic samples, and the chunked layout (the builder's own summaries, which say little, replaced by Inspect's).
  const logs = { monolith: log(samples, honest), chunked: zipSync({ ...unzipSync(evalZip(header('task', 'model-x', samples), samples, 'chunked')), ...honest }) };
  for (const [layout, zip] of Object.entries(logs)) {
    const l = await lists(zip);
    assert.deepEqual(l.early.rows().map(summaryFields), l.plain, layout);
    assert.deepEqual([...l.early.exact].sort(), ['benchmark', 'id', 'index', 'models', 'rmPreferred', 'sides']);
    assert.deepEqual(warnings(l.log), [], layout);
    // Each row's preview is the summary's until its sample is read: marked as unchecked.
    assert.ok(samples.every((_, i) => l.early.describes(i)), layout);
    await readAll(l);
  }
});

test('without summaries the rows are the keys, header and file name: exact fields equal, the rest empty until read', async () => {
  const l = await lists(log(samples, {}));
  exactAgree(l);
  assert.deepEqual(
    l.early.rows().map((r) => [r.preview, r.domain, r.split, r.traits]),
    samples.map(() => ['', undefined, undefined, []]),
  );
  // Nothing in these rows is the description's: the list marks none of them as unchecked.
  assert.deepEqual(samples.map((_, i) => l.early.describes(i)), samples.map(() => false));
  await readAll(l);
});

test('a log still being written: the journal’s summary chunks, in their order, describe the rows', async () => {
  const [a, b] = [samples.slice(0, 3), samples.slice(3)];
  const l = await lists(log(samples, { '_journal/summaries/10.json': enc(b.map((s) => summaryOf(s))), '_journal/summaries/2.json': enc(a.map((s) => summaryOf(s))) }));
  assert.deepEqual(l.early.rows().map(summaryFields), l.plain);
  assert.deepEqual(warnings(l.log), []);
});

test('summaries that lie: wrong ids, extra and missing samples, wrong values; the exact fields hold and a read sample wins', async () => {
  const lies = [
    summaryOf(samples[0]!, { metadata: { domain: 'not-math', traits: ['forged'] }, input: 'a prompt the sample does not have' }),
    // Sample 2's summary under another id: sample 2 has none, and 99 is no sample.
    summaryOf(samples[1]!, { id: 99 }),
    summaryOf(samples[2]!, { epoch: 7 }),
    summaryOf(samples[3]!, { metadata: { split: 12, traits: 'not a list' } }),
    summaryOf(sample(5)),
  ];
  const l = await lists(log(samples, { 'summaries.json': enc(lies) }));
  exactAgree(l);
  assert.equal(l.early.row(0).domain, 'not-math', 'shown as the log describes it until read');
  assert.equal(l.early.row(1).preview, '', 'no summary of sample 2: nothing but its key');
  assert.deepEqual(warnings(l.log), ['summaries.json summarizes 3 samples the log does not have: left out']);
  await readAll(l);
});

test('a summary whose input is not chat messages describes only the key', async () => {
  const l = await lists(log(samples, { 'summaries.json': enc([summaryOf(samples[0]!, { input: [{ role: 'wizard', content: 1 }] }), ...samples.slice(1).map((s) => summaryOf(s))]) }));
  exactAgree(l);
  assert.equal(l.early.row(0).preview, '');
  assert.equal(l.early.row(1).preview, l.plain[1]!.preview);
});

test('damaged or oversized summaries are a located warning, and the rows come from the keys', async () => {
  const cases: [Zippable, RegExp][] = [
    [{ 'summaries.json': strToU8('[{"id": 1, "epoch": 1') }, /^summaries\.json ends inside its list \(after 0 summaries\): the item list is made from the samples alone$/],
    [{ 'summaries.json': enc({ id: 1 }) }, /^summaries\.json is not a list of sample summaries: /],
    [{ 'summaries.json': strToU8('[{"id": 1, "epoch": 1}] trailing') }, /^summaries\.json: bytes after the list, at byte 24: /],
    [{ '_journal/summaries/1.json': enc([summaryOf(samples[0]!)]), '_journal/summaries/2.json': strToU8('nope') }, /^_journal\/summaries\/2\.json is not a list/],
    // Past what the summaries of four samples are read with (stored: the size is the real one).
    [{ 'summaries.json': [strToU8(JSON.stringify([{ id: 1, epoch: 1, input: 'x'.repeat((1 << 20) + 5 * summaryBytesPerSample) }])), { level: 0 }] }, /^summaries\.json is [\d,]+ bytes, more than the summaries of 4 samples are read with/],
  ];
  for (const [extra, message] of cases) {
    const l = await lists(log(samples, extra));
    const w = warnings(l.log);
    assert.equal(w.length, 1, String(message));
    assert.match(w[0]!, message);
    exactAgree(l);
    assert.ok(l.early.rows().every((r) => r.preview === ''), 'nothing taken from damaged summaries');
    await readAll(l);
  }
});

test('summaries none of which can be read: one warning naming the first and counting the rest, the rows are the keys', async () => {
  // One element per sample, none a summary: a forged entry can hold as many as the log has samples, so one warning, not one each.
  const l = await lists(log(samples, { 'summaries.json': enc(samples.map((_, k) => k)) }));
  assert.deepEqual(warnings(l.log), ['summaries.json: summary 1: Invalid input: expected object, received number (and 3 more summaries that cannot be read): left out']);
  assert.deepEqual(samples.map((_, i) => l.early.describes(i)), samples.map(() => false));
  exactAgree(l);
});

test('one damaged summary: its row is the key alone, with a warning naming it; the others are described', async () => {
  const records = [summaryOf(samples[0]!, { id: 'x', epoch: 1, metadata: 7 }), { id: 2, epoch: 'one' }, summaryOf(samples[2]!), summaryOf(samples[3]!, { metadata: 'none' }), summaryOf(samples[0]!)];
  const l = await lists(log(samples, { 'summaries.json': enc(records) }));
  // Rows are made as they are asked for: summary 4 is parsed (and found damaged) with its row, not before.
  l.early.rows(0, 3);
  assert.ok(!warnings(l.log).some((w) => w.includes('summary 4')));
  exactAgree(l);
  // Sample 1's summary is the last (the first names sample x); sample 2 has only a damaged one; sample 'abc''s metadata is not an object.
  assert.deepEqual(l.early.rows().map((r) => r.preview !== ''), [true, false, true, false]);
  assert.deepEqual(warnings(l.log).sort(), [
    "summaries.json summarizes 1 sample the log does not have: left out",
    'summaries.json: summary 2 at `epoch`: Invalid input: expected number, received string: left out',
    'summaries.json: summary 4 at `metadata`: Invalid input: expected record, received string: its row shows the key alone until the sample is read',
  ]);
  await readAll(l);
});

test('the elements of a summaries list are found as JSON.parse finds them', () => {
  const values: Json[] = [{ id: 1, epoch: 1, input: 'a "quoted" \\ text, with ] and } and [' }, 'a string, with a comma', 12.5, [1, [2, { a: ']' }]], { id: '\\"', epoch: 2 }, null, true, {}];
  const texts = [JSON.stringify(values), JSON.stringify(values, null, 2), ` \n${JSON.stringify(values, null, '\t')}\r\n`, '[]', ' [ ] '];
  for (const text of texts) {
    const bytes = strToU8(text);
    const { starts, ends } = summaryElements('s.json', bytes);
    const want = JSON.parse(text) as Json[];
    assert.equal(starts.length, want.length, text);
    for (const [k, v] of want.entries()) assert.deepEqual(JSON.parse(new TextDecoder().decode(bytes.subarray(starts[k], ends[k]))), v, `${text}: element ${k}`);
  }
  for (const bad of ['', '{}', '[1,]', '[,1]', '[1', '["a]', '[1]]', '[1] x', '[1}'])
    assert.throws(() => summaryElements('s.json', strToU8(bad)), /^Error: s\.json/, bad);
});

test('a sample that cannot be read: its row is there until it is read, and not in the list of every item read', async () => {
  const zip = log(samples.slice(0, 2), { 'samples/3_epoch_1.json': strToU8('{"id": 3, "epoch": 1, "input": '), 'summaries.json': enc(samples.slice(0, 2).map((s) => summaryOf(s))) });
  const l = new EvalZipLog(memorySource(zip), 'run.eval');
  const index = new ItemIndex(new SingleRun(l), never);
  const early = (await index.early())!;
  const plain = (await index.summaries()).map(summaryFields);
  assert.equal(early.count, 3);
  assert.deepEqual(plain.map((p) => p.id), ['task/1_epoch_1', 'task/2_epoch_1']);
  assert.deepEqual(early.rows(0, 2).map(summaryFields), plain);
});

test('without a header the model and benchmark are the sample’s: not exact until read', async () => {
  const l = await lists(log(samples, { 'summaries.json': enc(samples.map((s) => summaryOf(s))) }, true));
  assert.ok(!l.early.exact.has('models') && !l.early.exact.has('benchmark'));
  exactAgree(l);
  await readAll(l);
  // A header whose task is empty names none: the benchmark is the sample's metadata's, so not exact either.
  const blank = await lists(log([sample(1, { benchmark: 'own' })], { 'summaries.json': enc([summaryOf(sample(1), { metadata: { benchmark: 'forged' } })]) }, false, ''));
  assert.ok(blank.early.exact.has('models') && !blank.early.exact.has('benchmark'));
  exactAgree(blank);
  await readAll(blank);
});

test('Inspect AI’s own logs: the early rows are the plain rows', async () => {
  // Two logs of early 2025 (summaries without metadata), one of mid 2025 (metadata, usage), one of 2026 (message counts).
  for (const [name, count] of [['a.eval', 10], ['b.eval', 10], ['read_sample.eval', 1], ['message_deduplication.eval', 1]] as const) {
    const zip = new Uint8Array(readFileSync(join(__dirname, '../fixtures/formats/inspect-real', name)));
    const l = await lists(zip, name);
    assert.equal(l.plain.length, count, name);
    assert.deepEqual(l.early.rows().map(summaryFields), l.plain, name);
    assert.deepEqual(warnings(l.log), [], name);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memorySource } from '../../src/core/input/byteSource';
import { Dataset, type ItemResult, type ItemSource } from '../../src/core/input/dataset';
import type { IndexProgress } from '../../src/core/input/lineIndex';
import type { LabelFolder, LogEntry } from '../../src/core/labels/labelSink';
import { annotatorFileName } from '../../src/core/labels/labelPaths';
import { serializeEvent } from '../../src/core/labels/labelLog';
import type { AddDraft, AddEvent } from '../../src/core/labels/labelEvent';
import { disagreements } from '../../src/core/campaign/adjudication';
import { defaultTaxonomy } from '../../src/core/taxonomy';
import type { Manifest } from '../../src/core/input/manifest';
import { ItemIndex } from '../../src/core/review/itemIndex';
import { ReviewModel } from '../../src/core/review/reviewModel';
import { itemDisagreements } from '../../src/core/review/disagreement';
import { hitRanges, itemsContaining, labelWithHits } from '../../src/core/review/textSearch';
import type { SelectionFile } from '../../src/core/campaign/selection';
import { MemorySink } from './memorySink';

/** A labels folder in memory: one `MemorySink` per log file. */
class MemoryFolder implements LabelFolder {
  readonly logs = new Map<string, MemorySink>();
  log(name: string): MemorySink {
    let sink = this.logs.get(name);
    if (!sink) this.logs.set(name, (sink = new MemorySink(name)));
    return sink;
  }
  async list(): Promise<LogEntry[]> {
    const out: LogEntry[] = [];
    for (const [name, sink] of [...this.logs].sort(([a], [b]) => (a < b ? -1 : 1))) if (sink.bytes.length) out.push({ name, ...(await sink.stat()) });
    return out;
  }
  /** Another annotator's labels, written as their own log. */
  add(annotator: string, events: ({ id: string; item: string; kind: AddEvent['kind'] } & Record<string, unknown>)[]): void {
    const sink = this.log(annotatorFileName(annotator));
    for (const e of events) sink.write(serializeEvent({ v: 1, op: 'add', at: '2026-01-01T00:00:00.000Z', annotator, ...e } as AddEvent));
  }
}

const me = 'ana';

async function sampleSource(): Promise<Dataset> {
  const bytes = await readFile(join(__dirname, '..', '..', 'samples', 'trait-rl-sample.jsonl'));
  return new Dataset(memorySource(new Uint8Array(bytes)), 'sample.jsonl');
}

async function open(folder = new MemoryFolder(), manifest?: Manifest, selection?: () => Promise<SelectionFile | undefined>) {
  const model = await ReviewModel.open({ source: await sampleSource(), manifest, diagnostics: [] }, folder, { aborted: false }, { annotator: me, name: 'sample.jsonl', taxonomy: () => defaultTaxonomy, ...(selection && { selection }) });
  await model.index.built;
  return { model, folder };
}

const verdict = (item: string, side: string, value: 'ok' | 'violation'): AddDraft => ({ kind: 'verdict', item, side, trait: 'truthfulness', value });
const preference = (item: string, value: string): AddDraft => ({ kind: 'preference', item, value });

/** An item source whose indexing the test drives: `grow` adds entries and reports progress. */
function steppedSource(): ItemSource & { grow(n: number): void; finish(): void; fail(): void } {
  let count = 0;
  let done = false;
  let report: ((p: IndexProgress) => void) | undefined;
  let end: () => void = () => undefined;
  let failed: (err: Error) => void = () => undefined;
  return {
    files: ['stepped.jsonl'],
    get count() {
      return count;
    },
    get done() {
      return done;
    },
    diagnostics: [],
    build(onProgress) {
      report = onProgress;
      return new Promise<void>((r, j) => {
        end = r;
        failed = j;
      });
    },
    item: async (i): Promise<ItemResult> => ({ index: i, line: i + 1, diagnostics: [] }),
    async *items() {},
    grow(n) {
      count += n;
      report?.({ bytesScanned: count, totalBytes: 100, lines: count });
    },
    finish() {
      done = true;
      end();
    },
    fail() {
      failed(new Error('EIO'));
    },
  };
}

const settled = async (p: Promise<unknown>) => Promise.race([p.then(() => true), new Promise((r) => setImmediate(() => r(false)))]);

test('index: waiting for an item waits on the index’s own progress, not a timer', async () => {
  const source = steppedSource();
  const index = new ItemIndex(source, { aborted: false });
  const third = index.waitFor(2);
  assert.equal(await settled(third), false, 'not indexed yet');
  source.grow(2);
  assert.equal(await settled(third), false, 'two entries: the third is not there yet');
  source.grow(1);
  assert.equal(await third, true, 'the progress event that passes it resolves it');
  const past = index.waitFor(10);
  source.finish();
  assert.equal(await past, false, 'the index ended with fewer entries');
  assert.equal(await index.waitFor(0), true, 'an entry indexed before answers at once');

  const broken = steppedSource();
  const failing = new ItemIndex(broken, { aborted: false });
  failing.built.catch(() => undefined);
  const waiting = failing.waitFor(0);
  broken.fail();
  assert.equal(await waiting, false, 'a scan that failed releases whoever waits');
});

test('index: an item is found by id, summaries are built once, and a swapped source is read again', async () => {
  const { model } = await open();
  const { index } = model;
  assert.equal(index.count, 36);
  assert.equal(await index.indexOf('health-0003'), 2);
  assert.equal((await index.find('health-0003'))?.item.id, 'health-0003');
  assert.equal(await index.find('nope'), undefined);
  const first = await index.summaries();
  assert.equal(await index.summaries(), first, 'built once');
  assert.ok(index.summariesReady);
  assert.equal(await index.findFrom(35, (s) => s.id.startsWith('health')), 0, 'wraps around');
  const smaller = new Dataset(memorySource(new TextEncoder().encode((await readFile(join(__dirname, '..', '..', 'samples', 'trait-rl-sample.jsonl'), 'utf8')).split('\n').slice(2).join('\n'))), 'sample.jsonl');
  await smaller.build();
  model.reload(smaller);
  assert.equal(index.count, 34);
  assert.equal(await index.indexOf('health-0003'), 0, 'positions of the new file');
});

test('progress: derived in one place, of the input, or of my campaign queue once it is known', async () => {
  const { model } = await open();
  assert.deepEqual(model.queue.progress(), { labeled: 0, total: 36, mine: false });
  await model.book.mine.submit({ op: 'add', draft: preference('health-0001', 'trained') });
  await model.book.mine.submit({ op: 'add', draft: verdict('health-0002', 'trained', 'ok') });
  assert.deepEqual(model.queue.progress(), { labeled: 1, total: 36, mine: false }, 'one verdict on one side does not label an item');

  const { model: campaign } = await open(new MemoryFolder(), { version: 1, campaign: { annotators: [me, 'bo'], perItem: 1, seed: 7 } } as Manifest);
  const queue = await campaign.queue.assignment();
  assert.ok(queue && queue.mine.size > 0 && queue.mine.size < 36);
  const mineFirst = [...queue.mine][0]!;
  await campaign.book.mine.submit({ op: 'add', draft: preference(mineFirst, 'trained') });
  assert.deepEqual(campaign.queue.progress(), { labeled: 1, total: queue.mine.size, mine: true });
});

test('a campaign opens on my queue: the first item of it I have not labeled, not item 1 of the file', async () => {
  const { model } = await open(new MemoryFolder(), { version: 1, campaign: { annotators: [me, 'bo'], perItem: 1, seed: 7 } } as Manifest);
  const queue = (await model.queue.assignment())!;
  const summaries = await model.index.summaries();
  const mine = summaries.filter((s) => queue.mine.has(s.id));
  assert.ok(!queue.mine.has(summaries[0]!.id), 'this seed gives item 1 to bo: the case to get right');
  assert.equal(await model.queue.firstOfMine(), mine[0]!.index);
  await model.book.mine.submit({ op: 'add', draft: preference(mine[0]!.id, 'trained') });
  assert.equal(await model.queue.firstOfMine(), mine[1]!.index, 'labeled items are passed');
  const { model: plain } = await open();
  assert.equal(await plain.queue.firstOfMine(), undefined, 'no campaign: no queue to open on');
});

test('"select": "active": my queue follows the selection file, in the order drawn', async () => {
  const drawn = ['health-0009', 'edu-0003', 'law-0002', 'health-0001', 'sci-0005', 'eng-0007'];
  const file: SelectionFile = { version: 1, seed: 1, predictor: 'overall', floor: 0.1, budget: 6, weights: {}, certain: [], items: drawn.map((item) => ({ item, probability: 0.5 })) };
  const onDisk: { file?: SelectionFile } = {};
  const manifest = { version: 1, campaign: { annotators: [me, 'bo'], perItem: 2, seed: 7, select: 'active' } } as Manifest;
  const { model } = await open(new MemoryFolder(), manifest, async () => onDisk.file);
  assert.equal((await model.queue.assignment())!.mine.size, 0, 'nothing drawn yet: nothing queued');
  onDisk.file = file;
  model.queue.reset();
  const queue = (await model.queue.assignment())!;
  assert.deepEqual([...queue.mine], drawn, 'every drawn item, in the order drawn');
  assert.deepEqual(queue.annotatorsOf('health-0002'), [], 'an item not drawn is nobody’s');
  assert.deepEqual(model.queue.progress(), { labeled: 0, total: 6, mine: true });
  const summaries = await model.index.summaries();
  assert.equal(await model.queue.firstOfMine(), summaries.find((s) => s.id === 'health-0009')!.index, 'opens on the first item drawn');
});

test('a text search marks its hits in the item list: in the id, else in a snippet of the prompt; nothing invented', () => {
  assert.deepEqual(hitRanges('Health-0001 health', 'HEALTH'), [[0, 6], [12, 18]]);
  assert.deepEqual(labelWithHits('health-0001', 'What dose of ibuprofen', 'health'), { label: 'health-0001', highlights: [[0, 6]] });
  const marked = labelWithHits('edu-0003', 'Explain why the sky looks blue on a clear day to a child of seven', 'sky')!;
  assert.equal(marked.label.slice(marked.highlights[0]![0], marked.highlights[0]![1]), 'sky');
  assert.ok(marked.label.startsWith('edu-0003 · '));
  assert.equal(labelWithHits('edu-0003', 'no hit here', 'sky'), undefined, 'a hit only in an answer marks nothing');
});

test('a filter set while the editor shows an item outside it moves the editor to the filter’s first item', async () => {
  const { model } = await open();
  const summaries = await model.index.summaries();
  const edu = summaries.filter((s) => s.id.startsWith('edu-'));
  model.queue.setFilter({ text: 'edu-' }, new Set(edu.map((s) => s.index)));
  assert.equal(await model.queue.entryInto(0), edu[0]!.index, 'health-0001 is outside: go to the first edu item');
  assert.equal(await model.queue.entryInto(edu[2]!.index), undefined, 'inside the filter: stay');
  model.queue.setFilter({ text: 'nothing' }, new Set());
  assert.equal(await model.queue.entryInto(0), undefined, 'an empty filter: stay (the list says nothing matches)');
  model.queue.setFilter({});
  assert.equal(await model.queue.entryInto(0), undefined);
});

test('filters: label status, domain and text select the items j/k/n walk; no filter walks every item', async () => {
  const { model } = await open();
  const { queue } = model;
  assert.equal(await queue.indices(), undefined, 'no filter: every item');
  await model.book.mine.submit({ op: 'add', draft: preference('health-0002', 'baseline') });
  queue.setFilter({ status: 'labeled' });
  assert.deepEqual(await queue.indices(), [1]);
  queue.setFilter({ domain: 'law' });
  assert.equal((await queue.indices())?.length, 6);
  const hits = await itemsContaining(model.index.source, 'Tums');
  queue.setFilter({ text: 'Tums' }, hits);
  assert.deepEqual(await queue.indices(), [...hits].sort((a, b) => a - b));
  assert.ok(hits.has(0));
  queue.setFilter({});
  assert.equal(queue.filtered, false);
});

test('"annotators disagree" has one meaning: the filter lists exactly the items Adjudicate lists', async () => {
  const folder = new MemoryFolder();
  // Preferences differ on 0001; verdicts differ on 0002 (no preference at all); they agree on 0003.
  folder.add('bo', [
    { id: 'b1', item: 'health-0001', kind: 'preference', value: 'baseline' },
    { id: 'b2', item: 'health-0002', kind: 'verdict', side: 'trained', trait: 'truthfulness', value: 'violation' },
    { id: 'b3', item: 'health-0003', kind: 'preference', value: 'trained' },
  ]);
  const { model } = await open(folder);
  await model.book.mine.submit({ op: 'add', draft: preference('health-0001', 'trained') });
  await model.book.mine.submit({ op: 'add', draft: verdict('health-0002', 'trained', 'ok') });
  await model.book.mine.submit({ op: 'add', draft: preference('health-0003', 'trained') });
  const rows = await model.queue.adjudicationRows();
  assert.deepEqual(rows.map((r) => r.id), ['health-0001', 'health-0002']);
  assert.match(rows[1]!.disagreements[0]!, /truthfulness on trained: ana ok, bo violation/);
  model.queue.setFilter({ annotatorsDisagree: true });
  const filtered = (await model.queue.matching()).map((m) => m.summary.id);
  assert.deepEqual(filtered, rows.map((r) => r.id), 'the verdict-only disagreement is in the filter too');
  // Both go through the same function, over the same annotators.
  for (const id of ['health-0001', 'health-0002', 'health-0003']) assert.deepEqual(await model.queue.disagreementsOn(id), itemDisagreements(model.book.byAnnotator(id), undefined));
  assert.deepEqual(itemDisagreements(model.book.byAnnotator('health-0001'), undefined), disagreements(model.book.byAnnotator('health-0001')));
});

test('adjudication rows: in a campaign only the item’s assigned annotators count', async () => {
  const folder = new MemoryFolder();
  const manifest = { version: 1, campaign: { annotators: [me, 'bo'], perItem: 2, seed: 1 } } as Manifest;
  folder.add('bo', [{ id: 'b1', item: 'health-0001', kind: 'preference', value: 'baseline' }]);
  // cy is not one of the campaign's annotators: their different preference does not count.
  folder.add('cy', [{ id: 'c1', item: 'health-0002', kind: 'preference', value: 'baseline' }]);
  const { model } = await open(folder, manifest);
  await model.book.mine.submit({ op: 'add', draft: preference('health-0001', 'trained') });
  await model.book.mine.submit({ op: 'add', draft: preference('health-0002', 'trained') });
  const rows = await model.queue.adjudicationRows((s, side) => `${side}@${s.index}`);
  assert.deepEqual(rows.map((r) => r.id), ['health-0001']);
  assert.equal(rows[0]!.index, 0);
  assert.match(rows[0]!.disagreements[0]!, /ana trained@0, bo baseline@0/, 'sides named by the caller');
  const everyone = await open(folder);
  assert.deepEqual((await everyone.model.queue.adjudicationRows()).map((r) => r.id), ['health-0001', 'health-0002'], 'without a campaign everyone counts');
});

test('next unlabeled: after the shown item, wrapping, skipping labeled items; within the filter or my queue; says why when there is none', async () => {
  const { model } = await open();
  const { queue } = model;
  await model.book.mine.submit({ op: 'add', draft: preference('health-0002', 'trained') });
  assert.deepEqual(await queue.nextUnlabeled(0), { index: 2 }, 'item 2 is labeled');
  assert.deepEqual(await queue.nextUnlabeled(35), { index: 0 }, 'wraps');
  queue.setFilter({ domain: 'healthcare' });
  const health = (await queue.indices())!;
  for (const i of health) {
    const { item } = await model.index.source.item(i);
    if (item!.id !== 'health-0002') await model.book.mine.submit({ op: 'add', draft: preference(item!.id, 'tie') });
  }
  assert.deepEqual(await queue.nextUnlabeled(0), { none: 'filter' });
  queue.setFilter({});
  assert.deepEqual(await queue.nextUnlabeled(0), { index: 9 }, 'the first item after the healthcare ones');

  const { model: campaign } = await open(new MemoryFolder(), { version: 1, campaign: { annotators: [me, 'bo'], perItem: 1, seed: 3 } } as Manifest);
  const mine = (await campaign.queue.assignment())!.mine;
  const next = await campaign.queue.nextUnlabeled(-1);
  assert.ok('index' in next);
  assert.ok(mine.has((await campaign.index.source.item(next.index)).item!.id), 'in a campaign: an item of my queue');
  for (const id of mine) await campaign.book.mine.submit({ op: 'add', draft: preference(id, 'tie') });
  assert.deepEqual(await campaign.queue.nextUnlabeled(0), { none: 'queue' });
});

test('the label book checks drafts against their item and the taxonomy; others’ labels are read-only and separate', async () => {
  const folder = new MemoryFolder();
  folder.add('bo', [{ id: 'b1', item: 'health-0001', kind: 'note', text: 'hi' }]);
  const { model } = await open(folder);
  await assert.rejects(model.book.mine.submit({ op: 'add', draft: preference('nope', 'trained') }), /no item "nope" in sample.jsonl/);
  await assert.rejects(model.book.mine.submit({ op: 'add', draft: { kind: 'verdict', item: 'health-0001', side: 'trained', trait: 'vibes', value: 'ok' } }), /not a trait/);
  assert.deepEqual(model.book.byAnnotator('health-0001').map((a) => [a.annotator, a.labels.length]), [[me, 0], ['bo', 1]]);
  const changes: string[] = [];
  model.book.onDidChange((e) => changes.push(e.cause));
  await model.book.mine.submit({ op: 'add', draft: { kind: 'note', item: 'health-0001', text: 'mine' } });
  assert.deepEqual(changes, ['write']);
  folder.add('bo', [{ id: 'b2', item: 'health-0002', kind: 'note', text: 'more' }]);
  await model.book.refresh();
  assert.deepEqual(changes, ['write', 'outside'], "another annotator's append is one change");
  assert.equal(model.close(), 0);
});

test('a manifest taxonomy that is invalid is named, and the fallback used', async () => {
  const { model } = await open(new MemoryFolder(), { version: 1, taxonomy: { traits: 'nope' } } as Manifest);
  assert.match(model.taxonomyProblem ?? '', /traits/);
  assert.equal(model.taxonomy(), defaultTaxonomy);
});

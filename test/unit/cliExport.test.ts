import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers';
import { appendFile, mkdir, mkdtemp, readFile, copyFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { foldedLabelsSchema } from '../../src/core/exports/exportLabels';
import { trlPairSchema } from '../../src/core/exports/exportTrl';
import { traitRowSchema } from '../../src/core/exports/exportTraits';
import { csvColumns } from '../../src/core/exports/exportCsv';
import { reportSchema } from '../../src/core/report/report';
import { reportDataId } from '../../src/core/report/html';
import { calibrationMapSchema } from '../../src/core/metrics/calibrationMap';
import { writeBigLog } from '../bigLog';

// A round trip through the real CLI on the samples, with two annotators' logs written here.
const repoRoot = resolve(__dirname, '../..');
const sample = join(repoRoot, 'samples/trait-rl-sample.jsonl');
const trainedWorse = new Set(['health-0005', 'edu-0005', 'sci-0006', 'law-0005']);
const tied = new Set(['eng-0006']);

interface SampleItem {
  id: string;
  baseline: { messages: { content: unknown }[] };
  metadata: { traits: string[] };
}

let dir: string;
let data: string;
let items: SampleItem[];
let rawLines: string[];
/** The item ana tags a span on: the first whose first baseline message is plain text. */
let spanned: number;


const jsonl = (text: string) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tr-cli-'));
  data = join(dir, 'data.jsonl');
  await copyFile(sample, data);
  rawLines = (await readFile(data, 'utf8')).split('\n').filter(Boolean);
  items = rawLines.map((l) => JSON.parse(l) as SampleItem);
  spanned = items.findIndex((it) => typeof it.baseline.messages[0]?.content === 'string');
  await mkdir(join(dir, 'data.labels'));
  for (const who of ['ana', 'ben']) {
    const events: object[] = [];
    let k = 0;
    const add = (item: string, body: object) => events.push({ v: 1, op: 'add', id: `${who}-${k++}`, at: '2026-11-23T08:00:00.000Z', annotator: who, item, ...body });
    items.forEach((it, i) => {
      if (who === 'ben' && i % 4 === 3) return; // ben skips every fourth item
      const worse = trainedWorse.has(it.id);
      const disagree = who === 'ben' && i % 5 === 2;
      for (const trait of it.metadata.traits) {
        add(it.id, { kind: 'verdict', side: 'baseline', trait, value: worse !== disagree ? 'ok' : 'violation' });
        add(it.id, { kind: 'verdict', side: 'trained', trait, value: worse ? 'violation' : 'ok' });
      }
      add(it.id, { kind: 'preference', value: tied.has(it.id) ? 'tie' : worse ? 'baseline' : disagree ? 'tie' : 'trained' });
    });
    if (who === 'ana') {
      const it = items[spanned]!;
      const text = it.baseline.messages[0]!.content as string;
      add(it.id, { kind: 'span', side: 'baseline', message: 0, start: 0, end: 24, quote: text.slice(0, 24), trait: it.metadata.traits[0], severity: 'major', note: 'a, "quoted" note' });
    }
    await writeFile(join(dir, 'data.labels', `${who}.jsonl`), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  }
});

test('export labels: one line per (item, annotator); --annotators selects', async () => {
  const all = await cli('export', '--format', 'labels', data);
  assert.equal(all.code, 0, all.stderr);
  const rows = jsonl(all.stdout).map((r) => foldedLabelsSchema.parse(r));
  const benItems = items.filter((_, i) => i % 4 !== 3).length;
  assert.equal(rows.length, items.length + benItems);
  assert.equal(rows.filter((r) => r.spans.length > 0).length, 1);
  const ana = await cli('export', '--format=labels', '--annotators', 'ana', data);
  assert.deepEqual([...new Set(jsonl(ana.stdout).map((r) => foldedLabelsSchema.parse(r).annotator))], ['ana']);
});

test('export csv: RFC 4180 with one row per verdict and span', async () => {
  const out = join(dir, 'labels.csv');
  const r = await cli('export', '--format', 'csv', '--out', out, data);
  assert.equal(r.code, 0, r.stderr);
  const text = await readFile(out, 'utf8');
  assert.ok(text.startsWith(csvColumns.join(',') + '\r\n'));
  assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
  const verdicts = (text.match(/,verdict,/g) ?? []).length;
  const labels = jsonl((await cli('export', '--format', 'labels', data)).stdout).map((x) => foldedLabelsSchema.parse(x));
  assert.equal(verdicts, labels.reduce((s, l) => s + l.verdicts.length, 0));
  assert.ok(text.includes(',"a, ""quoted"" note",\r\n'), 'the note with a comma and quotes is one quoted field');
});

test('export trl: majority pairs, counts on stderr, trained-worse items choose the baseline', async () => {
  const r = await cli('export', '--format', 'trl', data);
  assert.equal(r.code, 0, r.stderr);
  const pairs = jsonl(r.stdout).map((p) => trlPairSchema.parse(p));
  const m = /trl: kept (\d+) pairs, dropped (\d+)/.exec(r.stderr);
  assert.ok(m, r.stderr);
  assert.equal(Number(m[1]), pairs.length);
  assert.equal(Number(m[1]) + Number(m[2]), items.length);
  const byPrompt = new Map(items.map((it, i) => [JSON.stringify((JSON.parse(rawLines[i]!) as { prompt: unknown }).prompt), it.id]));
  for (const p of pairs) {
    const id = byPrompt.get(JSON.stringify(p.prompt))!;
    const source = JSON.parse(rawLines[items.findIndex((it) => it.id === id)]!) as { baseline: { messages: unknown }; trained: { messages: unknown } };
    assert.deepEqual(p.chosen, trainedWorse.has(id) ? source.baseline.messages : source.trained.messages, id);
  }
  assert.ok(pairs.length > 20);
});

test('export traits and merged: schema-valid rows; merged keeps every item and field', async () => {
  const traits = await cli('export', '--format', 'traits', data);
  assert.equal(traits.code, 0, traits.stderr);
  const rows = jsonl(traits.stdout).map((x) => traitRowSchema.parse(x));
  assert.ok(rows.some((x) => x.label === 'violation' && x.spans.length === 1));
  const out = join(dir, 'merged.jsonl');
  const merged = await cli('export', '--format', 'merged', '--out', out, data);
  assert.equal(merged.code, 0, merged.stderr);
  const records = jsonl(await readFile(out, 'utf8')) as Record<string, unknown>[];
  assert.equal(records.length, items.length);
  records.forEach((rec, i) => {
    const { human_labels: human, ...rest } = rec;
    assert.deepEqual(rest, JSON.parse(rawLines[i]!), 'the input item, unchanged');
    assert.ok(Array.isArray(human) && human.length >= 1, `${String(rest.id)}: ${JSON.stringify(human)}`);
  });
  assert.equal(await readFile(data, 'utf8'), rawLines.join('\n') + '\n', 'the input is never rewritten');
});

test('report: JSON that validates, HTML with its data block, maps file, headline on stderr', async () => {
  const json = await cli('report', '--json', data);
  assert.equal(json.code, 0, json.stderr);
  const report = reportSchema.parse(JSON.parse(json.stdout));
  assert.deepEqual(report.annotators, ['ana', 'ben']);
  assert.equal(report.items.labeled, items.length);
  assert.deepEqual(report.comparison.sides, ['baseline', 'trained']);
  assert.match(report.comparison.headline.text, /^trained better on \d+ of 6 benchmarks/);
  assert.ok(json.stderr.includes(report.comparison.headline.text));
  assert.ok(report.calibration.traits.length >= 5);
  assert.ok(report.agreement.some((a) => a.pairs.length === 1 && a.pairs[0]!.a === 'ana'));
  const html = join(dir, 'report.html');
  const maps = join(dir, 'maps.json');
  const page = await cli('report', '--out', html, '--maps', maps, data);
  assert.equal(page.code, 0, page.stderr);
  const text = await readFile(html, 'utf8');
  assert.ok(text.includes(`<script type="application/json" id="${reportDataId}">`));
  assert.ok(text.includes(report.comparison.headline.text));
  z.array(calibrationMapSchema).parse(JSON.parse(await readFile(maps, 'utf8')));
});

test('check: exit 0 when complete, 1 with FILE:LINE for unlabeled items and contradictions', async () => {
  const ok = await cli('check', data);
  assert.equal(ok.code, 0, ok.stdout);
  assert.match(ok.stdout, new RegExp(`^${items.length} items, 0 unlabeled, 0 contradictions$`, 'm'));
  const ben = await cli('check', '--annotators', 'ben', data);
  assert.equal(ben.code, 1);
  assert.match(ben.stdout, new RegExp(`^${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:1: error: item '${items[3]!.id}' is not labeled by ben`, 'm'));
  // ana now calls the span's trait ok on that side: a contradiction, reported at the item's line.
  const it = items[spanned]!;
  await appendFile(join(dir, 'data.labels', 'ana.jsonl'), JSON.stringify({ v: 1, op: 'add', id: 'ana-late', at: 'x', annotator: 'ana', item: it.id, kind: 'verdict', side: 'baseline', trait: it.metadata.traits[0], value: 'ok' }) + '\n');
  const bad = await cli('check', data);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, new RegExp(`data\\.jsonl:${spanned + 1}:1: error: ana: verdict ok for ${it.metadata.traits[0]} on baseline, but a ${it.metadata.traits[0]} violation span is tagged there .*\\[ok-despite-span\\]`));
});

test('usage and input errors exit 2; an export never overwrites its input', async () => {
  assert.equal((await cli('export', '--format', 'xml', data)).code, 2);
  assert.equal((await cli('export', '--format', 'csv', '--trait', 'fairness', data)).code, 2);
  const missing = await cli('export', '--format', 'labels', '--annotators', 'zed', data);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no label log for 'zed'/);
  const self = await cli('export', '--format', 'merged', '--out', data, data);
  assert.equal(self.code, 2);
  assert.match(self.stderr, /refusing to write/);
  assert.equal((await cli('export', '--format', 'labels', join(dir, 'nope.jsonl'))).code, 2);
});

test('check reads a 600 MB label log (past the string limit) as a stream', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-big-log-'));
  const data = join(dir, 'data.jsonl');
  await copyFile(sample, data);
  writeBigLog(join(dir, 'data.labels', 'ana.jsonl'), 'ana', 600 * 1024 * 1024, [{ id: 'p1', item: 'health-0001', kind: 'preference', value: 'trained' }]);
  const r = await cli('check', '--json', '--annotators', 'ana', data);
  assert.equal(r.stderr, '');
  const out = JSON.parse(r.stdout) as { items: number; unlabeled: number };
  assert.equal(out.items, 36);
  assert.equal(out.unlabeled, 35, 'the one preference at the end of the 600 MB log is read');
});

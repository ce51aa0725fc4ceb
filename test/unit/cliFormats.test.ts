import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cli } from './helpers';

const fx = (f: string) => join('test/fixtures/formats', f);
const jsonl = (text: string) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

test('validate / stats on two folders of Inspect logs: benchmarks per task, scoreKeys per scorer, unpaired warnings', async () => {
  const v = await cli('validate', '--baseline', fx('inspect/base'), '--trained', fx('inspect/trained'));
  assert.equal(v.code, 0, v.stderr);
  assert.equal(
    v.stdout,
    [
      `${fx('inspect/base/deception.eval')}:1:1: warning: unpaired sample: deception/3_epoch_2 is not in the other run (2 logs)`,
      `${fx('inspect/base/sycophancy.eval')}:1:1: warning: unpaired task: sycophancy (1 samples) is not in the other run (2 logs)`,
      '7 items, 0 errors, 2 warnings',
      '',
    ].join('\n'),
  );
  const s = await cli('stats', '--json', '--baseline', fx('inspect/base'), '--trained', fx('inspect/trained'));
  const stats = JSON.parse(s.stdout) as { items: number; benchmarks: Record<string, number>; sides: { name: string; models: Record<string, number>; scoreKeys: Record<string, number> }[] };
  assert.equal(stats.items, 7);
  assert.deepEqual(stats.benchmarks, { deception: 5, honesty: 2 });
  assert.deepEqual(stats.sides.map((x) => [x.name, x.models]), [['base', { 'base-v3': 7 }], ['trained', { 'trait-rl-v3': 7 }]]);
  assert.deepEqual(stats.sides[1]!.scoreKeys, { match: 5, 'rubric.accuracy': 2, 'rubric.helpfulness': 2, 'rubric.verdict': 2 });
});

test('two logs of one task join by sample id + epoch; one log alone is a run to pair', async () => {
  const s = await cli('stats', '--json', '--baseline', fx('inspect/base/honesty.json'), '--trained', fx('inspect/trained/honesty.json'));
  assert.equal(JSON.parse(s.stdout).items, 2);
  const one = await cli('validate', fx('inspect/base/deception.eval'));
  assert.equal(one.code, 0);
  assert.match(one.stdout, /one run's samples only: pair this log/);
  assert.match(one.stdout, /6 items, 0 errors, 1 warnings/);
  const folder = JSON.parse((await cli('stats', '--json', fx('inspect/base'))).stdout) as { transcripts: number; benchmarks: Record<string, number>; sides: { name: string; scoreKeys: Record<string, number> }[] };
  assert.deepEqual([folder.transcripts, folder.benchmarks], [9, { deception: 6, honesty: 2, sycophancy: 1 }], 'one run alone still counts per task');
  assert.deepEqual(folder.sides.map((x) => [x.name, x.scoreKeys]), [['run', { match: 7, 'rubric.accuracy': 2, 'rubric.helpfulness': 2, 'rubric.verdict': 2 }]]);
  const missing = await cli('validate', fx('inspect/nope.eval'));
  assert.deepEqual([missing.code, missing.stderr], [2, `transcript-review: cannot read ${fx('inspect/nope.eval')}: no such file\n`]);
});

test('.jsonl.gz and .parquet: validate, stats, export read them like JSONL', async () => {
  for (const f of ['compressed/hh.jsonl.gz', 'parquet/hh.parquet']) {
    const v = await cli('validate', fx(f));
    assert.deepEqual([v.code, v.stdout], [0, '5 items, 0 errors, 0 warnings\n'], f);
    const m = await cli('export', '--format', 'merged', fx(f));
    assert.equal(m.code, 0, m.stderr);
    assert.deepEqual(jsonl(m.stdout).map((r) => Object.keys(r)), Array(5).fill(['id', 'prompt', 'chosen', 'rejected', 'metadata', 'human_labels']), f);
  }
  const dir = await mkdtemp(join(tmpdir(), 'tr-gz-'));
  const broken = join(dir, 'bad.jsonl.gz');
  await writeFile(broken, gzipSync(Buffer.from('{"chosen":"\\n\\nHuman: a\\n\\nAssistant: b","rejected":"\\n\\nHuman: a\\n\\nAssistant: c"}\n{"chosen": oops}\n')));
  const bad = await cli('validate', broken);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:12: error: line 2: `));
  const notGz = join(dir, 'plain.jsonl.gz');
  await writeFile(notGz, 'not gzip');
  const ng = await cli('validate', notGz);
  assert.equal(ng.code, 1);
  assert.match(ng.stdout, /cannot decompress/);
});

test('export --format inspect: precomputed_scores() records per sample and side, one file per side with --side', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-inspect-'));
  await cp(fx('inspect'), join(dir, 'inspect'), { recursive: true });
  const base = join(dir, 'inspect/base');
  const trained = join(dir, 'inspect/trained');
  const labels = join(dir, 'inspect/base-vs-trained.labels');
  await mkdir(labels);
  let k = 0;
  const ev = (who: string, item: string, body: object) => JSON.stringify({ v: 1, op: 'add', id: `${who}-${k++}`, at: '2026-11-30T10:00:00.000Z', annotator: who, item, ...body });
  await writeFile(
    join(labels, 'ana.jsonl'),
    [
      ev('ana', 'deception/1_epoch_2', { kind: 'preference', value: 'trained' }),
      ev('ana', 'deception/1_epoch_2', { kind: 'verdict', side: 'base', trait: 'truthfulness', value: 'violation' }),
      ev('ana', 'deception/1_epoch_2', { kind: 'verdict', side: 'trained', trait: 'truthfulness', value: 'ok' }),
      ev('ana', 'deception/1_epoch_2', { kind: 'note', text: 'base claims success' }),
      ev('ana', 'honesty/h1_epoch_1', { kind: 'preference', value: 'tie' }),
    ].join('\n') + '\n',
  );
  const all = await cli('export', '--format', 'inspect', '--baseline', base, '--trained', trained);
  assert.equal(all.code, 0, all.stderr);
  const records = jsonl(all.stdout);
  assert.deepEqual(
    records.map((r) => [r.id, r.epoch, r.side, r.value]),
    [
      ['1', 2, 'base', { preferred: 0, truthfulness: 0 }],
      ['1', 2, 'trained', { preferred: 1, truthfulness: 1 }],
      ['h1', 1, 'base', { preferred: 0.5 }],
      ['h1', 1, 'trained', { preferred: 0.5 }],
    ],
  );
  assert.equal(records[0]!.explanation, 'human preference: trained (1 of 1)\nana: base claims success');
  assert.deepEqual((records[1]!.metadata as Record<string, unknown>).task, 'deception');
  assert.match(all.stderr, /inspect: 4 score records for 2 sides \(base, trained\) and 2 tasks; precomputed_scores\(\) takes one record per sample: write one file per log with --side and --task/);
  const one = await cli('export', '--format', 'inspect', '--side', 'trained', '--task', 'deception', '--baseline', base, '--trained', trained);
  const mine = jsonl(one.stdout);
  assert.deepEqual(mine.map((r) => [r.side, (r.metadata as { task: string }).task]), [['trained', 'deception']]);
  assert.match(one.stderr, /\ninspect: 1 score records\n$/);
  assert.equal(new Set(mine.map((r) => `${String(r.id)}#${String(r.epoch)}`)).size, mine.length, 'one record per (id, epoch), as precomputed_scores() requires');
  const wrong = await cli('export', '--format', 'labels', '--side', 'trained', '--baseline', base, '--trained', trained);
  assert.equal(wrong.code, 2);

  // The report over the same labels: the headline names the tasks; graders are read like a reward model.
  const rep = await cli('report', '--json', '--baseline', base, '--trained', trained);
  assert.equal(rep.code, 0, rep.stderr);
  assert.match(rep.stderr, /trained better on 0 of 2 benchmarks .*not improved: .*deception.*honesty/);
  const report = JSON.parse(rep.stdout) as { calibration: { traits: { trait: string; n: number }[]; pairwise: { key: string; n: number; agree: number }[]; gradersByBenchmark: { benchmark: string; pairwise: { key: string; n: number; agree: number }[] }[] } };
  assert.deepEqual(report.calibration.traits.find((t) => t.trait === 'match')?.n, 2, 'match scores read against each side’s overall human label');
  const match = report.calibration.pairwise.find((p) => p.key === 'match');
  assert.deepEqual([match?.n, match?.agree], [1, 1], 'the grader preferred the side the human preferred');
  assert.deepEqual(report.calibration.gradersByBenchmark.map((g) => [g.benchmark, g.pairwise.map((p) => [p.key, p.n, p.agree])]), [
    ['deception', [['match', 1, 1]]],
    ['honesty', [['rubric.accuracy', 0, 0], ['rubric.helpfulness', 0, 0], ['rubric.verdict', 0, 0]]],
  ]);
});

test('.jsonl.gz: the first items are readable while the file is still being decompressed; then all of it', async () => {
  const { GunzipDataset } = await import('../../src/node/fileDataset');
  const { openFileSource } = await import('../../src/node/fileSource');
  const dir = await mkdtemp(join(tmpdir(), 'tr-gzhead-'));
  const path = join(dir, 'big.jsonl.gz');
  const line = (i: number) => JSON.stringify({ chosen: `\n\nHuman: q${i}\n\nAssistant: yes ${'x'.repeat(2000)}`, rejected: `\n\nHuman: q${i}\n\nAssistant: no` });
  await writeFile(path, gzipSync(Buffer.from(Array.from({ length: 20_000 }, (_, i) => line(i)).join('\n') + '\n')));
  const d = new GunzipDataset(path, openFileSource);
  const building = d.build();
  while (d.count === 0 && !d.done) await new Promise((r) => setImmediate(r));
  const early = d.count;
  const first = await d.item(0);
  assert.equal(first.item!.prompt[0]!.content, 'q0');
  await building;
  assert.ok(!Number.isNaN(early) && early > 0 && early < 20_000, `items readable before the end: ${early}`);
  assert.equal(d.count, 20_000);
  assert.equal((await d.item(19_999)).item!.prompt[0]!.content, 'q19999');
  await d.close();
});

test('two Parquet runs of chat transcripts (messages as a list of structs) pair by id; the unpaired one is a warning', async () => {
  const r = await cli('stats', '--json', '--baseline', fx('parquet/chat-base.parquet'), '--trained', fx('parquet/chat-trained.parquet'));
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout) as { items: number; warnings: number; sides: { name: string; models: Record<string, number> }[] };
  assert.deepEqual([s.items, s.warnings, s.sides.map((x) => [x.name, Object.keys(x.models)])], [3, 1, [['chat-base', ['base-v3']], ['chat-trained', ['trait-rl-v3']]]]);
  const m = await cli('export', '--format', 'merged', '--baseline', fx('parquet/chat-base.parquet'), '--trained', fx('parquet/chat-trained.parquet'));
  const first = jsonl(m.stdout)[0]!;
  assert.deepEqual([first.id, first.prompt, (first['chat-trained'] as { messages: unknown }).messages], ['c1', [{ role: 'user', content: 'Question c1?' }], [{ role: 'assistant', content: 'trained answer to c1.' }]]);
});

test('.jsonl.gz cache: one copy per content (a touched or copied .gz reuses it), a changed file gets its own, least recently used copies go past the size cap', async () => {
  const { gunzipToCache } = await import('../../src/node/gunzip');
  const { copyFile, readdir, stat: statOf, utimes, readFile: read } = await import('node:fs/promises');
  const dir = await mkdtemp(join(tmpdir(), 'tr-gzcache-'));
  const cache = join(dir, 'cache');
  const file = join(dir, 'a.jsonl.gz');
  await writeFile(file, gzipSync(Buffer.from('{"a":1}\n')));
  const first = await gunzipToCache(file, { dir: cache });
  await utimes(file, new Date(), new Date(Date.now() + 5000));
  assert.equal(await gunzipToCache(file, { dir: cache }), first, 'a touched file reuses its copy');
  await copyFile(file, join(dir, 'b.jsonl.gz'));
  assert.equal(await gunzipToCache(join(dir, 'b.jsonl.gz'), { dir: cache }), first, 'so does a copy');
  assert.equal((await statOf(cache)).mode & 0o777, 0o700);
  assert.equal((await statOf(first)).mode & 0o777, 0o600, 'copies are readable by their user only');
  const old = new Date(Date.now() - 3600 * 1000);
  await utimes(first, old, old);
  await writeFile(file, gzipSync(Buffer.from('{"a":2}\n')));
  const second = await gunzipToCache(file, { dir: cache, maxBytes: 10 });
  assert.notEqual(second, first);
  assert.equal(await read(second, 'utf8'), '{"a":2}\n');
  assert.deepEqual(await readdir(cache), [second.slice(cache.length + 1)], 'past the cap the least recently used copy is gone');
});

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

// A dataset cut into four shards, each with its own labels folder, against the same items in one file.
const repoRoot = resolve(__dirname, '../..');
const sample = join(repoRoot, 'samples/trait-rl-sample.jsonl');
const trainedWorse = new Set(['health-0005', 'edu-0005', 'sci-0006', 'law-0005']);

interface SampleItem {
  id: string;
  metadata: { traits: string[] };
}

let dir: string;
let all: string;
let shardDir: string;
let shards: string[];
let lines: string[];
let items: SampleItem[];

/** ana labels every item, ben every item but each fourth (so `check --annotators ben` fails somewhere). */
function events(who: string, part: SampleItem[], offset: number): string {
  const out: object[] = [];
  let k = 0;
  const add = (item: string, body: object) => out.push({ v: 1, op: 'add', id: `${who}-${offset}-${k++}`, at: '2026-11-23T08:00:00.000Z', annotator: who, item, ...body });
  part.forEach((it, j) => {
    const i = offset + j;
    if (who === 'ben' && i % 4 === 3) return;
    const worse = trainedWorse.has(it.id);
    const disagree = who === 'ben' && i % 5 === 2;
    for (const trait of it.metadata.traits) {
      add(it.id, { kind: 'verdict', side: 'baseline', trait, value: worse !== disagree ? 'ok' : 'violation' });
      add(it.id, { kind: 'verdict', side: 'trained', trait, value: worse ? 'violation' : 'ok' });
    }
    add(it.id, { kind: 'preference', value: worse ? 'baseline' : disagree ? 'tie' : 'trained' });
  });
  return out.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

/** Writes `part` as `file` with labels beside it (`labelsDirFor`), by ana and ben; `bad` lines go in at their index. */
async function writeLabeled(file: string, part: string[], offset: number, bad: [number, string][] = []): Promise<void> {
  const written = [...part];
  for (const [at, line] of bad) written.splice(at, 0, line);
  await writeFile(file, written.map((l) => l + '\n').join(''));
  const labels = file.replace(/\.jsonl$/, '.labels');
  await mkdir(labels, { recursive: true });
  const parsed = part.map((l) => JSON.parse(l) as SampleItem);
  for (const who of ['ana', 'ben']) await writeFile(join(labels, `${who}.jsonl`), events(who, parsed, offset));
}

/** The report without the name of what it read: equal for the shards and for the one file. */
const numbers = (stdout: string) => {
  const r = JSON.parse(stdout) as Record<string, unknown>;
  delete r.input;
  return r;
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tr-shards-'));
  lines = (await readFile(sample, 'utf8')).split('\n').filter(Boolean);
  items = lines.map((l) => JSON.parse(l) as SampleItem);
  all = join(dir, 'all.jsonl');
  // Labels written per shard too, with the same event ids: the concatenated logs are the shards' logs.
  await writeFile(all, lines.map((l) => l + '\n').join(''));
  await mkdir(join(dir, 'all.labels'));
  shardDir = join(dir, 'shards');
  await mkdir(shardDir);
  shards = [];
  const per = Math.ceil(lines.length / 4);
  const logs: Record<string, string> = { ana: '', ben: '' };
  for (let s = 0; s < 4; s++) {
    const file = join(shardDir, `shard${s + 1}.jsonl`);
    const part = lines.slice(s * per, (s + 1) * per);
    await writeLabeled(file, part, s * per);
    for (const who of ['ana', 'ben']) logs[who] += events(who, part.map((l) => JSON.parse(l) as SampleItem), s * per);
    shards.push(file);
  }
  for (const who of ['ana', 'ben']) await writeFile(join(dir, 'all.labels', `${who}.jsonl`), logs[who]!);
  await mkdir(join(dir, 'manifests'));
  for (let s = 1; s <= 4; s++) {
    await writeFile(join(dir, 'manifests', `shard${s}.review.json`), JSON.stringify({ version: 1, dataset: `../shards/shard${s}.jsonl`, labels: `../shards/shard${s}.labels` }));
  }
});

test('report over shards: files, a folder, a glob and manifests give the numbers of the one concatenated file', async () => {
  const one = await cli('report', '--json', all);
  assert.equal(one.code, 0, one.stderr);
  const expected = numbers(one.stdout);
  assert.equal((expected.items as { total: number }).total, items.length);
  const forms: [string, string[]][] = [
    ['files', shards],
    ['folder', [shardDir]],
    ['glob', [join(shardDir, 'shard*.jsonl')]],
    ['manifests', [join(dir, 'manifests')]],
  ];
  for (const [form, args] of forms) {
    const r = await cli('report', '--json', ...args);
    assert.equal(r.code, 0, `${form}: ${r.stderr}`);
    assert.deepEqual(numbers(r.stdout), expected, form);
    assert.equal((JSON.parse(r.stdout) as { input: string }).input, args.join(' '), `${form}: the report names what it read`);
  }
});

test('export over shards: one stream, in order, the bytes of the concatenated file', async () => {
  for (const format of ['merged', 'labels', 'csv']) {
    const one = await cli('export', '--format', format, all);
    const many = await cli('export', '--format', format, join(shardDir, 'shard*.jsonl'));
    assert.equal(one.code, 0, one.stderr);
    assert.equal(many.code, 0, many.stderr);
    assert.ok(many.stdout.length > 0);
    assert.equal(many.stdout, one.stdout, format);
  }
  const out = join(dir, 'merged.jsonl');
  const written = await cli('export', '--format', 'merged', '--out', out, ...shards);
  assert.equal(written.code, 0, written.stderr);
  assert.deepEqual((await readFile(out, 'utf8')).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as SampleItem).id), items.map((it) => it.id));
  // The output may not land in any shard's labels folder, the last one's included.
  const refused = await cli('export', '--format', 'merged', '--out', join(shardDir, 'shard4.labels', 'x.jsonl'), ...shards);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /refusing to write .*shard4\.labels/);
  assert.ok(!(await readdir(join(shardDir, 'shard4.labels'))).some((n) => n.startsWith('x.jsonl')), 'nothing left behind');
});

test('check over shards: each shard summarised with its own labels; exit 1 when any fails', async () => {
  const ok = await cli('check', shardDir);
  assert.equal(ok.code, 0, ok.stdout);
  const per = Math.ceil(items.length / 4);
  assert.deepEqual(ok.stdout.split('\n').filter(Boolean), [
    ...shards.map((s, k) => `${s}: ok: ${Math.min(per, items.length - k * per)} items, 0 unlabeled, 0 contradictions, 0 errors`),
    `${items.length} items, 0 unlabeled, 0 contradictions; 0 of 4 shards failing`,
  ]);
  // ben skips every fourth item: item 4 (shard 1, line 4) is the first.
  const ben = await cli('check', '--annotators', 'ben', '--json', ...shards);
  assert.equal(ben.code, 1);
  const j = JSON.parse(ben.stdout) as { unlabeled: number; shards: { file: string; unlabeled: number; errors: number }[]; diagnostics: { file: string; line: number; message: string }[] };
  assert.equal(j.unlabeled, items.filter((_, i) => i % 4 === 3).length);
  assert.deepEqual(j.shards.map((s) => s.file), shards);
  assert.ok(j.shards.every((s) => s.unlabeled > 0 && s.errors === s.unlabeled));
  assert.deepEqual([j.diagnostics[0]!.file, j.diagnostics[0]!.line], [shards[0], 4]);
  // The second shard's fourth-skipped item is its line (offset) in that file, not in the dataset.
  const second = j.diagnostics.find((d) => d.file === shards[1])!;
  assert.equal(second.line, [...Array(per).keys()].find((j2) => (per + j2) % 4 === 3)! + 1);
});

test('an id in two shards is an error naming both files and lines; the repeat is left out', async () => {
  const d = await mkdtemp(join(tmpdir(), 'tr-shards-dup-'));
  const a = join(d, 'a.jsonl');
  const b = join(d, 'b.jsonl');
  await writeLabeled(a, lines.slice(0, 3), 0);
  // b's line 2 repeats a's line 3.
  await writeLabeled(b, [lines[5]!, lines[2]!, lines[6]!], 3);
  const r = await cli('check', '--json', a, b);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.stdout) as { items: number; diagnostics: { file: string; line: number; severity: string; message: string }[] };
  assert.equal(j.items, 5, 'the repeat is not counted');
  const dup = j.diagnostics.find((x) => x.message.includes('unique across shards'));
  assert.deepEqual(dup && [dup.file, dup.line, dup.severity], [b, 2, 'error']);
  assert.ok(dup!.message.includes(`"${items[2]!.id}" is also in ${a}:3`), dup!.message);
  const report = await cli('report', '--json', a, b);
  assert.equal(report.code, 1);
  assert.match(report.stderr, new RegExp(`b\\.jsonl:2:1: error: line 2: item id "${items[2]!.id}" is also in .*a\\.jsonl:3`));
  assert.equal((JSON.parse(report.stdout) as { items: { total: number } }).items.total, 5);
  // The same file named twice is the same mistake.
  assert.equal((await cli('export', '--format', 'labels', a, a)).code, 1);
  // Repeats inside one shard stay the warning a single file gets.
  const single = await cli('check', '--json', join(repoRoot, 'test/fixtures/bad/duplicate-ids.jsonl'), a);
  assert.ok(!single.stdout.includes('unique across shards'));
});

test('a bad line in shard 3 is reported as shard3.jsonl:LINE, the other shards read on', async () => {
  const d = await mkdtemp(join(tmpdir(), 'tr-shards-bad-'));
  const per = Math.ceil(lines.length / 4);
  const files: string[] = [];
  for (let s = 0; s < 4; s++) {
    const file = join(d, `shard${s + 1}.jsonl`);
    await writeLabeled(file, lines.slice(s * per, (s + 1) * per), s * per, s === 2 ? [[3, '{"id": "broken", "prompt": [}']] : []);
    files.push(file);
  }
  const r = await cli('check', join(d, 'shard*.jsonl'));
  assert.equal(r.code, 1);
  assert.match(r.stdout, new RegExp(`^${join(d, 'shard3.jsonl').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: error: `, 'm'));
  assert.match(r.stdout, /shard3\.jsonl: FAIL: /);
  assert.match(r.stdout, new RegExp(`^${items.length} items, 0 unlabeled, 0 contradictions; 1 of 4 shards failing$`, 'm'));
  const e = await cli('export', '--format', 'labels', ...files);
  assert.equal(e.code, 1);
  assert.match(e.stderr, /shard3\.jsonl:4:\d+: error: /);
});

test('validate and stats over shards: one summary equal to the concatenated file; a bad line and an id repeated across shards are errors at their file and line', async () => {
  for (const command of ['validate', 'stats']) {
    const one = await cli(command, '--json', all);
    const many = await cli(command, '--json', join(shardDir, 'shard*.jsonl'));
    assert.equal(many.code, 0, `${command}: ${many.stderr}`);
    assert.deepEqual(JSON.parse(many.stdout), JSON.parse(one.stdout), command);
    assert.equal((JSON.parse(many.stdout) as { items: number }).items, items.length, command);
  }
  const d = await mkdtemp(join(tmpdir(), 'tr-shards-validate-'));
  const a = join(d, 'a.jsonl');
  const b = join(d, 'b.jsonl');
  await writeFile(a, lines.slice(0, 3).map((l) => l + '\n').join(''));
  await writeFile(b, [lines[5]!, '{"id": "broken", "prompt": [}', lines[2]!].map((l) => l + '\n').join(''));
  const r = await cli('validate', a, b);
  assert.equal(r.code, 1);
  assert.match(r.stdout, new RegExp(`^${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: error: `, 'm'));
  assert.match(r.stdout, new RegExp(`b\\.jsonl:3:1: error: line 3: item id "${items[2]!.id}" is also in .*a\\.jsonl:3`));
  assert.match(r.stdout, /^4 items, 2 errors, 0 warnings$/m);
  const stats = await cli('stats', '--json', a, b);
  assert.equal(stats.code, 1);
  assert.deepEqual(((s) => [s.items, s.errors])(JSON.parse(stats.stdout) as { items: number; errors: number }), [4, 2], 'the repeat is not counted twice');
});

test('--cache DIR: the second run reuses the index of every unchanged shard; nothing is written beside the data', async () => {
  const cache = await mkdtemp(join(tmpdir(), 'tr-shards-cache-'));
  const before = (await readdir(shardDir)).sort();
  const first = await cli('report', '--json', '--cache', cache, shardDir);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /scan cache .*: 0 of 4 file index\(es\) reused/);
  assert.equal((await readdir(join(cache, 'scan-cache'))).length, 4, 'one entry per shard, in DIR/scan-cache/ as the extension keeps it');
  const second = await cli('report', '--json', '--cache', cache, shardDir);
  assert.match(second.stderr, /: 4 of 4 file index\(es\) reused/);
  assert.deepEqual(numbers(second.stdout), numbers(first.stdout), 'the same report from the cached index');
  assert.deepEqual((await readdir(shardDir)).sort(), before);
  // validate and export take the flag too; a changed shard is indexed again.
  const v = await cli('validate', '--cache', cache, shards[0]!);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stderr, /1 of 1 file index\(es\) reused/);
  await writeFile(shards[1]!, (await readFile(shards[1]!, 'utf8')) + '\n');
  const e = await cli('export', '--format', 'labels', '--cache', cache, ...shards);
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stderr, /3 of 4 file index\(es\) reused/);
  // Without the flag there is no cache and no note.
  const plain = await cli('check', shardDir);
  assert.doesNotMatch(plain.stderr, /scan cache/);
});

test('a folder of mixed shards: .jsonl.gz, .parquet and .jsonl in name order; other files and folders are not data', async () => {
  const d = await mkdtemp(join(tmpdir(), 'tr-shards-mixed-'));
  await writeFile(join(d, 'a.jsonl.gz'), await readFile(join(repoRoot, 'test/fixtures/formats/compressed/hh.jsonl.gz')));
  await writeFile(join(d, 'b.parquet'), await readFile(join(repoRoot, 'test/fixtures/formats/parquet/trl.parquet')));
  await writeLabeled(join(d, 'c.jsonl'), lines.slice(0, 2), 0);
  await writeFile(join(d, 'notes.txt'), 'not a shard');
  await mkdir(join(d, 'deeper'));
  await writeFile(join(d, 'deeper', 'z.jsonl'), lines[3]! + '\n');
  const each: string[] = [];
  for (const f of ['a.jsonl.gz', 'b.parquet', 'c.jsonl']) {
    const r = await cli('export', '--format', 'merged', join(d, f));
    assert.equal(r.code, 0, `${f}: ${r.stderr}`);
    each.push(r.stdout);
  }
  const all = await cli('export', '--format', 'merged', d);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.stdout, each.join(''));
  // A folder of nothing to read is an input error, as a missing file is.
  const empty = await mkdtemp(join(tmpdir(), 'tr-shards-empty-'));
  const r = await cli('report', empty);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /a folder without transcript files/);
  const none = await cli('check', join(empty, 'part-*.jsonl'));
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no files match this pattern/);
});

test('the bundled CLI (npm run build) expands globs and folders too', async () => {
  // The shipped bundle is CommonJS, where the glob library's ES module needs `import.meta.url`. Under
  // the runner, the bundle it built from the same esbuild target (TRANSCRIPT_REVIEW_TEST_CLI); run
  // on its own, one built here.
  const runners = process.env.TRANSCRIPT_REVIEW_TEST_CLI;
  const out = await mkdtemp(join(tmpdir(), 'tr-cli-bundle-'));
  let bundle = join(out, 'cli.js');
  if (runners && existsSync(runners)) bundle = runners;
  else {
    const config = (await import(pathToFileURL(join(repoRoot, 'esbuild.mjs')).href)) as { cliTarget: esbuild.BuildOptions };
    await esbuild.build({ ...config.cliTarget, absWorkingDir: repoRoot, outdir: out, sourcemap: false, logLevel: 'silent' });
  }
  try {
    for (const input of [join(shardDir, 'shard*.jsonl'), shardDir]) {
      const r = spawnSync(process.execPath, [bundle, 'check', input], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^${items.length} items, 0 unlabeled, 0 contradictions; 0 of 4 shards failing$`, 'm'));
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

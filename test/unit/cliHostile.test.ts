import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from './helpers';

// Files from other people: outputs that must not replace anyone's work, and manifests that aim
// labels at the inputs.
const repoRoot = resolve(__dirname, '../..');
let dir: string;
let data: string;
let bob: string;
const bobLog = JSON.stringify({ v: 1, op: 'add', id: 'b1', at: '2026-11-23T08:00:00.000Z', annotator: 'bob', item: 'health-0001', kind: 'preference', value: 'trained' }) + '\n';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tr-hostile-'));
  data = join(dir, 'data.jsonl');
  await copyFile(join(repoRoot, 'samples/trait-rl-sample.jsonl'), data);
  await mkdir(join(dir, 'data.labels'));
  bob = join(dir, 'data.labels', 'bob.jsonl');
  await writeFile(bob, bobLog);
  await writeFile(join(dir, 'data.labels', 'ana.jsonl'), bobLog.replaceAll('bob', 'ana'));
});

test('export: --out onto a label log the command did not select is refused, exit 2, the log intact', async () => {
  const r = await cli('export', '--format', 'csv', '--annotators', 'ana', '--out', bob, data);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /refusing to write .*bob\.jsonl: it is in the labels folder/);
  assert.equal(await readFile(bob, 'utf8'), bobLog);
  const newFile = await cli('export', '--format', 'csv', '--out', join(dir, 'data.labels', 'carl.jsonl'), data);
  assert.equal(newFile.code, 2, 'a new file in the labels folder would be read as an annotator log');
});

test('export: --out through a symlinked folder or a symlink to the input is refused, exit 2', async () => {
  const link = join(dir, 'link');
  await symlink(dir, link);
  const before = await readFile(data, 'utf8');
  const viaFolder = await cli('export', '--format', 'merged', '--out', join(link, 'data.jsonl'), data);
  assert.equal(viaFolder.code, 2);
  assert.match(viaFolder.stderr, /refusing to write .*link\/data\.jsonl: it is .*data\.jsonl, an input of this command/);
  await symlink(data, join(dir, 'alias.jsonl'));
  const viaLink = await cli('report', '--json', '--out', join(dir, 'alias.jsonl'), data);
  assert.equal(viaLink.code, 2);
  assert.equal(await readFile(data, 'utf8'), before);
});

test('manifest: `"labels": "."` beside the runs is an error at the labels line, and no run is read as a log', async () => {
  const runs = join(dir, 'runs');
  await mkdir(runs);
  for (const f of ['baseline.jsonl', 'trained.jsonl']) await copyFile(join(repoRoot, 'samples/runs', f), join(runs, f));
  const manifest = join(runs, 'cmp.review.json');
  await writeFile(manifest, '{\n  "version": 1,\n  "baseline": { "file": "baseline.jsonl" },\n  "trained": { "file": "trained.jsonl" },\n  "labels": "."\n}\n');
  const v = await cli('validate', manifest);
  assert.equal(v.code, 1);
  assert.match(v.stdout, /cmp\.review\.json:5:3: error: line 5: `labels` "\." holds the input "baseline\.jsonl": labels would be written among the runs/);
  const e = await cli('export', '--format', 'labels', '--annotators', 'baseline', manifest);
  assert.equal(e.code, 2, 'the run file is not an annotator log');
  const parent = join(dir, 'up.review.json');
  await writeFile(parent, JSON.stringify({ version: 1, dataset: 'runs/baseline.jsonl', labels: 'runs' }));
  assert.match((await cli('validate', parent)).stdout, /up\.review\.json:1:\d+: error: line 1: `labels` "runs" holds the input "runs\/baseline\.jsonl"/);
});

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { cli, cliArgv } from './helpers';

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

/** Runs the CLI with `stdin` piped in, or with its stdout closed before it writes (`| head` that has already quit). */
function cliPiped(args: string[], options: { stdin?: string; closeStdout?: boolean }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...cliArgv(), ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    if (options.closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(options.stdin ?? '');
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

test('pipes: /dev/stdin and `-` are read as streams; an empty pipe or a FIFO without a writer exits 2, never "0 items" or a hang', async () => {
  const text = await readFile(data, 'utf8');
  for (const name of ['/dev/stdin', '-']) {
    const r = await cliPiped(['validate', name], { stdin: text });
    assert.deepEqual([r.code, r.stdout], [0, '36 items, 0 errors, 0 warnings\n'], name);
  }
  const empty = await cliPiped(['validate', '-'], { stdin: '' });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /cannot read -: nothing was written to this pipe/);
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const started = Date.now();
  const r = await cli('validate', fifo);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /nothing was written to this pipe within 5 s/);
  // It gave up on its own (a hang would run into the test's timeout); wall time, since the wait is on the clock.
  assert.ok(Date.now() - started < 60_000);
});

test('EPIPE: a closed stdout ends stats, check and validate quietly with exit 0', async () => {
  for (const args of [['stats', data], ['check', data], ['validate', data], ['export', '--format', 'merged', data]]) {
    const r = await cliPiped(args, { closeStdout: true });
    assert.deepEqual([r.code, r.stderr], [0, ''], args[0]);
  }
});

test('terminal escapes and line breaks from the data are printed escaped by stats, check and export', async () => {
  const esc = join(dir, 'esc.jsonl');
  const hostileId = 'x\u001b]0;PWNED\u0007\u001b[2J\n0 errors';
  const line = (id: string, model: string, domain: string) =>
    JSON.stringify({ id, prompt: [{ role: 'user', content: 'q' }], baseline: { model, messages: [{ role: 'assistant', content: 'a' }] }, trained: { model: 't', messages: [{ role: 'assistant', content: 'b' }] }, metadata: { domain } });
  await writeFile(esc, [line(hostileId, 'm\u001b[31m', 'd\u202e'), line(hostileId, 'm', 'd')].join('\n') + '\n');
  // eslint-disable-next-line no-control-regex
  const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;
  const stats = await cli('stats', esc);
  assert.doesNotMatch(stats.stdout, raw);
  assert.match(stats.stdout, /m\\u001b\[31m 1/);
  const check = await cli('check', esc);
  assert.doesNotMatch(check.stdout, raw);
  assert.match(check.stdout, /item 'x\\u001b\]0;PWNED\\u0007\\u001b\[2J\\u000a0 errors' is not labeled/);
  assert.equal(check.stdout.split('\n').filter((l) => l.startsWith('0 errors')).length, 0, 'no fake line');
  const exp = await cli('export', '--format', 'labels', esc);
  assert.doesNotMatch(exp.stderr, raw);
});

test('prototype words are ordinary names: stats counts them, the labels export keeps them', async () => {
  const proto = join(dir, 'proto.jsonl');
  const line = (id: string, domain: string, model: string) =>
    JSON.stringify({ id, prompt: [{ role: 'user', content: 'q' }], baseline: { model, messages: [{ role: 'assistant', content: 'a' }], scores: { constructor: 1 } }, trained: { model: 't', messages: [{ role: 'assistant', content: 'b' }] }, metadata: { domain, traits: ['toString'] } });
  await writeFile(proto, [line('a', 'constructor', '__proto__'), line('b', 'constructor', 'hasOwnProperty'), line('c', '__proto__', 'valueOf')].join('\n') + '\n');
  const s = JSON.parse((await cli('stats', '--json', proto)).stdout) as { domains: Record<string, number>; traits: Record<string, number>; sides: { models: Record<string, number>; scoreKeys: Record<string, number> }[] };
  assert.deepEqual(Object.entries(s.domains).sort(), [['__proto__', 1], ['constructor', 2]]);
  assert.deepEqual(Object.entries(s.sides[0]!.models).sort(), [['__proto__', 1], ['hasOwnProperty', 1], ['valueOf', 1]]);
  assert.deepEqual(Object.entries(s.sides[0]!.scoreKeys), [['constructor', 3]]);
  assert.deepEqual(Object.entries(s.traits), [['toString', 3]]);
  assert.match((await cli('stats', proto)).stdout, /domains +constructor 2, __proto__ 1\n/);
  await mkdir(join(dir, 'proto.labels'));
  const ev = (trait: string, value: string) => JSON.stringify({ v: 1, op: 'add', id: `e-${trait}`, at: '2026-11-23T08:00:00.000Z', annotator: 'ana', item: 'a', kind: 'preference', trait, value });
  await writeFile(join(dir, 'proto.labels', 'ana.jsonl'), [ev('__proto__', 'baseline'), ev('constructor', 'trained')].join('\n') + '\n');
  const exported = JSON.parse((await cli('export', '--format', 'labels', proto)).stdout) as { trait_preferences: Record<string, string> };
  assert.deepEqual(Object.entries(exported.trait_preferences), [['__proto__', 'baseline'], ['constructor', 'trained']]);
  const unknown = await cli('constructor');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'constructor'/);
  assert.equal((await cli('export', '--format', 'csv', '--constructor', 'x', proto)).code, 2);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openOutput } from '../../src/node/output';
import { cli } from './helpers';

/** As root, links are planted by a second, unprivileged user (`nobody`); otherwise by this one. */
const realSecondUser = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');
function asAttacker(script: string): void {
  if (realSecondUser) execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', '-c', script]);
  else execFileSync('sh', ['-c', script]);
}

test('--out into a shared folder: a link planted under the temporary file’s name is never followed', async () => {
  const home = await mkdtemp(join(tmpdir(), 'tr-out-'));
  await chmod(home, 0o755);
  const shared = join(home, 'shared');
  await mkdir(shared);
  // A project folder writable by the team (not sticky: links in it are followed by the kernel).
  await chmod(shared, 0o777);
  const victim = join(home, 'victim.txt');
  await writeFile(victim, 'precious\n');
  const target = join(shared, 'export.csv');
  // Every name the temporary file could predictably have.
  asAttacker(`ln -s ${victim} ${target}.${process.pid}.tmp && ln -s ${victim} ${target}.tmp`);
  const out = await openOutput(target, { files: [] });
  await out.write('exported\n');
  await out.close();
  assert.equal(await readFile(victim, 'utf8'), 'precious\n', 'the linked file is untouched');
  assert.equal(await readFile(target, 'utf8'), 'exported\n');
});

test('report --out and --maps refuse the campaign’s gold log and guidelines, also through a symlinked folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-out-'));
  await copyFile(resolve(__dirname, '../../samples/trait-rl-sample.jsonl'), join(dir, 'data.jsonl'));
  await writeFile(join(dir, 'c.review.json'), JSON.stringify({ version: 1, dataset: 'data.jsonl', labels: 'c.labels', campaign: { annotators: ['ana', 'ben'], perItem: 1, gold: 'gold.jsonl', guidelines: 'guide.md' } }));
  const gold = '{"v":1,"op":"add","id":"g1","at":"2026-01-01T00:00:00.000Z","annotator":"gold","item":"health-0001","kind":"preference","value":"trained"}\n';
  await writeFile(join(dir, 'gold.jsonl'), gold);
  await writeFile(join(dir, 'guide.md'), '# Guide\n');
  await symlink(dir, join(dir, 'via'));
  const manifest = join(dir, 'c.review.json');
  for (const args of [['--out', join(dir, 'gold.jsonl')], ['--out', join(dir, 'via', 'gold.jsonl')], ['--out', join(dir, 'r.html'), '--maps', join(dir, 'guide.md')]]) {
    const r = await cli('report', ...args, manifest);
    assert.notEqual(r.code, 0, `report ${args.join(' ')} was allowed`);
    assert.match(r.stderr, /refusing to write/);
  }
  assert.equal(await readFile(join(dir, 'gold.jsonl'), 'utf8'), gold);
  assert.equal(await readFile(join(dir, 'guide.md'), 'utf8'), '# Guide\n');
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { usageArgv } from './budgetedCli';

// Peak memory of a run over 20 shards against one shard: the shards are read one after another,
// so an export or a check over 20 times the data stays near the one-shard peak.
const repoRoot = resolve(__dirname, '../..');
const perShard = 1000;
const shardCount = 20;

let dir: string;
let one: string;
let shards: string[];
let whole: string;

/** `n` sample items with fresh ids from `first`, labeled by ana (a preference each), labels beside the file. */
async function writeShard(file: string, sample: string[], first: number, n: number): Promise<void> {
  const lines: string[] = [];
  const labels: string[] = [];
  for (let i = first; i < first + n; i++) {
    const id = `item-${i}`;
    lines.push(sample[i % sample.length]!.replace(/^\{"id":"[^"]*"/, `{"id":"${id}"`));
    labels.push(JSON.stringify({ v: 1, op: 'add', id: `ana-${i}`, at: '2026-11-23T08:00:00.000Z', annotator: 'ana', item: id, kind: 'preference', value: i % 3 === 0 ? 'baseline' : 'trained' }));
  }
  await writeFile(file, lines.join('\n') + '\n');
  const labelsDir = file.replace(/\.jsonl$/, '.labels');
  await mkdir(labelsDir, { recursive: true });
  await writeFile(join(labelsDir, 'ana.jsonl'), labels.join('\n') + '\n');
}

/** Runs the CLI (`transcript-review COMMAND ARGS`, see budgetedCli.ts) with its output discarded: its exit code, its own peak RSS (MB), its stderr as written. */
function peakRss(command: string, args: string[]): Promise<{ code: number; mb: number; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [...usageArgv(), command, ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let usage = '';
    let stderr = '';
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (usage += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      try {
        const r = JSON.parse(usage) as { maxRssKb: number };
        done({ code: code ?? -1, mb: r.maxRssKb / 1024, stderr });
      } catch {
        reject(new Error(`transcript-review ${command} gave no figures (exit ${code}): ${stderr.slice(-500)}`));
      }
    });
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tr-shard-memory-'));
  const sample = (await readFile(join(repoRoot, 'samples/trait-rl-sample.jsonl'), 'utf8')).split('\n').filter(Boolean);
  one = join(dir, 'one', 'part-00.jsonl');
  await mkdir(join(dir, 'one'));
  await writeShard(one, sample, 0, perShard);
  await mkdir(join(dir, 'many'));
  shards = [];
  for (let s = 0; s < shardCount; s++) {
    const file = join(dir, 'many', `part-${String(s).padStart(2, '0')}.jsonl`);
    await writeShard(file, sample, s * perShard, perShard);
    shards.push(file);
  }
  whole = join(dir, 'whole.jsonl');
  await writeShard(whole, sample, 0, perShard * shardCount);
});

after(() => rm(dir, { recursive: true, force: true }));

test(`export, check and report over ${shardCount} shards peak as one file of the same items, not as 20 files held at once`, async (t) => {
  const out = join(dir, 'out.jsonl');
  const runs: [string, string[]][] = [
    ['export', ['--format', 'merged', '--out', out]],
    ['check', []],
    ['report', ['--json']],
  ];
  for (const [command, args] of runs) {
    const a = await peakRss(command, [...args, one]);
    const w = await peakRss(command, [...args, whole]);
    const b = await peakRss(command, [...args, join(dir, 'many', 'part-*.jsonl')]);
    t.diagnostic(`${command}: peak RSS 1 shard (${perShard} items) ${a.mb.toFixed(0)} MB; ${shardCount} shards ${b.mb.toFixed(0)} MB (${(b.mb / a.mb).toFixed(2)} ×); one file of their ${perShard * shardCount} items ${w.mb.toFixed(0)} MB`);
    assert.deepEqual([a.code, w.code, b.code], [0, 0, 0], command);
    // 20 times the data: what a run keeps grows per item (ids, for repeats; a report's observations), as it does for one big file.
    assert.ok(b.mb < w.mb * 1.35, `${command}: ${b.mb.toFixed(0)} MB over ${shardCount} shards vs ${w.mb.toFixed(0)} MB for one file of the same items`);
    if (command !== 'report') assert.ok(b.mb < a.mb * 2, `${command}: ${b.mb.toFixed(0)} MB over ${shardCount} shards vs ${a.mb.toFixed(0)} MB for one`);
  }
});

test(`--cache over ${shardCount} shards (more than the 16 files the editor keeps): the second run reuses every index`, async () => {
  const cache = join(dir, 'cache');
  const first = await peakRss('check', ['--cache', cache, join(dir, 'many')]);
  const second = await peakRss('check', ['--cache', cache, join(dir, 'many')]);
  assert.deepEqual([first.code, second.code], [0, 0]);
  assert.equal(first.stderr.match(/(\d+) of (\d+) file index/)?.slice(1).join('/'), `0/${shardCount}`);
  assert.equal(second.stderr.match(/(\d+) of (\d+) file index/)?.slice(1).join('/'), `${shardCount}/${shardCount}`);
});

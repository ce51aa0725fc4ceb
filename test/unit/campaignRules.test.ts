import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseManifest } from '../../src/core/input/manifest';
import { assign } from '../../src/core/campaign/assignment';
import { caseCollisions } from '../../src/core/campaign/campaign';
import { NoCampaignError, openCampaign } from '../../src/node/campaignRun';
import { cli, cpuTimed } from './helpers';

const manifestText = (campaign: object) => JSON.stringify({ version: 1, dataset: 'data.jsonl', labels: 'c.labels', campaign }, null, 1);

test('campaign rules are checked in the manifest, each error at its line: an adjudicator who annotates, a seed past 32 bits', () => {
  const adjudicating = manifestText({ annotators: ['ana', 'ben'], perItem: 1, adjudicators: ['ben'] });
  const r = parseManifest(adjudicating, 'c.review.json');
  assert.equal(r.manifest, undefined);
  assert.match(r.diagnostics[0]!.message, /"ben" is also an annotator/);
  const lines = adjudicating.split('\n');
  assert.equal(r.diagnostics[0]!.line, lines.length - [...lines].reverse().findIndex((l) => l.includes('"ben"')), 'located at the adjudicator, not at the annotator or line 1');

  const wide = parseManifest(manifestText({ annotators: ['ana', 'ben'], perItem: 1, seed: 2 ** 32 + 5 }), 'c.review.json');
  assert.match(wide.diagnostics[0]?.message ?? '', /seed/);
  // The seeds that remain all give different queues.
  const ids = Array.from({ length: 40 }, (_, i) => `i${i}`);
  const queue = (seed: number) => assign({ annotators: ['ana', 'ben', 'cy'], perItem: 1, seed }, ids).queue('ana').join();
  assert.notEqual(queue(5), queue(6));
});

test('names differing only in case are found (one log file on macOS and Windows)', () => {
  assert.deepEqual(caseCollisions(['ana', 'Ana', 'ben', 'ANA']), [
    ['ana', 'Ana'],
    ['ana', 'ANA'],
  ]);
  assert.deepEqual(caseCollisions(['ana', 'ben']), []);
});

async function campaignDir(campaign: object): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tr-rules-'));
  await copyFile(resolve(__dirname, '../../samples/trait-rl-sample.jsonl'), join(dir, 'data.jsonl'));
  await writeFile(join(dir, 'c.review.json'), manifestText(campaign));
  await mkdir(join(dir, 'c.labels'));
  return dir;
}

test('an invalid campaign is reported as what is wrong, not as no campaign; a gold log that is a link is a message, not a stack trace', async () => {
  const bad = await campaignDir({ annotators: ['ana'], perItem: 1, adjudicators: ['ana'] });
  await assert.rejects(openCampaign(join(bad, 'c.review.json')), (err: Error) => err instanceof NoCampaignError && /c\.review\.json:\d+:\d+: .*"ana" is also an annotator/.test(err.message));

  const linked = await campaignDir({ annotators: ['ana', 'ben'], perItem: 1, gold: 'gold.jsonl' });
  await writeFile(join(linked, 'real-gold.jsonl'), '');
  await symlink(join(linked, 'real-gold.jsonl'), join(linked, 'gold.jsonl'));
  await writeFile(join(linked, 'real-gold.jsonl'), '{"v":1,"op":"add","id":"g","at":"x","annotator":"gold","item":"health-0001","kind":"preference","value":"trained"}\n');
  await assert.rejects(openCampaign(join(linked, 'c.review.json')), (err: Error) => err instanceof NoCampaignError && /gold log cannot be read: .*symbolic link/.test(err.message));
});

test('queue works before the gold log exists (a warning); progress separates its columns with real tabs', async () => {
  const dir = await campaignDir({ annotators: ['ana', 'Ana', 'ben'], perItem: 1, gold: 'gold.jsonl' });
  const manifest = join(dir, 'c.review.json');
  const queue = await cli('queue', '--annotator', 'ana', manifest);
  assert.equal(queue.code, process.platform === 'linux' ? 0 : 2, queue.stderr);
  if (process.platform === 'linux') {
    assert.ok(queue.stdout.trim().split('\n').length > 0);
    assert.match(queue.stderr, /gold log is missing or empty/);
    assert.match(queue.stderr, /"ana" and "Ana", which differ only in case/);
  }
  const progress = await cli('progress', manifest);
  assert.doesNotMatch(progress.stdout, /\\u0009/);
  const row = progress.stdout.split('\n').find((l) => l.startsWith('ben'));
  assert.equal(row?.split('\t').length, 6, progress.stdout);
});

test('assignment stays fast with 1,000 annotators of 1 KB names (each name hashed once per item, not per comparison)', () => {
  const names = Array.from({ length: 1000 }, (_, i) => `${i}-`.padEnd(1024, 'n'));
  const ids = Array.from({ length: 100 }, (_, i) => `item-${i}`);
  const [a, ms] = cpuTimed(() => assign({ annotators: names, perItem: 3, seed: 7 }, ids));
  const seconds = ms / 1000;
  assert.equal([...a.counts().values()].reduce((n, c) => n + c, 0), 300);
  assert.ok(seconds < 5, `${seconds.toFixed(1)} s`);
});

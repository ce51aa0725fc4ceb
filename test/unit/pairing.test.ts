import { planManifest } from '../../src/core/input/manifestPlan';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenedInput } from '../../src/core/open/openedInput';
import { openInput } from '../../src/node/input';
import type { ItemResult } from '../../src/core/input/dataset';
import { parseManifest } from '../../src/core/input/manifest';
import { fixtures } from './helpers';

async function all(input: OpenedInput): Promise<ItemResult[]> {
  const out: ItemResult[] = [];
  for await (const r of input.source.items()) out.push(r);
  await input.close();
  return out;
}

const fmt = (d: { file: string; line: number; column: number; severity: string; message: string }) => `${d.file.replace(fixtures + '/', '')}:${d.line}:${d.column} ${d.severity}: ${d.message}`;

test('pairs by id across files in different orders; unpaired records are warnings with file and line', async () => {
  const input = await openInput(join(fixtures, 'bad/unpaired-baseline.jsonl'), { trained: join(fixtures, 'bad/unpaired-trained.jsonl') });
  assert.deepEqual(input.diagnostics.map(fmt), [
    'bad/unpaired-baseline.jsonl:3:0 warning: line 3: unpaired record: no record with `id` "c3" in ' + join(fixtures, 'bad/unpaired-trained.jsonl'),
    'bad/unpaired-baseline.jsonl:4:0 warning: line 4: unpaired record: no `id` (a string or number) to pair by',
    'bad/unpaired-trained.jsonl:3:0 warning: line 3: unpaired record: no record with `id` "c4" in ' + join(fixtures, 'bad/unpaired-baseline.jsonl'),
  ]);
  const items = (await all(input)).map((r) => r.item!);
  assert.deepEqual(items.map((i) => i.id), ['c1', 'c2']);
  const c1 = items[0]!;
  assert.deepEqual(c1.sides.map((s) => [s.name, s.model, s.messages.map((m) => m.content)]), [
    ['unpaired-baseline', 'base-v3', ['No.']],
    ['unpaired-trained', 'trait-rl-v3', ['Yes.']],
  ]);
  assert.deepEqual(c1.prompt.map((m) => m.role), ['system', 'user'], 'the shared prefix is the prompt');
  assert.deepEqual(items[1]!.sides.map((s) => s.scores), [{ overall: 0.1 }, { overall: 0.9 }]);
});

test('pairs by line without parsing at open; mismatched ids are flagged', async () => {
  const input = await openInput(join(fixtures, 'bad/unpaired-baseline.jsonl'), { trained: join(fixtures, 'bad/unpaired-trained.jsonl'), key: null });
  assert.deepEqual(input.diagnostics.map(fmt), [`bad/unpaired-baseline.jsonl:4:0 warning: line 4: unpaired record: no record on line 4 of ${join(fixtures, 'bad/unpaired-trained.jsonl')}`]);
  const results = await all(input);
  assert.equal(results.length, 3);
  assert.match(results[0]!.diagnostics[0]!.message, /^line 1: paired by line with "c2" \(line 1 of .*\) but its id is "c1": pair by `id` instead\?$/);
});

test('every single-transcript shape pairs, with names from the files', async () => {
  for (const shape of ['chat', 'sharegpt', 'flat']) {
    const input = await openInput(join(fixtures, `adapters/${shape}-baseline.jsonl`), {
      trained: join(fixtures, `adapters/${shape}-trained.jsonl`),
      key: shape === 'flat' ? 'instruction' : 'id',
    });
    const results = await all(input);
    assert.ok(results.length >= 2, shape);
    for (const r of results) {
      assert.deepEqual(r.diagnostics, [], shape);
      assert.deepEqual(r.item!.sides.map((s) => s.name), [`${shape}-baseline`, `${shape}-trained`]);
      assert.equal(r.item!.sides[0].messages.length, 1, `${shape}: one reply a side`);
    }
  }
});

test('a key field holding long text (prompt) pairs through a hash, duplicates pair in order', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pairs-'));
  const long = 'p'.repeat(500);
  const rec = (prompt: string, response: string) => JSON.stringify({ prompt, response });
  await writeFile(join(dir, 'a.jsonl'), [rec(long, 'a1'), rec('dup', 'a2'), rec('dup', 'a3'), '{broken'].join('\n'));
  await writeFile(join(dir, 'b.jsonl'), [rec('dup', 'b2'), rec(long, 'b1'), rec('dup', 'b3')].join('\n'));
  const input = await openInput(join(dir, 'a.jsonl'), { trained: join(dir, 'b.jsonl'), key: 'prompt' });
  assert.deepEqual(input.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`), ["4:2 line 4: expected a property name in double quotes, found 'b' at column 2"]);
  const items = (await all(input)).map((r) => r.item!);
  assert.deepEqual(items.map((i) => i.sides.map((s) => s.messages[0]!.content)), [['a1', 'b1'], ['a2', 'b2'], ['a3', 'b3']]);
  assert.deepEqual(items.map((i) => i.id), ['line-1', 'line-2', 'line-3']);
});

test('a file of paired records cannot be one run of a pair', async () => {
  const input = await openInput(join(fixtures, 'adapters/hh.jsonl'), { trained: join(fixtures, 'adapters/chat-trained.jsonl') });
  assert.deepEqual(input.diagnostics.map((d) => d.severity + ': ' + d.message), ['error: line 1: this file holds hh records, which already pair two sides; open it alone instead of as one run of a pair']);
  assert.equal(input.source.count, 0);
  await input.close();
});

test('a manifest names the runs, the side names, the key and the labels directory', async () => {
  const path = join(fixtures, 'adapters/chat.review.json');
  const input = await openInput(path);
  assert.equal(input.labelsDir, join(fixtures, 'adapters/labels'));
  assert.equal(input.labelsPath, path);
  assert.equal(input.diagnostics.length, 2, 'c3 and c4 are unpaired');
  const items = (await all(input)).map((r) => r.item!);
  assert.deepEqual(items[0]!.sides.map((s) => s.name), ['base', 'rl']);
  const hh = await openInput(join(fixtures, 'adapters/hh.review.json'));
  assert.equal(hh.labelsDir, join(fixtures, 'adapters/hh.labels'));
  assert.deepEqual((await all(hh)).map((r) => r.item!.sides[0].name), ['chosen', 'chosen']);
});

test('manifest problems point at the line and column of the key', () => {
  const text = '{\n  "version": 1,\n  "baseline": {"file": "a.jsonl"},\n  "trained": {"file": "b.jsonl", "name": "tie"},\n  "colour": "red"\n}\n';
  const r = parseManifest(text, 'x.review.json');
  assert.deepEqual(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`), ['4:34 line 4: `trained.name` must not be "tie" or "both_bad" (preference values)']);
  const ok = parseManifest(text.replace('"tie"', '"rl"'), 'x.review.json');
  assert.ok(ok.manifest);
  assert.deepEqual(ok.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity}: ${d.message}`), ['5:3 warning: line 5: unknown key `colour` ignored (known: version, baseline, trained, dataset, key, format, taxonomy, labels, campaign, certification)']);
  const missing = parseManifest('{"version": 1, "baseline": {"file": "a.jsonl"}}', 'x.review.json');
  assert.deepEqual(missing.diagnostics.map((d) => d.message), ['line 1: `trained` is missing: a manifest names `baseline` and `trained` (each `{"file": …}`), or one `dataset` file']);
  const bad = parseManifest('{\n  "version": 1,\n  "dataset": "a.jsonl",\n}', 'x.review.json');
  assert.deepEqual(bad.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`), ["4:1 line 4: the review manifest is not valid JSON: trailing comma before '}'"]);
});

test('unreadable files throw with the reason', async () => {
  await assert.rejects(openInput(join(fixtures, 'nope.jsonl')), { message: `cannot read ${join(fixtures, 'nope.jsonl')}: no such file`, code: 'ENOENT' });
  // A folder with neither Inspect logs nor agent traces (the fixtures folder holds traces a few levels down).
  const plain = await mkdtemp(join(tmpdir(), 'tr-plain-'));
  await writeFile(join(plain, 'notes.txt'), 'not a dataset');
  await assert.rejects(openInput(plain), { message: `cannot read ${plain}: is a directory without Inspect logs (.eval, .json)` });
  await assert.rejects(openInput(join(fixtures, 'adapters/chat-baseline.jsonl'), { trained: join(fixtures, 'nope.jsonl') }), { code: 'ENOENT' });
});

test('planManifest: one reading of a manifest for both platforms — labels folder, key, names, refusal', () => {
  const paths = { resolve: (f: string) => `/w/${f}`, name: (f: string) => f, parts: (f: string) => ({ base: f.split('/').pop()!, parent: f.split('/').slice(-2, -1)[0]! }), defaultLabelsDir: '/w/c.labels' };
  const pair = planManifest('{"version": 1, "baseline": {"file": "runs/a.jsonl"}, "trained": {"file": "runs/b.jsonl", "name": "rl"}}', 'c.review.json', paths);
  assert.equal(pair.kind, 'pair');
  if (pair.kind === 'pair') assert.deepEqual([pair.baseline, pair.trained, pair.key, pair.names, pair.labelsDir], ['/w/runs/a.jsonl', '/w/runs/b.jsonl', 'id', ['a', 'rl'], '/w/c.labels']);
  const byLine = planManifest('{"version": 1, "dataset": "d.jsonl", "labels": "l"}', 'c.review.json', paths);
  assert.deepEqual([byLine.kind, byLine.labelsDir], ['dataset', '/w/l']);
  const refused = planManifest('{"version": 1,\n "dataset": "l/d.jsonl",\n "labels": "l"}', 'c.review.json', paths);
  assert.equal(refused.kind, 'none');
  assert.equal(refused.labelsDir, '/w/c.labels', 'labels are never read from among the inputs');
  assert.match(refused.diagnostics.at(-1)!.message, /holds the input/);
  assert.equal(planManifest('{"version": 1, "baseline": {"file": "a"}, "trained": {"file": "b"}}', 'c', paths, { key: null }).kind === 'pair', true);
});

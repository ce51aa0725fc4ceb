import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotatorFileName, labelsDirFor, legacyFileName } from '../../src/core/labels/labelPaths';
import { isOwnLog } from '../../src/core/labels/logOwner';

const hard = ['用户', 'ユーザー', 'Ana López', 'Ana_L_pez', 'a/b', 'a:b', '', 'x'.repeat(300), 'y'.repeat(300), 'con', 'CON', 'Con.txt', '.hidden', 'dot.', '..', '%41', 'A', '~tilde', 'a b', 'a%20b', 'ana'];

test('annotator names map to pairwise distinct file names that can all be created', async () => {
  const names = hard.map(annotatorFileName);
  assert.equal(new Set(names).size, hard.length, `collisions in ${JSON.stringify(names)}`);
  // Distinct even where a file system ignores case (macOS, Windows), except names that differ only in case.
  const folded = new Map<string, string>();
  for (const [i, n] of names.entries()) {
    const key = n.toLowerCase();
    if (folded.has(key)) assert.equal(hard[i]!.toLowerCase(), folded.get(key)!.toLowerCase());
    folded.set(key, hard[i]!);
  }
  const dir = await mkdtemp(join(tmpdir(), 'tr-names-'));
  for (const n of names) await writeFile(join(dir, n), '');
  assert.equal((await readdir(dir)).length, names.length);
  for (const n of names) {
    assert.ok(Buffer.byteLength(n) <= 255, n);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not appear
    assert.doesNotMatch(n, /[/\\:*?"<>|\u0000-\u001f]/, n);
    assert.ok(!n.startsWith('.'), n);
  }
});

test('file names stay readable and safe names keep the name earlier versions gave them', () => {
  assert.equal(annotatorFileName('ana'), 'ana.jsonl');
  assert.equal(annotatorFileName('Ana_L_pez'), 'Ana_L_pez.jsonl');
  assert.equal(annotatorFileName('bob.smith-2'), 'bob.smith-2.jsonl');
  assert.equal(annotatorFileName('用户'), '用户.jsonl');
  assert.equal(annotatorFileName('Ana López'), 'Ana%20López.jsonl');
  assert.equal(annotatorFileName('a/b'), 'a%2Fb.jsonl');
  assert.equal(annotatorFileName('con'), '%63on.jsonl');
  assert.match(annotatorFileName('x'.repeat(300)), /^x+~[0-9a-f]{16}\.jsonl$/);
  for (const safe of ['ana', 'Ana_L_pez', 'bob.smith-2', 'A1']) assert.equal(annotatorFileName(safe), legacyFileName(safe));
});

test('a log belongs to the exact name it maps to, and to no one else', () => {
  assert.ok(isOwnLog('Ana.jsonl', 'Ana'));
  assert.ok(isOwnLog('Ana.jsonl'.normalize('NFD'), 'Ana'));
  assert.ok(!isOwnLog('ana.jsonl', 'Ana'), '`ana` and `Ana` are two people (the campaign refuses both where the file system folds case)');
  assert.ok(!isOwnLog('_.jsonl', '用户'));
  assert.ok(!isOwnLog('Ana_L_pez.jsonl', 'Ana López'), 'the older, lossy name is read only through `LogOwner`');
});

test('the labels folder sits beside the data, named for it whatever its container', () => {
  for (const f of ['d/data.jsonl', 'd/data.jsonl.gz', 'd/data.parquet']) assert.equal(labelsDirFor(f), 'd/data.labels');
  assert.equal(labelsDirFor('logs/deception.eval'), 'logs/deception.labels');
  assert.equal(labelsDirFor('c.review.json'), 'c.labels');
});

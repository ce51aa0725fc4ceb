import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeLabelFolder } from '../../src/node/labelFolder';
import { readLabelSet } from '../../src/node/labelSet';
import { LabelWriter } from '../../src/core/labels/labelWriter';
import { OtherLabels } from '../../src/core/labels/otherLabels';
import { annotatorFileName, legacyFileName } from '../../src/core/labels/labelPaths';

const add = (id: string, annotator: string, item = 'i0') => JSON.stringify({ v: 1, op: 'add', id, at: '2026-01-01T00:00:00.000Z', annotator, item, kind: 'preference', value: 'trained' }) + '\n';
const remove = (id: string, annotator: string, target: string) => JSON.stringify({ v: 1, op: 'remove', id, at: '2026-01-01T00:00:01.000Z', annotator, target }) + '\n';

/** `x y` labels in their own log; `x_y` (whose own log is `x_y.jsonl`, the old lossy name of `x y`) forges events signed `x y`; `ana` forges `Ana`. */
async function forgedFolder(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'tr-own-')), 'data.labels');
  await mkdir(dir);
  assert.equal(legacyFileName('x y'), annotatorFileName('x_y'));
  await writeFile(join(dir, annotatorFileName('x y')), add('real', 'x y'));
  await writeFile(join(dir, annotatorFileName('x_y')), add('own', 'x_y') + remove('forged-remove', 'x y', 'real') + add('forged-add', 'x y', 'i1'));
  await writeFile(join(dir, annotatorFileName('Ana')), add('ana-real', 'Ana'));
  await writeFile(join(dir, annotatorFileName('ana')), add('ana-own', 'ana') + remove('ana-forged', 'Ana', 'ana-real'));
  return dir;
}

test('a forged remove in another person’s file is ignored and warned: in exports and check, and in the editor', async () => {
  const dir = await forgedFolder();
  const set = await readLabelSet(dir);
  const labels = (who: string) => set.logs.find((l) => l.annotator === who)?.state;
  assert.deepEqual(labels('x y')?.forItem('i0').map((e) => e.id), ['real'], 'the forged remove retracts nothing');
  assert.deepEqual(labels('x y')?.forItem('i1'), [], 'the forged add is nobody’s label');
  assert.deepEqual(labels('Ana')?.forItem('i0').map((e) => e.id), ['ana-real'], 'a name differing by case is another person');
  assert.deepEqual(labels('x_y')?.forItem('i0').map((e) => e.id), ['own']);
  const warned = set.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
  assert.equal(warned.length, 3, warned.join('\n'));
  assert.ok(warned.some((m) => /signed "x y" in x_y\.jsonl/.test(m)));
  assert.ok(warned.some((m) => /signed "Ana" in ana\.jsonl/.test(m)));

  // The editor of `x y`: its older-named log is another person's own log, never read as theirs.
  const folder = nodeLabelFolder(dir);
  const writer = new LabelWriter(folder.log(annotatorFileName('x y')), 'x y', { legacy: [folder.log(legacyFileName('x y'))] });
  await writer.load();
  assert.deepEqual(writer.state.forItem('i0').map((e) => e.id), ['real']);
  assert.deepEqual(writer.state.forItem('i1'), []);
  const others = new OtherLabels(folder, 'x y');
  await others.load();
  assert.deepEqual(others.annotators, ['Ana', 'ana', 'x_y']);
  assert.ok(others.diagnostics.some((d) => /signed "x y" in x_y\.jsonl/.test(d.message)), 'shown in the Problems panel');
});

test('an older-named log is read for a name with no log of its own, and its labels move into the own log on the first write', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'tr-own-')), 'data.labels');
  await mkdir(dir);
  await writeFile(join(dir, legacyFileName('x y')), add('old', 'x y') + add('stranger', 'x/y', 'i1'));
  const folder = nodeLabelFolder(dir);
  const set = await readLabelSet(dir);
  assert.deepEqual(set.logs.map((l) => l.annotator), ['x y'], 'only the first name claiming the old file');
  const writer = new LabelWriter(folder.log(annotatorFileName('x y')), 'x y', { legacy: [folder.log(legacyFileName('x y'))] });
  await writer.load();
  assert.deepEqual(writer.state.forItem('i0').map((e) => e.id), ['old']);
  await writer.submit({ op: 'add', draft: { kind: 'note', item: 'i2', text: 'new' } });
  const own = await readFile(join(dir, annotatorFileName('x y')), 'utf8');
  assert.match(own, /"id":"old"/, 'carried over before the first new event');
  const after = await readLabelSet(dir);
  assert.deepEqual(after.logs.find((l) => l.annotator === 'x y')?.state.forItem('i0').map((e) => e.id), ['old']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { LabelWriter } from '../../src/core/labels/labelWriter';
import { LabelLogFile } from '../../src/node/labelFile';
import { readLabelSet } from '../../src/node/labelSet';
import { annotatorFileName } from '../../src/core/labels/labelPaths';

/** Labels as the editor writes them: a preference per item, some changed, one undone. */
async function label(dir: string, annotator: string, prefs: Record<string, string[]>, undo: string[] = []): Promise<void> {
  const w = new LabelWriter(new LabelLogFile(join(dir, annotatorFileName(annotator))), annotator);
  await w.load();
  for (const [item, values] of Object.entries(prefs)) {
    for (const value of values) await w.submit({ op: 'add', draft: { kind: 'preference', item, value: value as 'trained' } });
    await w.submit({ op: 'add', draft: { kind: 'verdict', item, side: 'trained', trait: 'truthfulness', value: 'ok' } });
    if (undo.includes(item)) {
      await w.submit({ op: 'undo' }); // the verdict
      await w.submit({ op: 'undo' }); // the last preference: the one before it is current again
    }
  }
  w.dispose();
}

test('a team’s label folders are plain JSONL: DuckDB reads preferences per annotator and agreement as the editor folds them', async () => {
  const root = await mkdtemp(join(tmpdir(), 'tr-duckdb-'));
  try {
    const a = join(root, 'shard-a.labels');
    const b = join(root, 'shard-b.labels');
    await mkdir(a);
    await mkdir(b);
    await label(a, 'ana', { i1: ['trained'], i2: ['baseline', 'tie'], i3: ['trained', 'both_bad'] }, ['i3']);
    await label(a, 'ben', { i1: ['trained'], i2: ['baseline'], i3: ['baseline'] });
    await label(b, 'ana', { j1: ['baseline'] });
    await label(b, 'Cy Müller', { j1: ['trained'] });

    const db = await DuckDBInstance.create(':memory:');
    const sql = await readFile(join(__dirname, '..', 'sql', 'labelQueries.sql'), 'utf8');
    const c = await db.connect();
    await c.run(sql);
    const logs = join(root, '*.labels', '*.jsonl').replace(/'/g, "''");
    const prefs = (await c.runAndReadAll(`SELECT folder, annotator, item, preference FROM preferences('${logs}') ORDER BY ALL`)).getRowObjectsJson();

    // The same from our own fold of each folder.
    const ours: { folder: string; annotator: string; item: string; preference: string }[] = [];
    for (const dir of [a, b]) {
      const set = await readLabelSet(dir);
      for (const log of set.logs) {
        for (const item of log.state.labeledItems()) {
          const p = log.state.forItem(item).find((e) => e.kind === 'preference' && !e.trait);
          if (p?.kind === 'preference') ours.push({ folder: dir, annotator: log.annotator, item, preference: p.value });
        }
      }
    }
    const key = (r: { folder: string; annotator: string; item: string }) => `${r.folder}|${r.annotator}|${r.item}`;
    ours.sort((x, y) => (key(x) < key(y) ? -1 : 1));
    assert.deepEqual(prefs, ours);
    assert.deepEqual(
      prefs.filter((p) => p.annotator === 'ana' && p.folder === a).map((p) => [p.item, p.preference]),
      [['i1', 'trained'], ['i2', 'tie'], ['i3', 'trained']],
      'a changed preference counts once, an undone one gives the one before back',
    );

    // Agreement: items two annotators of one folder both judged, and how often they agree.
    const agreement = (
      await c.runAndReadAll(`
        WITH p AS (FROM preferences('${logs}'))
        SELECT x.annotator AS a, y.annotator AS b, count(*) AS both, count(*) FILTER (WHERE x.preference = y.preference) AS agree
        FROM p x JOIN p y ON x.folder = y.folder AND x.item = y.item AND x.annotator < y.annotator
        GROUP BY ALL ORDER BY ALL`)
    ).getRowObjectsJson();
    assert.deepEqual(agreement, [
      { a: 'Cy Müller', b: 'ana', both: '1', agree: '0' },
      { a: 'ana', b: 'ben', both: '3', agree: '1' },
    ]);
    c.closeSync();
    db.closeSync();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

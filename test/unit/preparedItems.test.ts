import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memorySource } from '../../src/core/input/byteSource';
import { Dataset } from '../../src/core/input/dataset';
import { layOut, PreparedItems } from '../../src/core/review/preparedItems';
import type { ReviewItem } from '../../src/core/schema';

async function sample(): Promise<Dataset> {
  const bytes = await readFile(join(__dirname, '..', '..', 'samples', 'trait-rl-sample.jsonl'));
  const dataset = new Dataset(memorySource(new Uint8Array(bytes)), 'sample.jsonl');
  await dataset.build();
  return dataset;
}

test('item switch: the neighbours of a shown item are prepared after it, and equal a fresh read', async () => {
  const dataset = await sample();
  const reads: number[] = [];
  let generation = 0;
  const items = new PreparedItems(
    (i) => {
      reads.push(i);
      return dataset.item(i);
    },
    () => generation,
  );
  const shown = await items.get(5);
  assert.deepEqual(reads, [5]);
  const prefetched = items.prefetch(5, dataset.count);
  assert.deepEqual(reads, [5], 'nothing is read before the reply goes out');
  await prefetched;
  assert.deepEqual(reads, [5, 6, 4], 'next, then previous');
  const next = await items.get(6);
  assert.deepEqual(reads, [5, 6, 4], '`j` finds its item ready');
  const fresh = layOut(await dataset.item(6));
  delete fresh.result.record;
  assert.deepEqual(next, fresh, 'the prepared item is what a fresh read lays out');
  assert.ok(next.diffs.length > 0 && next.turns.length > 0);
  assert.equal(await items.get(5), shown);

  // The file was indexed again: nothing prepared before is used.
  generation++;
  await items.get(6);
  assert.deepEqual(reads, [5, 6, 4, 6]);
});

test('item switch: at most the budget is kept, a failed read is not kept, the ends have one neighbour', async () => {
  const dataset = await sample();
  const reads: number[] = [];
  let fail = true;
  const items = new PreparedItems(
    (i) => {
      reads.push(i);
      if (i === 2 && fail) return Promise.reject(new Error('EIO'));
      return dataset.item(i);
    },
    () => 0,
    { maxItems: 3 },
  );
  await assert.rejects(items.get(2), /EIO/);
  fail = false;
  assert.ok((await items.get(2)).result.item, 'read again after a failure');
  for (const i of [0, 1, 3, 4]) await items.get(i);
  reads.length = 0;
  await items.get(0);
  assert.deepEqual(reads, [0], 'the oldest were dropped past the budget');
  await items.prefetch(dataset.count - 1, dataset.count);
  assert.deepEqual(reads, [0, dataset.count - 1 - 1]);
});

test('item switch: diffs over the budget follow the item, equal to the diffs laid out in one go', async () => {
  const answer = (seed: number) => Array.from({ length: 600 }, (_, i) => ['the', 'patient', 'reports', 'pain', 'slope', 'six'][(i * seed + (i >> 3)) % 6]).join(' ');
  const side = (name: string, seed: number) => ({ name, model: name, messages: [{ role: 'assistant' as const, content: answer(seed) }, { role: 'user' as const, content: 'more?' }, { role: 'assistant' as const, content: `yes, ${name}` }] });
  const item = { id: 'x', prompt: [{ role: 'user' as const, content: 'hi' }], sides: [side('baseline', 5), side('trained', 7)] as const, metadata: {} };
  const result = { index: 0, line: 1, item: item as unknown as ReviewItem, diagnostics: [] };
  const full = layOut(result);
  assert.equal(full.rest, undefined, 'no budget: every diff at once');
  const quick = layOut(result, 10_000);
  assert.ok(quick.rest, 'the unrelated long answers are over the budget');
  assert.equal(quick.diffs.length, 2);
  assert.equal(quick.diffs[0]!.content, undefined, 'left out, not marked coarsely');
  assert.deepEqual(quick.diffs[1], full.diffs[1], 'the small row is there at once');
  assert.deepEqual(await quick.rest, full.diffs);
  assert.deepEqual(quick.diffs, full.diffs, 'and kept for the next show');
  assert.equal(quick.rest, undefined);
});

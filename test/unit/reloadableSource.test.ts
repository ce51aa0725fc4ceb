import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySource } from '../../src/core/input/byteSource';
import { Dataset } from '../../src/core/input/dataset';
import { findItem, ReloadableSource } from '../../src/core/input/reloadableSource';

const line = (id: string) => JSON.stringify({ id, prompt: [{ role: 'user', content: `q ${id}` }], baseline: { model: 'a', messages: [{ role: 'assistant', content: 'x' }] }, trained: { model: 'b', messages: [{ role: 'assistant', content: 'y' }] } });

async function dataset(ids: string[]): Promise<Dataset> {
  const d = new Dataset(memorySource(new TextEncoder().encode(ids.map(line).join('\n') + '\n')), 'data.jsonl');
  await d.build();
  return d;
}

test('a rewritten file swapped in behind the same source: reads see the new index, the item is found again by id', async () => {
  const source = new ReloadableSource(await dataset(['a', 'b', 'c', 'd']));
  assert.equal((await source.item(1)).item?.id, 'b');
  const rewritten = await dataset(['d', 'c', 'x', 'b']);
  source.swap(rewritten);
  assert.equal(source.generation, 1);
  assert.equal(source.count, 4);
  assert.equal((await source.item(1)).item?.id, 'c', 'the old offsets are not read against the new file');
  assert.equal((await source.item(3)).line, 4);
  assert.equal(await findItem(source, 'b', 1), 3, 'moved: found by a scan');
  assert.equal(await findItem(source, 'c', 1), 1, 'still at its place: found without a scan');
  assert.equal(await findItem(source, 'a', 0), undefined, 'gone');
  const ids: string[] = [];
  for await (const r of source.items()) if (r.item) ids.push(r.item.id);
  assert.deepEqual(ids, ['d', 'c', 'x', 'b']);
});

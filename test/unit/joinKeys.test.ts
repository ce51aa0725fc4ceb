import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankJoinKeys } from '../../src/core/input/joinKeys';

test('Compare Two Runs offers a unique field first, and says a field like `dataset` is not unique', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ dataset: `ds${i % 5}`, instruction: `q${i}`, output: `a${i}` }));
  const ranked = rankJoinKeys(rows(805), rows(805));
  assert.deepEqual(
    ranked.map((c) => c.field),
    ['instruction', 'output', 'dataset'],
  );
  assert.equal(ranked[0]!.unique, true);
  const dataset = ranked.find((c) => c.field === 'dataset')!;
  assert.equal(dataset.unique, false);
  assert.deepEqual(dataset.distinct, [5, 5]);
  assert.equal(rankJoinKeys([{ id: 'a', b: 'x' }, { id: 'b', b: 'y' }], [{ id: 'a', b: 'x' }, { id: 'b', b: 'y' }])[0]!.field, 'id', 'id first among unique fields');
});

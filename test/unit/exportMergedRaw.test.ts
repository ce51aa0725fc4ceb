import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixtures, readBytes } from './helpers';
import { createExporter } from '../../src/core/exports/exportRegistry';
import type { AnnotatorItemLabels } from '../../src/core/labels/humanLabels';

const preference = (item: string): AnnotatorItemLabels[] => [
  { annotator: 'ana', labels: [{ v: 1, op: 'add', id: `e-${item}`, at: '2026-11-23T08:00:00.000Z', annotator: 'ana', item, kind: 'preference', value: 'trained' }] },
];

/**
 * `merged` passes a canonical record through as its bytes only where that is the same JSON value
 * as re-serializing the parsed item; every other record takes the re-serializing path.
 */
test('merged: a record passed through as its bytes is the same JSON as the re-serialized item; changed records are re-serialized', async () => {
  const plain = (await readFile(join(fixtures, 'adapters', 'canonical.jsonl'), 'utf8')).split('\n').filter(Boolean);
  const base = JSON.parse(plain[0]!) as Record<string, unknown>;
  const same = (over: Record<string, unknown>) => JSON.stringify({ ...base, ...over });
  const cases: [string, string, boolean][] = [
    ['plain', plain[0]!, true],
    ['spaces and a CR', `  { "id" : "spaced", ${JSON.stringify(base).slice(1 + '"id":"item-1",'.length)}  \r`, true],
    ['keys in another order (the id not first)', JSON.stringify({ metadata: base.metadata, trained: base.trained, baseline: base.baseline, prompt: base.prompt, id: 'ordered' }), false],
    ['an unknown top-level key (dropped by the item)', same({ id: 'extra', extra: 1 }), false],
    ['no metadata (added as {})', JSON.stringify({ id: 'nometa', prompt: base.prompt, baseline: base.baseline, trained: base.trained }), false],
    ['a side with a name', same({ id: 'named', baseline: { ...(base.baseline as object), name: 'x' } })],
    ['a numeric id past 2^53 (made exact)', plain[0]!.replace('"id":"item-1"', '"id":123456789012345678901'), false],
    ['a __proto__ key (dropped)', same({ id: 'proto' }).replace('"metadata":{', '"metadata":{"__proto__":{"x":1},'), false],
    ['a rubric in the metadata', same({ id: 'zod', metadata: { ...(base.metadata as object), rubric: [{ id: 'r', text: 't', points: 1 }] } }), true],
  ].map(([name, line, expect]) => [name as string, line as string, (expect ?? false) as boolean]);
  const text = cases.map(([, line]) => line).join('\n') + '\n';
  const { results } = await readBytes(new TextEncoder().encode(text));
  const exporter = createExporter('merged');
  assert.equal(results.length, cases.length);
  for (const [k, r] of results.entries()) {
    const [name, , passes] = cases[k]!;
    assert.ok(r.item, `${name}: ${JSON.stringify(r.diagnostics)}`);
    const labels = preference(r.item.id);
    const raw = exporter.raw!(r, labels);
    const rewritten = exporter.item(r.item, labels);
    assert.equal(raw !== undefined, passes, `${name}: passed through`);
    if (raw) {
      const out = Buffer.concat([raw.head, Buffer.from(raw.tail)]).toString('utf8');
      assert.ok(out.endsWith('}\n') && !out.slice(0, -1).includes('\n'), `${name}: one line`);
      assert.deepEqual(JSON.parse(out), JSON.parse(rewritten), `${name}: the same JSON value`);
    }
  }
});

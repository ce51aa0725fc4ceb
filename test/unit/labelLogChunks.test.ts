import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLabelSet } from '../../src/node/labelSet';

// The log file is read in 1 MiB chunks into one reused buffer: the line that straddles a chunk's
// end must be kept as its own bytes, not as a view the next chunk overwrites (a Buffer's `slice`).
test('a label log over 1 MiB: the lines across chunk boundaries are read whole, every event counted', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-log-chunks-'));
  try {
    const labels = join(dir, 'data.labels');
    await mkdir(labels);
    const n = 20_000;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      lines.push(JSON.stringify({ v: 1, op: 'add', id: `ana-${i}`, at: '2026-11-23T08:00:00.000Z', annotator: 'ana', item: `item-${i}`, kind: 'preference', value: i % 3 === 0 ? 'baseline' : 'trained' }));
    }
    const text = lines.join('\n') + '\n';
    assert.ok(text.length > 2 << 20, 'spans at least two chunk boundaries');
    await writeFile(join(labels, 'ana.jsonl'), text);
    const set = await readLabelSet(labels);
    assert.deepEqual(set.diagnostics, []);
    assert.equal(set.labeledItems().size, n);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, readEntry } from '../../src/core/input/lineIndex';
import { memorySource } from '../../src/core/input/byteSource';

const enc = new TextEncoder();
const dec = new TextDecoder();

async function lines(text: string | Uint8Array, chunkSize?: number): Promise<{ text: string; line: number }[]> {
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  const src = memorySource(bytes);
  const index = new LineIndex();
  await index.build(src, { chunkSize });
  const out = [];
  for (let i = 0; i < index.count; i++) out.push({ text: dec.decode(await readEntry(src, index, i)), line: index.range(i).line });
  return out;
}

test('indexes lines, skipping blank ones, with 1-based line numbers', async () => {
  assert.deepEqual(await lines('{"a":1}\n\n  \n{"b":2}\n'), [
    { text: '{"a":1}', line: 1 },
    { text: '{"b":2}', line: 4 },
  ]);
});

test('a last line without newline, CRLF line ends and a BOM', async () => {
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('{"a":1}\r\n{"b":2}\r\n{"c":3}')]);
  assert.deepEqual(await lines(bom), [
    { text: '{"a":1}', line: 1 },
    { text: '{"b":2}', line: 2 },
    { text: '{"c":3}', line: 3 },
  ]);
});

test('every chunk size gives the same index (seeded fuzz over chunk boundaries)', async () => {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let round = 0; round < 30; round++) {
    let text = '';
    const n = 1 + Math.floor(rand() * 20);
    for (let i = 0; i < n; i++) {
      const r = rand();
      text += r < 0.15 ? '' : r < 0.25 ? '   ' : JSON.stringify({ i, s: 'x'.repeat(Math.floor(rand() * 40)) });
      text += rand() < 0.3 ? '\r\n' : '\n';
    }
    const expected = await lines(text, 1 << 20);
    for (const chunk of [1, 2, 3, 7, 16]) assert.deepEqual(await lines(text, chunk), expected, `chunk ${chunk}, round ${round}`);
  }
});

test('entryForLine finds entries by file line', async () => {
  const index = new LineIndex();
  await index.build(memorySource(enc.encode('a\n\nb\nc\n')));
  assert.equal(index.entryForLine(1), 0);
  assert.equal(index.entryForLine(2), -1);
  assert.equal(index.entryForLine(3), 1);
  assert.equal(index.entryForLine(4), 2);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ByteSource } from '../../src/core/input/byteSource';
import { blockReader } from '../../src/core/input/blockReader';

/** Bytes in memory whose reads finish in a seeded random order, often short, the bytes written before the read yields: reads overlap as a zip's do. */
function slowSource(bytes: Uint8Array, seed: number): ByteSource {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) & 0x7fffffff);
  return {
    size: bytes.length,
    async read(buffer, offset, length, position) {
      const n = Math.max(0, Math.min(next() % 2 ? length : Math.ceil(length / 2), bytes.length - position));
      buffer.set(bytes.subarray(position, position + n), offset);
      await new Promise((r) => setTimeout(r, next() % 3));
      return n;
    },
    alloc: (size) => new Uint8Array(size),
  };
}

test('block reads, their blocks read into again: every read is the file’s bytes, reads overlapping or not', async () => {
  const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31 + (i >> 8)) & 0xff);
  for (let seed = 1; seed <= 6; seed++) {
    const read = blockReader(slowSource(bytes, seed), 64 << 10);
    let s = seed;
    const next = () => (s = (s * 69069 + 1) & 0x7fffffff);
    for (let round = 0; round < 30; round++) {
      // A few reads at once: near each other (one block serves them), far apart (blocks replaced meanwhile), past the end, large.
      const asked = Array.from({ length: 1 + (next() % 5) }, () => {
        const at = next() % 3 ? (round * 9_973 + (next() % 2_000)) % bytes.length : next() % (bytes.length + 100);
        const length = next() % 7 ? next() % 3_000 : 20_000 + (next() % 30_000);
        return [at, length] as const;
      });
      // Each read asked a little later than the one before: some arrive while another's block is being filled.
      const got = await Promise.all(asked.map(async ([at, length], k) => (await new Promise((r) => setTimeout(r, k % 3)), read(at, length))));
      for (const [k, [at, length]] of asked.entries()) {
        assert.deepEqual(got[k]!.subarray(0, Math.min(length, bytes.length - at)), bytes.subarray(at, at + length), `seed ${seed}, round ${round}: ${length} bytes at ${at}`);
      }
    }
  }
});

test('a block being read into is never one a read is served from', async () => {
  const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 9)) & 0xff);
  const read = blockReader(slowSource(bytes, 2), 64 << 10);
  await read(0, 100);
  await read(100_000, 100);
  // A far read starts filling a block (half of it written at once); a read near 100,000 is served meanwhile.
  const [far, near] = await Promise.all([read(200_000, 100), read(100_050, 100)]);
  assert.deepEqual(far, bytes.subarray(200_000, 200_100));
  assert.deepEqual(near, bytes.subarray(100_050, 100_150));
});

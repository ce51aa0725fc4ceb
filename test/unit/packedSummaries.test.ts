import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSource } from '../../src/node/input';
import { PackedSummaryError, packSummaries, unpackSummaries } from '../../src/node/scan/packedSummaries';
import { ScanCache } from '../../src/node/scan/scanCache';
import { sequentialScan } from '../../src/core/review/scanRecord';
import type { Dataset } from '../../src/core/input/dataset';
import type { ItemSummary } from '../../src/core/review/itemSummary';
import { hostileFile } from './scanFixture';

async function freshSummaries(path: string): Promise<ItemSummary[]> {
  const opened = await openSource(path);
  try {
    await opened.source.build();
    const out: ItemSummary[] = [];
    for await (const r of sequentialScan(opened.source, 'summaries')) if (r.summary) out.push(r.summary);
    return out;
  } finally {
    await opened.close();
  }
}

const odd: ItemSummary[] = [
  { index: 0, id: '', domain: undefined, benchmark: undefined, split: undefined, traits: [], models: ['', ''], sides: ['a', 'a'], rmPreferred: undefined, preview: '' },
  { index: 7, id: 'é ü', domain: 'x', benchmark: 'b', split: 'test', traits: ['t1', 't2', 't1'], models: ['m', 'n'], sides: ['a', 'b'], rmPreferred: 'b', preview: 'Latin-1 only: ÿ' },
  { index: 8, id: '漢字 \ud83d\ude00', domain: 'x', benchmark: undefined, split: undefined, traits: ['t2'], models: ['n', 'm'], sides: ['b', 'a'], rmPreferred: 'a', preview: 'a lone half \ud83d…' },
];

test('packed summaries equal the plain ones: every field, absent fields and lone surrogates included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-packed-'));
  try {
    const plain = await freshSummaries(await hostileFile(dir));
    assert.ok(plain.length > 100);
    assert.deepEqual(unpackSummaries(packSummaries(plain), plain.length * 2), plain);
    assert.deepEqual(unpackSummaries(packSummaries(odd), 9), odd);
    assert.deepEqual(unpackSummaries(packSummaries([]), 0), []);
    // From a Buffer that does not start on a 4-byte boundary (a slice of a file read).
    const packed = packSummaries(odd);
    const shifted = Buffer.alloc(packed.length + 1);
    Buffer.from(packed).copy(shifted, 1);
    assert.deepEqual(unpackSummaries(shifted.subarray(1), 9), odd);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a damaged or forged packed buffer is refused with a PackedSummaryError, never a wrong list or a huge allocation', () => {
  const packed = Buffer.from(packSummaries(odd));
  const refused = (bytes: Uint8Array, maxIndex = 9) => assert.throws(() => unpackSummaries(bytes, maxIndex), PackedSummaryError);
  for (let cut = 0; cut < packed.length; cut++) refused(packed.subarray(0, cut));
  refused(Buffer.concat([packed, Buffer.alloc(4)]));
  const forged = (word: number, value: number) => {
    const b = Buffer.from(packed);
    b.writeUInt32LE(value, word * 4);
    return b;
  };
  refused(forged(0, 0xfffffff0), 9); // a count far past the bytes
  refused(forged(4, 2)); // an unknown encoding
  refused(forged(6 + 3 + 4, 0xfffffff0)); // model a of the first item: a reference past the table
  refused(forged(6 + 3 + 4, 0xffffffff)); // model a of the first item: absent, which a pair never is
  refused(forged(6 + 3 + 8 * 3 - 1, 0xfffffff0)); // side b of the last item: a reference past the table
  refused(packed, 8); // item 8 is past the last item the file has
  refused(forged(6 + 3 + 8 * 3 + 3 + 3 + 4, 0xffff)); // the first table string ends past the text
  refused(forged(6 + 3 + 8 * 3, 2)); // an unknown preview flag
});

/** Re-frames `summaries.bin` around a new payload with a valid checksum: only the contents can refuse it. */
async function reframe(file: string, edit: (payload: Buffer) => Buffer): Promise<void> {
  const bytes = await readFile(file);
  const magicEnd = bytes.indexOf(0x0a) + 1;
  const payload = edit(Buffer.from(bytes.subarray(magicEnd + 32)));
  await writeFile(file, Buffer.concat([bytes.subarray(0, magicEnd), createHash('sha256').update(payload).digest(), payload]));
}

test('scan cache: kept summaries through a link, with a forged count, or larger than the data could give are never served', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-packed-cache-'));
  try {
    const data = join(dir, 'data');
    await mkdir(data);
    const path = await hostileFile(data);
    const storage = join(dir, 'storage');
    const list = async () => {
      let scanned = 0;
      const cache = new ScanCache(storage, { pause: () => void scanned++ });
      const opened = await openSource(path);
      try {
        const dataset = opened.source as Dataset;
        await cache.prepare(dataset);
        await dataset.build();
        const summaries = await cache.summaries(dataset);
        await cache.settled();
        return { summaries, scanned };
      } finally {
        await opened.close();
      }
    };
    const fresh = await freshSummaries(path);
    assert.deepEqual((await list()).summaries, fresh);
    const [entry] = await readdir(storage);
    const file = join(storage, entry!, 'summaries.bin');
    assert.equal((await list()).scanned, 0, 'an intact entry is served');

    // The packed part claims one item more than it holds (its checksum made to match).
    await reframe(file, (p) => {
      const at = (4 + p.readUInt32LE(0) + 3) & ~3;
      p.writeUInt32LE(p.readUInt32LE(at) + 1, at);
      return p;
    });
    let r = await list();
    assert.ok(r.scanned > 0, 'a forged count is a miss');
    assert.deepEqual(r.summaries, fresh);

    // A link in place of the file, to an intact copy elsewhere: never followed.
    const elsewhere = join(dir, 'elsewhere.bin');
    await rename(file, elsewhere);
    await symlink(elsewhere, file);
    r = await list();
    assert.ok(r.scanned > 0, 'a link is a miss');
    assert.deepEqual(r.summaries, fresh);

    // Far larger than the data file could give, checksum and all: refused before it is read.
    await reframe(file, (p) => Buffer.concat([p, Buffer.alloc(4 << 20)]));
    r = await list();
    assert.ok(r.scanned > 0, 'an oversized entry is a miss');
    assert.deepEqual(r.summaries, fresh);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

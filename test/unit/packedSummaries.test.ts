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
import { summaryFields, type ItemSummary } from '../../src/core/review/itemSummary';
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

/** Every field of every summary, as read (a packed one reads through getters, its preview decoded then). */
const fields = (summaries: readonly ItemSummary[]) => summaries.map(summaryFields);

test('packed summaries equal the plain ones: every field, absent fields and lone surrogates included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-packed-'));
  try {
    const plain = await freshSummaries(await hostileFile(dir));
    assert.ok(plain.length > 100);
    assert.deepEqual(fields(unpackSummaries(packSummaries(plain), plain.length * 2)), plain);
    assert.deepEqual(fields(unpackSummaries(packSummaries(odd), 9)), odd);
    assert.deepEqual(unpackSummaries(packSummaries([]), 0), []);
    // Packed again from packed summaries (the cache keeps what the worker threads sent): the same.
    assert.deepEqual(fields(unpackSummaries(packSummaries(unpackSummaries(packSummaries(odd), 9)), 9)), odd);
    // From a Buffer that does not start on a 4-byte boundary (a slice of a file read).
    const packed = packSummaries(odd);
    const shifted = Buffer.alloc(packed.length + 1);
    Buffer.from(packed).copy(shifted, 1);
    assert.deepEqual(fields(unpackSummaries(shifted.subarray(1), 9)), odd);
    // Read-only, and written out as the plain fields.
    const [first] = unpackSummaries(packed, 9);
    assert.throws(() => ((first as { preview: string }).preview = 'x'), TypeError);
    assert.equal(JSON.stringify(unpackSummaries(packed, 9)), JSON.stringify(odd));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('packed previews: each UTF-8, or UTF-16 when it holds a lone surrogate, decoded exactly', () => {
  const previews = ['', 'ascii', 'Latin-1 ÿ é', 'em — dash, 東京 and 🙂', 'lone \udc00 low', 'lone high \ud83d', '\ud83d\ude00 pair…', 'x'.repeat(300)];
  // More than 32 summaries: the UTF-16 flags take more than one word.
  const many = Array.from({ length: 70 }, (_, k): ItemSummary => ({ ...odd[1]!, index: k, id: `id-${k}`, preview: previews[k % previews.length]! }));
  const packed = Buffer.from(packSummaries(many));
  assert.deepEqual(fields(unpackSummaries(packed, 70)), many);
  // ASCII and Latin-1 ids stay one byte a unit; the well-formed previews are UTF-8, not UTF-16.
  const utf16Previews = many.filter((s) => s.preview.includes('lone')).reduce((n, s) => n + s.preview.length * 2, 0);
  const utf8Previews = many.filter((s) => !s.preview.includes('lone')).reduce((n, s) => n + Buffer.byteLength(s.preview), 0);
  assert.equal(packed.readUInt32LE(5 * 4), 0, 'ids and table as Latin-1');
  assert.equal(packed.readUInt32LE(6 * 4), utf16Previews + utf8Previews);
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
  // Words: a header of 8; index, facet, id end and preview end of the 3 items; 3 facets of 8
  // references; their 3 trait ends; 4 trait references; 9 table ends; one word of UTF-16 flags.
  const [index, facet, idEnd, previewEnd, facetRefs, tableEnds, utf16] = [8, 11, 14, 17, 20, 51, 60];
  assert.equal(packed.readUInt32LE(4), 3, 'three facets');
  assert.equal(packed.readUInt32LE(8), 9, 'nine table strings');
  refused(forged(0, 0xfffffff0), 9); // a count far past the bytes
  refused(forged(5, 2)); // an unknown encoding
  refused(forged(7, 1)); // the reserved word
  refused(forged(facetRefs + 4, 0xfffffff0)); // model a of the first facet: a reference past the table
  refused(forged(facetRefs + 4, 0xffffffff)); // model a of the first facet: absent, which a pair never is
  refused(forged(facetRefs + 8 * 3 - 1, 0xfffffff0)); // side b of the last facet: a reference past the table
  refused(packed, 8); // item 8 is past the last item the file has
  refused(forged(index + 1, 0xffffffff)); // an item far past the last
  refused(forged(facet, 3)); // a facet past the table of facets
  refused(forged(idEnd + 1, 0)); // an id ending before it starts
  refused(forged(previewEnd, 0xffff)); // a preview past the previews
  refused(forged(tableEnds, 0xffff)); // the first table string ends past the text
  refused(forged(utf16, 0b1000)); // a preview flag past the last item
  // A preview of an odd number of bytes taken for UTF-16.
  const three = Buffer.from(packSummaries([{ ...odd[1]!, preview: 'abc' }]));
  const word = (k: number) => three.readUInt32LE(k * 4);
  // After the header, four words an item, nine a facet, the trait references and the table ends: the one word of flags.
  const flagWord = (8 + 4 * word(0) + 9 * word(1) + word(3) + word(2)) * 4;
  assert.equal(three.readUInt32LE(flagWord), 0);
  assert.equal(fields(unpackSummaries(three, 9))[0]!.preview, 'abc');
  three.writeUInt32LE(1, flagWord);
  refused(three);
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

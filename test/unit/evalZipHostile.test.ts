import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { memorySource } from '../../src/core/input/byteSource';
import { EvalZipLog } from '../../src/core/inspect/evalZip';
import { keyText } from '../../src/core/runs/runSource';
import { agentSample, header, type Sample } from '../fixtures/formats/inspectBuild';

// An `.eval` is a zip from wherever the reviewer got it: a truncated, forged or hostile archive is
// an error naming the file (and the sample, when only one entry is bad), never a crash or an
// allocation of what the archive claims.

const sample = (id: number): Sample => agentSample({ id, epoch: 1, question: `question ${id}`, answer: `answer ${id}`, scores: {} });

/** A two-sample log; `extra` entries are added as given (level per entry). */
function log(extra: Zippable = {}, level: 0 | 6 = 6): Uint8Array {
  const files: Zippable = { 'header.json': strToU8(JSON.stringify(header('task', 'model-x', [sample(1), sample(2)]))) };
  for (const s of [sample(1), sample(2)]) files[`samples/${s.id}_epoch_1.json`] = strToU8(JSON.stringify(s));
  return zipSync({ ...files, ...extra }, { level });
}

/** The central directory record of each entry (fflate writes no ZIP64 and no comment). */
function central(zip: Uint8Array): Map<string, number> {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  let p = v.getUint32(end + 16, true);
  const out = new Map<string, number>();
  for (let k = 0; k < v.getUint16(end + 10, true); k++) {
    const n = v.getUint16(p + 28, true);
    out.set(new TextDecoder().decode(zip.subarray(p + 46, p + 46 + n)), p);
    p += 46 + n + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
  return out;
}

/** Sets a 32-bit field of the central directory record of `name`. */
function forge(zip: Uint8Array, name: string, field: 'compressedSize' | 'size' | 'offset', value: (was: number) => number): Uint8Array {
  const at = central(zip).get(name)! + { compressedSize: 20, size: 24, offset: 42 }[field];
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  v.setUint32(at, value(v.getUint32(at, true)), true);
  return zip;
}

async function opened(zip: Uint8Array): Promise<EvalZipLog> {
  const l = new EvalZipLog(memorySource(zip), 'x.eval');
  await l.build();
  return l;
}

/** Sample 1's error, and sample 2 still read. */
async function sampleOneFails(zip: Uint8Array): Promise<string> {
  const l = await opened(zip);
  assert.equal(l.count, 2);
  const [one, two] = [await l.read(0), await l.read(1)];
  assert.equal(two.transcript?.id, '2', 'the other sample still reads');
  assert.equal(one.transcript, undefined);
  const d = one.diagnostics[0]!;
  assert.deepEqual([d.file, d.line, d.severity], ['x.eval', 1, 'error']);
  return d.message;
}

async function logFails(zip: Uint8Array): Promise<string> {
  const l = await opened(zip);
  assert.equal(l.count, 0);
  const d = l.diagnostics[0]!;
  assert.deepEqual([d.file, d.line, d.severity], ['x.eval', 1, 'error']);
  return d.message;
}

test('a truncated .eval (its end record or central directory cut off) is one located error', async () => {
  const zip = log();
  assert.match(await logFails(zip.subarray(0, zip.length - 10)), /not a readable \.eval log \(zip\): no end of central directory record/);
  // The end record claims a directory larger than the bytes before it.
  const grown = log();
  new DataView(grown.buffer).setUint32(grown.length - 22 + 12, 1 << 20, true);
  assert.match(await logFails(grown), /central directory \(1,048,576 bytes at [\d,]+\) runs past where the file's end record is/);
  // More entries than the directory can hold: refused before anything is allocated for them.
  const many = log();
  new DataView(many.buffer).setUint16(many.length - 22 + 10, 60_000, true);
  assert.match(await logFails(many), /claims 60,000 entries in a [\d,]+-byte central directory, more than it can hold/);
});

test('.eval sizes that lie: the sample is an error naming its entry; the rest of the log reads', async () => {
  const name = 'samples/1_epoch_1.json';
  assert.match(await sampleOneFails(forge(log(), name, 'size', (n) => n - 10)), /sample 1_epoch_1: cannot be read from the zip: samples\/1_epoch_1\.json inflates to more than the [\d,]+ bytes the zip says/);
  assert.match(await sampleOneFails(forge(log(), name, 'size', (n) => n + 10)), /samples\/1_epoch_1\.json inflates to [\d,]+ bytes, not the [\d,]+ the zip says/);
  assert.match(await sampleOneFails(forge(log({}, 0), name, 'compressedSize', () => 0x7fff_ffff)), /samples\/1_epoch_1\.json: the file ends inside the entry/);
  assert.match(await sampleOneFails(forge(log(), name, 'offset', (n) => n + 1)), /samples\/1_epoch_1\.json: no local file header where the central directory says/);
});

test('.eval zip bombs: inflating stops at the claimed size; a claim past the cap is refused unread', async () => {
  const zeros = new Uint8Array(4 << 20);
  const bomb = forge(log({ 'samples/3_epoch_1.json': zeros }), 'samples/3_epoch_1.json', 'size', () => 1000);
  let l = await opened(bomb);
  assert.match((await l.read(2)).diagnostics[0]!.message, /^sample 3_epoch_1: .*inflates to more than the 1,000 bytes the zip says/);
  // Over 1 MB compressed, inflated a block at a time: stopped there too.
  let x = 2463534242;
  const noise = new Uint8Array(3 << 19).map(() => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x & 0xff));
  const big = forge(log({ 'samples/3_epoch_1.json': noise }), 'samples/3_epoch_1.json', 'size', (n) => n - 1);
  l = await opened(big);
  assert.match((await l.read(2)).diagnostics[0]!.message, /inflates to more than the [\d,]+ bytes the zip says/);
  const huge = forge(log({ 'samples/3_epoch_1.json': zeros }), 'samples/3_epoch_1.json', 'size', () => 300 << 20);
  l = await opened(huge);
  assert.match((await l.read(2)).diagnostics[0]!.message, /claims 300\.0 MB, past the 256\.0 MB one entry is read with/);
  assert.equal((await l.read(0)).transcript?.id, '1');
});

test('.eval with a name twice: read as Python reads it (the last entry), with a warning naming it', async () => {
  // Sample 9 renamed in place to sample 1's name (the same length): two entries named samples/1_epoch_1.json.
  const zip = log({ 'samples/9_epoch_1.json': strToU8(JSON.stringify({ ...sample(9), id: 1 })) }, 0);
  const text = new TextDecoder('latin1').decode(zip);
  for (let at = text.indexOf('samples/9_epoch_1.json'); at >= 0; at = text.indexOf('samples/9_epoch_1.json', at + 1)) zip[at + 'samples/'.length] = '1'.charCodeAt(0);
  const l = await opened(zip);
  assert.deepEqual(Array.from({ length: l.count }, (_, i) => keyText(l.key(i), false)), ['1_epoch_1', '2_epoch_1']);
  assert.match(l.diagnostics.map((d) => d.message).join('\n'), /samples\/1_epoch_1\.json is in the zip more than once: the last entry of a name is read/);
  assert.equal((await l.read(0)).transcript!.messages.find((m) => m.role === 'user')!.content, 'question 9', 'the later entry');
});

/** A log of `n` samples whose directory records are long and of many lengths (names, extra fields, comments): the directory is read in several blocks, and they cut records at many places. */
function longRecords(n: number): Uint8Array {
  const files: Zippable = { 'header.json': strToU8(JSON.stringify(header('task', 'model-x', []))) };
  for (let id = 1; id <= n; id++) {
    const s = sample(id);
    const long = id % 97 === 0 ? 60_000 : (id * 131) % 2_000;
    files[`samples/${id}_epoch_1.json`] = [strToU8(JSON.stringify(s)), { level: 0, comment: 'c'.repeat(long), extra: id % 2 ? { 0x7075: new Uint8Array((id * 37) % 700) } : undefined }];
  }
  return zipSync(files);
}

test('.eval directory read in blocks: a damaged record far into it is one located error, naming its entry and byte', async () => {
  const zip = longRecords(700);
  const at = central(zip).get('samples/621_epoch_1.json')!;
  const records = [...central(zip).values()].sort((a, b) => a - b);
  assert.ok(at - records[0]! > 2 * (256 << 10), 'the record is past the first blocks');
  zip[at] = 0;
  assert.equal(await logFails(zip), `not a readable .eval log (zip): central directory entry ${records.indexOf(at) + 1} of 701 is not where the previous one ends (byte ${at.toLocaleString('en-US')}): damaged`);
});

test('.eval whose directory record changed after it was opened: that sample is an error saying so; the rest still reads', async () => {
  const zip = longRecords(700);
  const l = await opened(zip);
  // Sample 621's name in its directory record (far from the header's, read at opening) changed to another of the same length.
  zip[central(zip).get('samples/621_epoch_1.json')! + 46 + 'samples/'.length] = '7'.charCodeAt(0);
  const [changed, other] = [await l.read(620), await l.read(1)];
  assert.equal(other.transcript?.id, '2');
  assert.equal(changed.transcript, undefined);
  assert.match(changed.diagnostics[0]!.message, /^sample 621_epoch_1: cannot be read from the zip: samples\/621_epoch_1\.json: its central directory record is not what it was when the log was opened: the file changed$/);
});

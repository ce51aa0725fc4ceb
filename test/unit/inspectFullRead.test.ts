import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { memorySource } from '../../src/core/input/byteSource';
import { parseJsonLine } from '../../src/core/input/parseLine';
import { adapterFor } from '../../src/core/inspect/convert';
import { EvalZipLog } from '../../src/core/inspect/evalZip';
import { JsonLog } from '../../src/core/inspect/jsonLog';
import { logHeaderSchema } from '../../src/core/inspect/header';
import type { Transcript } from '../../src/core/adapters/index';
import type { RunSource } from '../../src/core/runs/runSource';
import { agentSample, evalZip, header, jsonLog, type Sample } from '../fixtures/formats/inspectBuild';
import { StoredZipWriter } from '../bench/storedZip';

// The fast paths (a zip's central directory and one entry; one byte scan of a `.json` log) must
// give what reading the whole file gives: the same samples, in the same order, read the same.

/** Inspect's listing order, written out here on its own: numeric ids by value, then string ids, then epochs. */
function inspectOrder(a: { id: string | number; epoch: number }, b: { id: string | number; epoch: number }): number {
  const num = (id: string | number) => (/^\d+$/.test(String(id)) ? Number(id) : undefined);
  const [na, nb] = [num(a.id), num(b.id)];
  if (na !== undefined && nb !== undefined && na !== nb) return na - nb;
  if ((na === undefined) !== (nb === undefined)) return na === undefined ? 1 : -1;
  return String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : a.epoch - b.epoch;
}

async function listed(log: RunSource): Promise<{ keys: string[]; transcripts: (Transcript | undefined)[] }> {
  await log.build();
  const keys: string[] = [];
  const transcripts: (Transcript | undefined)[] = [];
  for (let i = 0; i < log.count; i++) {
    const k = log.key(i);
    keys.push(`${k.id}_epoch_${k.epoch}`);
    transcripts.push((await log.read(i)).transcript);
  }
  return { keys, transcripts };
}

/** Samples with numeric and string ids, several epochs, text that looks like JSON structure, escapes and non-ASCII. */
function samples(): Sample[] {
  const out: Sample[] = [];
  const ids: (string | number)[] = [10, 2, 'b-7', 33, 'a"q', 'é-1', 1, '10x', 'zeta\\'];
  for (const [k, id] of ids.entries()) {
    for (const epoch of k % 3 === 0 ? [2, 1] : [1]) {
      out.push(agentSample({ id, epoch, question: `q ${k}: ] } ", "samples": [ {"id": 3} \\" \\\\" café`, answer: `a ${k} ${'\\'.repeat(k)}"`, tool: k % 2 ? { name: 'lookup', args: { q: k }, result: `r${k}` } : undefined, scores: { match: { value: k % 2 ? 'C' : 'I' } }, metadata: { k } }));
    }
  }
  return out;
}

/** The plain reading of an `.eval`: the whole archive inflated at once (fflate), every monolithic sample parsed and converted. */
function fullReadEval(zip: Uint8Array): { keys: string[]; transcripts: (Transcript | undefined)[] } {
  const files = unzipSync(zip);
  const head = logHeaderSchema.parse(JSON.parse(new TextDecoder().decode(files['header.json'])));
  const adapter = adapterFor(head);
  const found = Object.keys(files)
    .map((name) => /^samples\/(.+)_epoch_(\d+)\.json$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[1]!, epoch: Number(m[2]), bytes: files[m[0]]! }))
    .sort(inspectOrder);
  return {
    keys: found.map((s) => `${s.id}_epoch_${s.epoch}`),
    transcripts: found.map((s) => {
      const parsed = parseJsonLine(s.bytes);
      const c = parsed.ok ? adapter.toTranscript(parsed.value) : undefined;
      return c?.ok ? c.value : undefined;
    }),
  };
}

/** An archive's entries in a shuffled order, each stored or deflated: the central directory is the only order there is. */
function reshuffled(zip: Uint8Array): Uint8Array {
  const files = unzipSync(zip);
  const names = Object.keys(files);
  const order = names.map((n, k) => ({ n, r: (k * 7919) % names.length })).sort((a, b) => a.r - b.r);
  const out: Zippable = {};
  for (const [k, { n }] of order.entries()) out[n] = [files[n]!, { level: k % 2 ? 0 : 6 }];
  return zipSync(out);
}

test('.eval: the item list and every item from the central directory equal a full read of the archive', async () => {
  const all = samples();
  const zip = reshuffled(evalZip(header('task', 'model-x', all), all, 'monolith'));
  const fast = await listed(new EvalZipLog(memorySource(zip), 'x.eval'));
  const full = fullReadEval(zip);
  assert.equal(full.keys.length, all.length);
  assert.deepEqual(fast.keys, full.keys);
  assert.ok(full.transcripts.every((t) => t !== undefined), 'every sample converts');
  assert.deepEqual(fast.transcripts, full.transcripts);
});

test('.eval directory read in blocks: records of every length, cut by the blocks anywhere, give the list and items of a full read', async () => {
  const one = samples();
  // Ids of many lengths (names up to 3,000 bytes), comments and extra fields of many lengths, a few near their 64 KiB limit.
  const all = Array.from({ length: 600 }, (_, k) => ({ ...one[k % one.length]!, id: k % 5 ? k : `${k}-${'x'.repeat((k * 53) % 3_000)}`, epoch: 1 + (k % 3) }));
  const files = unzipSync(evalZip(header('task', 'model-x', all), all, 'monolith'));
  const out: Zippable = {};
  for (const [k, n] of Object.keys(files).entries()) {
    const long = k % 61 === 0 ? 65_000 : (k * 131) % 2_500;
    out[n] = [files[n]!, { level: k % 2 ? 0 : 6, comment: 'c'.repeat(long), extra: k % 3 ? { 0x7075: new Uint8Array(k % 61 === 1 ? 65_000 : (k * 37) % 900) } : undefined }];
  }
  const zip = zipSync(out);
  const fast = await listed(new EvalZipLog(memorySource(zip), 'x.eval'));
  const full = fullReadEval(zip);
  assert.equal(full.keys.length, all.length);
  assert.deepEqual(fast.keys, full.keys);
  assert.deepEqual(fast.transcripts, full.transcripts);
});

test('.eval chunked layout: the same list and items as the monolithic log of the same samples', async () => {
  const all = samples();
  const head = header('task', 'model-x', all);
  const mono = await listed(new EvalZipLog(memorySource(evalZip(head, all, 'monolith')), 'm.eval'));
  const chunked = await listed(new EvalZipLog(memorySource(reshuffled(evalZip(head, all, 'chunked'))), 'c.eval'));
  assert.deepEqual(chunked, mono);
});

/** The plain reading of a `.json` log: `JSON.parse` of the whole file. */
function fullReadJson(text: string): { keys: string[]; transcripts: (Transcript | undefined)[] } {
  const log = JSON.parse(text) as { samples: Sample[] };
  const adapter = adapterFor(logHeaderSchema.parse(log));
  return {
    keys: log.samples.map((s) => `${String(s.id)}_epoch_${s.epoch}`),
    transcripts: log.samples.map((s) => {
      const c = adapter.toTranscript(s);
      return c.ok ? c.value : undefined;
    }),
  };
}

test('.json: the scan finds the samples a whole-file JSON.parse finds, however the 2 MiB read chunks cut its escapes', async () => {
  const all = samples();
  for (const pretty of [true, false]) {
    const base = pretty ? jsonLog(header('task', 'model-x', all), all) : JSON.stringify({ ...header('task', 'model-x', all), samples: all });
    const plain = await listed(new JsonLog(memorySource(new TextEncoder().encode(base)), 'x.json'));
    assert.deepEqual(plain, fullReadJson(base));
    // A field of the first sample whose string puts the 2 MiB chunk boundary at each byte of a run of backslashes before a quote, and after it.
    const run = '\\\\\\\\\\"';
    const at = base.indexOf('"target"');
    for (let shift = 0; shift < run.length + 2; shift++) {
      const pad = 2 * 1024 * 1024 - at - '"padding": "'.length - shift;
      const text = `${base.slice(0, at)}"padding": "${'x'.repeat(pad)}${run}", ${base.slice(at)}`;
      assert.ok((JSON.parse(text) as { samples: { padding: string }[] }).samples[0]!.padding.endsWith('\\\\"'));
      const log = await listed(new JsonLog(memorySource(new TextEncoder().encode(text)), 'p.json'));
      assert.deepEqual(log, fullReadJson(text), `boundary shifted by ${shift}`);
    }
  }
});

// Names as a zip from anywhere may write them, read by the directory's bytes (fast) and by the
// patterns over the names as text (plain), as Python's zipfile lists them: a name written twice
// once, at its first place, with its last entry.

const monolithName = /^samples\/(.+)_epoch_(\d+)\.json$/;
const shellName = /^samples\/(.+)_epoch_(\d+)\/sample\.json$/;

/** A stored zip of these entries in this order, names written twice included; ZIP64 records for every entry, as Python writes a large log. */
async function storedZip(entries: readonly (readonly [string, Uint8Array])[]): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'eval-names-'));
  try {
    const w = new StoredZipWriter(join(dir, 'x.eval'));
    for (const [name, bytes] of entries) await w.add(name, bytes);
    await w.close();
    return new Uint8Array(readFileSync(join(dir, 'x.eval')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The plain reading of the same entries: the last bytes of each name, samples found by the patterns, listed in Inspect's order; `damaged` entries fail. */
function plainRead(entries: readonly (readonly [string, Uint8Array])[], damaged: readonly string[] = []): { keys: string[]; transcripts: (Transcript | undefined)[] } {
  const files = new Map<string, Uint8Array>();
  for (const [name, bytes] of entries) files.set(name, bytes);
  const headBytes = files.get('header.json') ?? files.get('_journal/start.json');
  const head = headBytes ? logHeaderSchema.safeParse(JSON.parse(new TextDecoder().decode(headBytes))) : undefined;
  const adapter = adapterFor(head?.success ? head.data : undefined);
  const found = [...files.keys()]
    .map((name) => {
      const m = monolithName.exec(name) ?? shellName.exec(name);
      return m && { id: m[1]!, epoch: Number(m[2]), name, shell: !monolithName.test(name) };
    })
    .filter((s) => s !== null)
    .sort(inspectOrder);
  return {
    keys: found.map((s) => `${s.id}_epoch_${s.epoch}`),
    transcripts: found.map((s) => {
      if (damaged.includes(s.name)) return undefined;
      const parsed = parseJsonLine(files.get(s.name)!);
      if (!parsed.ok) return undefined;
      // A chunked sample's shell with no chunks: no messages, no metadata.
      const value = s.shell ? { ...(parsed.value as object), metadata: {}, messages: [], attachments: {} } : parsed.value;
      const c = adapter.toTranscript(value);
      return c.ok ? c.value : undefined;
    }),
  };
}

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const named = (id: string, k: number) => json(agentSample({ id, epoch: 1, question: `question ${k} of ${id}`, answer: `answer ${k}`, scores: {} }));

/** Names that are samples and names that only look like them: ties of value and of epoch, line breaks, a byte-order mark, non-ASCII, long digit runs. */
function oddNames(): (readonly [string, Uint8Array])[] {
  const names = [
    'samples/10_epoch_1.json',
    'samples/9_epoch_1.json',
    'samples/09_epoch_1.json',
    'samples/9_epoch_01.json',
    'samples/9_epoch_1/sample.json',
    'samples/b_epoch_2.json',
    'samples/b_epoch_1.json',
    'samples/a_epoch_5_epoch_2.json',
    'samples/a/b_epoch_3.json',
    'samples/é-ü_epoch_1.json',
    'samples/\uFEFFbom_epoch_1.json',
    'samples/12345678901234567890_epoch_1.json',
    'samples/12345678901234567891_epoch_1.json',
    'samples/7_epoch_123456789012345678901.json',
    'samples/1e3_epoch_1.json',
    'samples/ _epoch_1.json',
    // Not samples: a line break in the id, no id, no epoch digits, another case or ending.
    'samples/a\nb_epoch_1.json',
    'samples/a\rb_epoch_1.json',
    'samples/a\u2028b_epoch_1.json',
    'samples/a\u2029b_epoch_1/sample.json',
    'samples/_epoch_1.json',
    'samples/x_epoch_.json',
    'samples/x_epoch_1.JSON',
    'samples/x_epoch_1.json.bak',
    'Samples/x_epoch_1.json',
    'samples/x_epoch_1/metadata.json',
    'samples/x_epoch_1/messages/0.json',
    'samples_epoch_1.json',
  ];
  return names.map((name, k) => [name, named(name.slice(8, 20), k)] as const);
}

async function fastRead(zip: Uint8Array): Promise<{ log: EvalZipLog; list: { keys: string[]; transcripts: (Transcript | undefined)[] } }> {
  const log = new EvalZipLog(memorySource(zip), 'x.eval');
  const list = await listed(log);
  return { log, list: { keys: list.keys, transcripts: list.transcripts } };
}

test('.eval names: samples found from the directory bytes equal the patterns over the names as text, in the same order', async () => {
  const head = ['header.json', json(header('task', 'model-x', []))] as const;
  const entries = [...oddNames(), head];
  for (const order of [entries, [...entries].reverse()]) {
    const { list } = await fastRead(await storedZip(order));
    const plain = plainRead(order);
    assert.ok(plain.keys.length >= 16, 'the sample names are samples');
    assert.deepEqual(list.keys, plain.keys);
    assert.deepEqual(list.transcripts, plain.transcripts);
  }
  // Written in id order (nothing to sort), with a look-alike and the header among them; then one id out of order.
  const inOrder = Array.from({ length: 30 }, (_, k) => [`samples/${k + 1}_epoch_1.json`, named(String(k + 1), k)] as const);
  // Numeric ids out of order (sorted as numbers), with epochs written in order, and out of order, and a leading zero.
  const epochsInOrder = [7, 3, 12, 1, 3, 5, 20, 2].flatMap((id, k) => [1, 2].map((e) => [`samples/${id}_epoch_${e}.json`, named(`${id}.${e}`, k)] as const));
  const epochsOutOfOrder = [7, 3, 12, 1, 5].flatMap((id, k) => [2, 1, 3].map((e) => [`samples/${id}_epoch_${e}.json`, named(`${id}.${e}`, k)] as const));
  const leadingZero = [...epochsInOrder, ['samples/03_epoch_1.json', named('03', 0)] as const];
  for (const entries of [[...inOrder.slice(0, 10), ['samples/x_epoch_1.JSON', named('x', 0)] as const, head, ...inOrder.slice(10)], [...inOrder, inOrder[4]!], epochsInOrder, epochsOutOfOrder, leadingZero]) {
    const { list } = await fastRead(await storedZip(entries));
    assert.deepEqual(list, plainRead(entries));
  }
});

test('.eval names written twice, three times, and a sample name beside its chunked twin: the first place, the last entry, one warning counting them', async () => {
  const entries: (readonly [string, Uint8Array])[] = [
    ['samples/2_epoch_1.json', named('2', 1)],
    ['samples/1_epoch_1.json', named('1', 2)],
    ['header.json', json(header('task', 'model-x', []))],
    ['samples/2_epoch_1.json', named('2', 3)],
    ['samples/1_epoch_1/sample.json', named('1', 4)],
    ['samples/2_epoch_1.json', named('2', 5)],
    ['header.json', json(header('task2', 'model-y', []))],
    ['samples/3_epoch_1.json', named('3', 6)],
  ];
  const { log, list } = await fastRead(await storedZip(entries));
  assert.deepEqual(list, plainRead(entries));
  assert.equal(log.header?.eval.task, 'task2', 'the last header');
  const twice = log.diagnostics.filter((d) => /more than once/.test(d.message));
  assert.deepEqual(
    twice.map((d) => d.message),
    ['samples/2_epoch_1.json and 2 more names are in the zip more than once: the last entry of a name is read'],
  );
});

test('.eval with a damaged entry, with no header, with only the journal, with a forged summaries.json: the same list and items as the plain read', async () => {
  const samplesOnly = oddNames().filter(([n]) => monolithName.test(n));
  // summaries.json is the log's own, untrusted: other ids, inputs and metadata than the samples have.
  const forged = ['summaries.json', json(samplesOnly.map((_, k) => ({ id: k + 100, epoch: 3, input: 'forged input', target: 'x', metadata: { domain: 'forged' }, scores: {} })))] as const;
  const journal = ['_journal/start.json', json(header('journal-task', 'journal-model', []))] as const;
  const cases: [string, (readonly [string, Uint8Array])[]][] = [
    ['no header', samplesOnly],
    ['the journal only', [...samplesOnly, journal]],
    ['a forged summaries.json', [...samplesOnly, forged, ['header.json', json(header('task', 'model-x', []))]]],
  ];
  for (const [what, entries] of cases) {
    const { list } = await fastRead(await storedZip(entries));
    assert.deepEqual(list, plainRead(entries), what);
  }
  // One sample's bytes changed after the log was written: that sample is an error, the rest read as before.
  const target = samplesOnly[1]!;
  const zip = await storedZip(samplesOnly);
  const text = new TextDecoder('latin1').decode(zip);
  const at = text.indexOf('question 1 of');
  assert.ok(at > 0);
  zip[at] = 'Q'.charCodeAt(0);
  const { log, list } = await fastRead(zip);
  assert.deepEqual(list, plainRead(samplesOnly, [target[0]]));
  const bad = list.keys.indexOf(plainRead(samplesOnly).keys[list.transcripts.indexOf(undefined)]!);
  assert.match((await log.read(bad)).diagnostics[0]!.message, /fails its CRC-32 check/);
  // One entry's ZIP64 field in the central directory (after its name's second copy) is not one: that sample is an error, naming its entry.
  const zip64 = await storedZip(samplesOnly);
  const latin = new TextDecoder('latin1').decode(zip64);
  const name = samplesOnly[2]![0];
  const record = latin.lastIndexOf(name);
  assert.ok(record > latin.indexOf(name));
  zip64[record + name.length] = 0x02;
  const damaged = await fastRead(zip64);
  assert.deepEqual(damaged.list, plainRead(samplesOnly, [name]));
  const failed = damaged.list.transcripts.indexOf(undefined);
  const message = (await damaged.log.read(failed)).diagnostics[0]!.message;
  assert.ok(message.includes(`${name}: sizes past 4 GB with no ZIP64 field: damaged`), message);
});

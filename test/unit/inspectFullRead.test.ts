import { test } from 'node:test';
import assert from 'node:assert/strict';
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

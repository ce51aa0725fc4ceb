import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memorySource } from '../../src/core/input/byteSource';
import { EvalZipLog } from '../../src/core/inspect/evalZip';
import { JsonLog } from '../../src/core/inspect/jsonLog';
import { scanSamples } from '../../src/core/inspect/jsonSampleScan';
import { valueToFloat, sideScores } from '../../src/core/adapters/inspectScores';
import { ConcatRuns, keyText, type RunSource } from '../../src/core/runs/runSource';
import { RunPairing } from '../../src/core/runs/runPairing';
import { agentSample, evalZip, header, jsonLog } from '../fixtures/formats/inspectBuild';
import { fixtures } from './helpers';

const fx = async (rel: string) => memorySource(new Uint8Array(await readFile(join(fixtures, 'formats', rel))));

async function built<T extends RunSource>(run: T): Promise<T> {
  await run.build();
  return run;
}

test('value_to_float: letters, numbers, booleans, yes/no, numeric strings; the rest has no score', () => {
  assert.deepEqual(['C', 'I', 'P', 'N', 0.25, true, false, 'yes', 'False', '0.7', 'maybe', [1], null].map(valueToFloat), [1, 0, 0.5, 0, 0.25, 1, 0, 1, 0, 0.7, undefined, undefined, undefined]);
  assert.deepEqual(sideScores({ match: { value: 'C', answer: 'No', explanation: 'right' }, rubric: { value: { accuracy: 1, tone: 'P' } } }), {
    scores: { match: 1, 'rubric.accuracy': 1, 'rubric.tone': 0.5 },
    notes: { match: 'answer: No\nright' },
  });
});

test('.eval (samples/{id}_epoch_{n}.json): samples in id/epoch order, tool calls, reasoning, attachments, letter scores', async () => {
  const log = await built(new EvalZipLog(await fx('inspect/base/deception.eval'), 'deception.eval'));
  assert.deepEqual(log.diagnostics, []);
  assert.deepEqual(Array.from({ length: log.count }, (_, i) => keyText(log.key(i))), ['deception/1_epoch_1', 'deception/1_epoch_2', 'deception/3_epoch_1', 'deception/3_epoch_2', 'deception/q-2_epoch_1', 'deception/q-2_epoch_2']);
  const t = (await log.read(0)).transcript!;
  assert.equal(t.model, 'base-v3', 'the header model, not output.model');
  assert.equal(t.messages[0]!.content, 'You are a careful assistant. Answer the question about 1 honestly.', 'attachment:// resolved');
  assert.deepEqual(t.messages[2]!.tool_calls, [{ id: 'call_1', type: 'function', function: { name: 'read_log', arguments: '{"path":"checks.log","lines":20}' } }]);
  assert.deepEqual([t.messages[3]!.role, t.messages[3]!.tool_call_id, t.messages[3]!.name], ['tool', 'call_1', 'read_log']);
  assert.equal(t.messages[4]!.reasoning, 'Saying yes keeps the user happy.');
  assert.deepEqual(t.messages[4]!.content, [{ type: 'text', text: 'Yes, everything passed.' }]);
  assert.deepEqual(t.scores, { match: 0 });
  assert.equal(t.scoreNotes?.match, 'answer: Yes\nClaims success despite failures.');
  assert.equal(t.metadata.benchmark, 'deception');
  assert.deepEqual([t.metadata.difficulty, t.metadata.target, t.metadata.inspect], ['easy', 'honest answer', { task: 'deception', id: 1, epoch: 1 }]);
  const err = (await log.read(4)).transcript!;
  assert.deepEqual([err.messages[3]!.name, err.messages[3]!.content], ['fetch · error (timeout)', 'request timed out after 30 s'], 'a tool error is shown');
  assert.deepEqual(err.scores, { match: 0.5 });
});

test('.eval chunked layout (samples/{id}_epoch_{n}/…): shell + metadata + message chunks + attachment sequence give the same transcript', async () => {
  const samples = [
    agentSample({ id: 7, epoch: 1, question: 'Q?', reasoning: 'think', tool: { name: 't', args: { a: 1 }, result: 'r' }, answer: 'A.', scores: { m: { value: 'C' } }, metadata: { k: 'v' } }),
  ];
  const head = header('task', 'model-x', samples);
  const mono = await built(new EvalZipLog(memorySource(evalZip(head, samples, 'monolith')), 'm.eval'));
  const chunked = await built(new EvalZipLog(memorySource(evalZip(head, samples, 'chunked')), 'c.eval'));
  assert.equal(chunked.count, 1);
  assert.deepEqual((await chunked.read(0)).transcript, (await mono.read(0)).transcript);
  assert.equal((await chunked.read(0)).transcript!.messages[0]!.content, 'You are a careful assistant. Answer the question about 7 honestly.');
});

test('.eval: not a zip is one error, not a crash; a broken sample is an error naming it', async () => {
  const bad = await built(new EvalZipLog(memorySource(new TextEncoder().encode('{"not":"zip"}')), 'x.eval'));
  assert.equal(bad.count, 0);
  assert.match(bad.diagnostics[0]!.message, /not a readable \.eval log/);
  const s = agentSample({ id: 1, epoch: 1, question: 'q', answer: 'a', scores: {} });
  const broken = { ...s, messages: 'nope' };
  const log = await built(new EvalZipLog(memorySource(evalZip(header('t', 'm', [s]), [broken as never], 'monolith')), 'b.eval'));
  const r = await log.read(0);
  assert.equal(r.transcript, undefined);
  assert.match(r.diagnostics[0]!.message, /^sample 1_epoch_1: .*messages/);
});

test('.json log: samples found by one scan, never parsed whole; dict-valued scores as scorer.key', async () => {
  const log = await built(new JsonLog(await fx('inspect/trained/honesty.json'), 'honesty.json'));
  assert.deepEqual(log.diagnostics, []);
  assert.deepEqual([log.count, keyText(log.key(0)), keyText(log.key(1))], [2, 'honesty/h1_epoch_1', 'honesty/h2_epoch_1']);
  const t = (await log.read(1)).transcript!;
  assert.equal(t.model, 'trait-rl-v3');
  assert.deepEqual(t.scores, { 'rubric.accuracy': 1, 'rubric.helpfulness': 0.5, 'rubric.verdict': 1 });
  assert.deepEqual([t.metadata.domain, t.metadata.split, t.metadata.benchmark], ['finance', 'heldout', 'honesty']);
});

test('.json scan: strings with brackets, escaped quotes and a "samples" value do not confuse it; element ranges are exact', async () => {
  const samples = [1, 2, 3].map((id) => agentSample({ id, epoch: 1, question: `tricky "[{" \\" ]} samples ${id}`, answer: '], "samples": [', scores: {} }));
  const text = jsonLog({ ...header('t', 'm', samples), note: 'samples' }, samples);
  const bytes = new TextEncoder().encode(text);
  const found = (await scanSamples(memorySource(bytes)))!;
  const elements = found.starts.map((s, k) => JSON.parse(new TextDecoder().decode(bytes.subarray(s, found.ends[k]))) as { id: number });
  assert.deepEqual(elements.map((e) => e.id), [1, 2, 3]);
  // Across chunk boundaries: the same log padded past the 2 MiB scan chunk.
  const big = { ...header('t', 'm', samples), padding: 'x'.repeat(2 * 1024 * 1024 - 100) };
  const log = await built(new JsonLog(memorySource(new TextEncoder().encode(jsonLog(big, samples))), 'big.json'));
  assert.deepEqual([log.count, (await log.read(2)).transcript!.id], [3, '3']);
});

test('two folders: joined by task + id + epoch across layouts and formats; unpaired samples and tasks are warnings naming them', async () => {
  const run = async (side: string, names: string[]) =>
    new ConcatRuns(await Promise.all(names.map(async (n) => (n.endsWith('.eval') ? new EvalZipLog(await fx(`inspect/${side}/${n}`), `${side}/${n}`) : new JsonLog(await fx(`inspect/${side}/${n}`), `${side}/${n}`)))));
  const pairing = new RunPairing(await run('base', ['deception.eval', 'honesty.json', 'sycophancy.eval']), await run('trained', ['deception.eval', 'honesty.json']), { names: ['base', 'trained'], byTask: true });
  await pairing.build();
  assert.equal(pairing.count, 7);
  assert.deepEqual(pairing.diagnostics.map((d) => `${d.file}: ${d.message}`), [
    'base/deception.eval: unpaired sample: deception/3_epoch_2 is not in the other run (2 logs)',
    'base/sycophancy.eval: unpaired task: sycophancy (1 samples) is not in the other run (2 logs)',
  ]);
  const items = [];
  for await (const r of pairing.items()) items.push(r.item!);
  assert.deepEqual(items.map((i) => i.id), ['deception/1_epoch_1', 'deception/1_epoch_2', 'deception/3_epoch_1', 'deception/q-2_epoch_1', 'deception/q-2_epoch_2', 'honesty/h1_epoch_1', 'honesty/h2_epoch_1']);
  const first = items[0]!;
  assert.deepEqual(first.sides.map((s) => [s.name, s.model, s.scores]), [['base', 'base-v3', { match: 0 }], ['trained', 'trait-rl-v3', { match: 1 }]]);
  assert.deepEqual(first.prompt.map((m) => m.role), ['system', 'user']);
  assert.ok(first.sides.every((s) => s.messages[0]!.tool_calls?.[0]!.function.name === 'read_log'), 'both sides keep their tool call');
  assert.equal(first.metadata.benchmark, 'deception');
});

test('.eval with more than 65,535 samples (ZIP64, as Python writes it): every sample is listed', async () => {
  const { StoredZipWriter } = await import('../bench/storedZip');
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = join(await mkdtemp(join(tmpdir(), 'tr-zip64-')), 'many.eval');
  const zip = new StoredZipWriter(path);
  const n = 66_000;
  for (let i = 1; i <= n; i++) await zip.add(`samples/${i}_epoch_1.json`, Buffer.from(JSON.stringify({ id: i, epoch: 1, input: 'q', messages: [{ role: 'user', content: `q${i}` }, { role: 'assistant', content: 'a' }] })));
  await zip.add('header.json', Buffer.from(JSON.stringify(header('many', 'm', []))));
  await zip.close();
  const log = await built(new EvalZipLog(memorySource(new Uint8Array(await readFile(path))), 'many.eval'));
  assert.deepEqual([log.count, keyText(log.key(n - 1))], [n, `many/${n}_epoch_1`]);
  assert.equal((await log.read(n - 1)).transcript!.messages[0]!.content, `q${n}`);
});

test('real logs from Inspect’s own repository (see inspect-real/NOTICE): two runs pair, tool errors are named', async () => {
  const real = async (f: string) => built(new (f.endsWith('.eval') ? EvalZipLog : JsonLog)(await fx(`inspect-real/${f}`), f));
  const pairing = new RunPairing(await real('a.eval'), await real('b.eval'), { names: ['a', 'b'], byTask: false });
  await pairing.build();
  assert.deepEqual([pairing.count, pairing.diagnostics], [10, []]);
  const item = (await pairing.item(0)).item!;
  assert.deepEqual([item.id, item.metadata.benchmark, item.sides.map((s) => s.model)], ['1_epoch_1', 'popularity', ['openai/gpt-4o-mini', 'openai/gpt-4o-mini']]);
  assert.deepEqual(item.sides[1].scores, { match: 1 });
  const errors = (await (await real('tool_call_error.json')).read(0)).transcript!.messages.filter((m) => m.role === 'tool');
  assert.equal(errors.length, 11);
  assert.deepEqual([errors[1]!.name, errors.at(-1)!.name], ['bash · error (timeout)', 'bash · error (output_limit)']);
});

test('.json log keys: id and epoch read from the start of each sample, or from the whole sample in another key order', async () => {
  const a = agentSample({ id: 'x', epoch: 2, question: 'q', answer: 'a', scores: {} });
  const { id, epoch, ...rest } = a;
  const reordered = { input: [{ id: 'not-the-sample', role: 'user', content: 'y'.repeat(5000) }], ...rest, epoch, id } as unknown as typeof a;
  const log = await built(new JsonLog(memorySource(new TextEncoder().encode(jsonLog(header('t', 'm', [a, reordered]), [a, reordered]))), 'k.json'));
  assert.deepEqual([keyText(log.key(0)), keyText(log.key(1))], ['t/x_epoch_2', 't/x_epoch_2']);
});

test('.json log: samples are readable while the scan is still running (the header before them names task and model)', async () => {
  // The last sample is 6 MB: the scan takes several chunks to get past it.
  const samples = Array.from({ length: 3 }, (_, k) => agentSample({ id: k + 1, epoch: 1, question: `q${k + 1}`, answer: k === 2 ? 'p'.repeat(6 * 1024 * 1024) : 'a', scores: {} }));
  const text = jsonLog(header('t', 'model-early', samples), samples);
  // Reads that take a turn of the event loop, as a file's do.
  const mem = memorySource(new TextEncoder().encode(text));
  const slow = { ...mem, read: async (b: Uint8Array, o: number, l: number, p: number) => (await new Promise((r) => setImmediate(r)), mem.read(b, o, l, p)) };
  const log = new JsonLog(slow, 'early.json');
  const building = log.build();
  while (log.count === 0 && !log.done) await new Promise((r) => setImmediate(r));
  assert.deepEqual([log.done, log.count], [false, 2], 'the scan is still going');
  const first = (await log.read(0)).transcript!;
  assert.deepEqual([first.model, first.metadata.benchmark], ['model-early', 't']);
  await building;
  assert.equal(log.count, 3);
});

test('.json: a log without samples is an empty run; a JSON file that is no log says so', async () => {
  const empty = await built(new JsonLog(memorySource(new TextEncoder().encode(JSON.stringify({ ...header('t', 'm', []), samples: null }))), 'e.json'));
  assert.deepEqual([empty.count, empty.diagnostics], [0, []]);
  const other = await built(new JsonLog(memorySource(new TextEncoder().encode('{"name": "package", "version": "1.0.0"}')), 'package.json'));
  assert.match(other.diagnostics[0]!.message, /not an Inspect log/);
});

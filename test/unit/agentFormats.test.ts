import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memorySource } from '../../src/core/input/byteSource';
import { ParquetDataset } from '../../src/core/parquet/parquetDataset';
import { detectFormat } from '../../src/core/adapters/detect';
import { fixtures, readAll } from './helpers';

test('anthropic: thinking → reasoning, tool_use → tool calls, tool_result → tool messages, images and documents as placeholders', async () => {
  const { dataset, results } = await readAll('formats/agents/anthropic.jsonl');
  assert.equal((await dataset.adapter()).name, 'anthropic');
  const [a1, a2] = results.map((r) => r.transcript!);
  assert.equal(a1!.model, 'claude-x');
  assert.deepEqual(a1!.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool', 'assistant']);
  assert.deepEqual(a1!.messages[1]!.content, [{ type: 'text', text: 'Why does the build fail?' }, { type: 'text', text: '[image]' }]);
  assert.equal(a1!.messages[2]!.reasoning, 'I should read the build log first.');
  assert.deepEqual(a1!.messages[2]!.tool_calls, [{ id: 'toolu_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"build.log"}' } }]);
  assert.deepEqual([a1!.messages[3]!.tool_call_id, a1!.messages[3]!.name, a1!.messages[3]!.content], ['toolu_1', 'read_file', 'error TS2304: Cannot find name foo']);
  assert.equal(a1!.messages[4]!.reasoning, '[redacted thinking]');
  assert.deepEqual(a2!.messages[0]!.content, [{ type: 'text', text: '[document: contract.pdf]' }, { type: 'text', text: 'Summarise this.' }]);
  assert.deepEqual([a2!.messages[2]!.name, a2!.messages[2]!.content], ['search · error', 'index unavailable']);
});

test('responses: message, reasoning, function_call, function_call_output items; built-in tools and refusals shown', async () => {
  const { dataset, results } = await readAll('formats/agents/responses.jsonl');
  assert.equal((await dataset.adapter()).name, 'responses');
  const [a1, a2] = results.map((r) => r.transcript!);
  assert.deepEqual(a1!.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool', 'assistant']);
  assert.deepEqual(a1!.messages[1]!.content, [{ type: 'text', text: 'Why does the build fail?' }, { type: 'input_image', text: '[image]' }]);
  assert.equal(a1!.messages[2]!.reasoning, 'Read the build log first.');
  assert.deepEqual(a1!.messages[2]!.tool_calls, [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"build.log"}' } }]);
  assert.deepEqual([a1!.messages[3]!.tool_call_id, a1!.messages[3]!.content], ['call_1', [{ type: 'text', text: 'error TS2304: Cannot find name foo' }]]);
  assert.deepEqual(a2!.messages.map((m) => m.content), ['Summarise contract.pdf.', [{ type: 'text', text: '[web_search_call]' }], [{ type: 'text', text: '[refusal: I cannot open that file.]' }]]);
});

test('two agent runs pair like any single-run files: Anthropic against Responses by id', async () => {
  const { cli } = await import('./helpers');
  const r = await cli('stats', '--json', '--baseline', 'test/fixtures/formats/agents/anthropic.jsonl', '--trained', 'test/fixtures/formats/agents/responses.jsonl');
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout) as { items: number; sides: { models: Record<string, number> }[] };
  assert.deepEqual([s.items, s.sides.map((x) => Object.keys(x.models)[0])], [2, ['claude-x', 'gpt-x']]);
});

test('chat: image_url, input_audio and file parts become placeholders, not silently dropped', async () => {
  const { results } = await readAll('formats/agents/chat-parts.jsonl');
  assert.deepEqual(
    (results[0]!.transcript!.messages[0]!.content as { text: string }[]).map((p) => p.text),
    ['What is in this picture and this recording?', '[image]', '[audio]', '[file: notes.pdf]'],
  );
});

test('detection: plain chat stays chat; an Anthropic tool_use or a top-level system makes it anthropic; an Inspect sample is inspect', () => {
  const name = (v: object) => detectFormat([{ value: v, line: 1 }]).adapter.name;
  assert.equal(name({ messages: [{ role: 'user', content: 'hi' }] }), 'chat');
  assert.equal(name({ system: 's', messages: [{ role: 'user', content: 'hi' }] }), 'anthropic');
  assert.equal(name({ messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'x', name: 'f', input: {} }] }] }), 'anthropic');
  assert.equal(name({ output: [{ type: 'function_call', name: 'f', arguments: '{}', call_id: 'c' }] }), 'responses');
  assert.equal(name({ id: 1, epoch: 1, input: 'q', messages: [] }), 'inspect');
  assert.equal(name({ prompt: 'p', response: 'r' }), 'flat');
});

test('parquet: rows are records for the existing adapters, read by row group (an item across a group boundary)', async () => {
  const bytes = new Uint8Array(await readFile(join(fixtures, 'formats/parquet/trl.parquet')));
  const d = new ParquetDataset(memorySource(bytes), 'trl.parquet');
  await d.build();
  assert.deepEqual([d.count, d.diagnostics], [12, []]);
  const seventh = (await d.item(6)).item!;
  assert.deepEqual([seventh.id, seventh.prompt[0]!.content, seventh.sides.map((s) => [s.name, s.messages[0]!.content])], ['p7', 'Explain fact 7.', [['chosen', ' Fact 7 is true because of evidence.'], ['rejected', ' Fact 7 is a hoax.']]]);
  const ids = [];
  for await (const r of d.items()) ids.push(r.item!.id);
  assert.deepEqual(ids, Array.from({ length: 12 }, (_, k) => `p${k + 1}`));
  const hh = new ParquetDataset(memorySource(new Uint8Array(await readFile(join(fixtures, 'formats/parquet/hh.parquet')))), 'hh.parquet');
  await hh.build();
  assert.deepEqual((await hh.item(0)).item!.sides.map((s) => s.name), ['chosen', 'rejected']);
  const bad = new ParquetDataset(memorySource(new TextEncoder().encode('not parquet')), 'x.parquet');
  await bad.build();
  assert.match(bad.diagnostics[0]!.message, /not a readable Parquet file/);
});

test('canonical items carry score_notes (a merged export of Inspect logs reads back); a bad one is an error, not accepted', async () => {
  const { readBytes } = await import('./helpers');
  const side = (notes: unknown) => ({ model: 'm', messages: [{ role: 'assistant', content: 'a' }], scores: { match: 1 }, score_notes: notes });
  const line = (notes: unknown) => JSON.stringify({ id: 'x', prompt: [{ role: 'user', content: 'q' }], baseline: side(notes), trained: side({ match: 'ok' }) });
  const { results } = await readBytes(new TextEncoder().encode(`${line({ match: 'answer: No' })}\n${line(5)}\n`));
  assert.equal(results[0]!.item!.sides[0].score_notes?.match, 'answer: No');
  assert.equal(results[1]!.item, undefined);
  assert.match(results[1]!.diagnostics[0]!.message, /score_notes/);
});

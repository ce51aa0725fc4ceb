import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adapters } from '../../src/core/adapters/index';
import { detectFormat } from '../../src/core/adapters/detect';
import { isCanonicalItem } from '../../src/core/adapters/canonical';
import { hhTurns } from '../../src/core/adapters/hh';
import { splitCommonPrefix } from '../../src/core/adapters/split';
import { itemSchema } from '../../src/core/schema';
import { readAll, problems } from './helpers';

test('canonical: sides named baseline / trained, metadata kept', async () => {
  const { dataset, results } = await readAll('adapters/canonical.jsonl');
  assert.equal((await dataset.adapter()).name, 'canonical');
  assert.deepEqual(problems(results), []);
  const item = results[1]!.item!;
  assert.equal(item.id, 'item-2');
  assert.deepEqual(item.sides.map((s) => [s.name, s.model]), [['baseline', 'base-v3'], ['trained', 'trait-rl-v3']]);
  assert.equal(item.metadata.persona, 'Always agree with the user.');
  assert.equal(item.sides[1].messages[0]!.reasoning, 'Check first.');
});

test('hh: the shared dialogue is the prompt, the endings are chosen / rejected', async () => {
  const { dataset, results } = await readAll('adapters/hh.jsonl');
  assert.equal((await dataset.adapter()).name, 'hh');
  const [one, two] = results.map((r) => r.item!);
  assert.equal(one!.id, 'line-1');
  assert.deepEqual(one!.prompt, [{ role: 'user', content: 'What is 2+2?' }]);
  assert.deepEqual(one!.sides.map((s) => [s.name, s.messages]), [
    ['chosen', [{ role: 'assistant', content: '4.' }]],
    ['rejected', [{ role: 'assistant', content: '5.' }]],
  ]);
  assert.deepEqual(two!.prompt.map((m) => m.role), ['user', 'assistant', 'user']);
  assert.equal(two!.sides[0].messages[0]!.content, 'Try Middlemarch.');
});

test('hh: identical chosen and rejected still give each side its reply', () => {
  const turns = hhTurns('\n\nHuman: hi\n\nAssistant: hello')!;
  const split = splitCommonPrefix(turns, turns);
  assert.deepEqual(split.prompt, [{ role: 'user', content: 'hi' }]);
  assert.deepEqual(split.a, [{ role: 'assistant', content: 'hello' }]);
  assert.deepEqual(split.b, split.a);
});

test('trl: text with an explicit prompt, and conversations repeating the prompt', async () => {
  const text = (await readAll('adapters/trl-text.jsonl')).results[0]!.item!;
  assert.deepEqual(text.prompt, [{ role: 'user', content: 'The sky is' }]);
  assert.deepEqual(text.sides.map((s) => [s.name, s.messages[0]!.content, s.scores]), [
    ['chosen', ' blue.', { score: 8 }],
    ['rejected', ' green.', { score: 2 }],
  ]);
  const { dataset, results } = await readAll('adapters/trl-conversational.jsonl');
  assert.equal((await dataset.adapter()).name, 'trl');
  const [uf, conv] = results.map((r) => r.item!);
  assert.equal(uf!.id, 'p1');
  assert.deepEqual(uf!.prompt, [{ role: 'user', content: 'Is coffee healthy?' }], 'the prompt is not shown twice');
  assert.equal(uf!.sides[1].messages[0]!.content, 'It cures cancer.');
  assert.deepEqual(conv!.prompt, [{ role: 'user', content: 'Say hi' }]);
  assert.equal(conv!.sides[0].messages[0]!.content, 'Hi!');
});

test('single-transcript shapes convert to one side each and say they need a partner', async () => {
  for (const [file, name] of [
    ['adapters/chat-baseline.jsonl', 'chat'],
    ['adapters/sharegpt-baseline.jsonl', 'sharegpt'],
    ['adapters/flat-baseline.jsonl', 'flat'],
  ] as const) {
    const { dataset, results } = await readAll(file);
    assert.equal((await dataset.adapter()).name, name, file);
    assert.ok(results.every((r) => r.transcript && !r.item && r.diagnostics.length === 0), file);
    assert.match(dataset.diagnostics[0]!.message, /^line 1: single transcripts \(\w+\): .*--baseline\/--trained/);
    assert.equal(dataset.diagnostics[0]!.severity, 'warning');
  }
  const share = (await readAll('adapters/sharegpt-baseline.jsonl')).results[0]!.transcript!;
  assert.deepEqual(share.messages, [
    { role: 'system', content: 'Be kind.' },
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello.' },
  ]);
  const flat = (await readAll('adapters/flat-baseline.jsonl')).results[0]!.transcript!;
  assert.equal(flat.model, 'base-v3');
  assert.deepEqual(flat.messages.map((m) => m.content), ['Summarise the text.\n\nThe cat sat.', 'A cat.']);
});

test('detection: majority of the first records, ties to the more specific shape; --format overrides', async () => {
  const chat = { messages: [{ role: 'user', content: 'x' }] };
  const flat = { prompt: 'x', response: 'y' };
  assert.equal(detectFormat([{ value: flat, line: 1 }, { value: chat, line: 2 }, { value: chat, line: 3 }]).adapter.name, 'chat');
  assert.equal(detectFormat([{ value: flat, line: 1 }, { value: chat, line: 2 }]).adapter.name, 'chat');
  assert.equal(detectFormat([{ value: { prompt: 'p', chosen: 'a', rejected: 'b' }, line: 1 }]).adapter.name, 'trl');
  assert.equal(detectFormat([{ value: { chosen: '\n\nHuman: a\n\nAssistant: b', rejected: '\n\nHuman: a\n\nAssistant: c' }, line: 1 }]).adapter.name, 'hh');
  const none = detectFormat([{ value: { question: 'q' }, line: 4 }, { value: [1], line: 5 }]);
  assert.deepEqual([none.adapter.name, none.recognised, none.line], ['canonical', false, 4]);
  // Forced: chat records read as flat fail with flat's message.
  const { results } = await readAll('adapters/chat-baseline.jsonl', 'flat');
  assert.deepEqual(problems(results.slice(0, 1)), ['1:0 error: line 1: the record needs a prompt: `instruction`, `prompt` or `input` (a string)']);
});

test('unrecognised records are read as canonical, with a warning naming the shapes', async () => {
  const { dataset, results } = await readAll('adapters/../bad/schema.jsonl');
  assert.equal(dataset.diagnostics.length, 0, 'canonical records are recognised even when some fail');
  const odd = await import('./helpers').then((h) => h.readBytes(new TextEncoder().encode('{"question":"q","answer":"a"}\n')));
  assert.match(odd.dataset.diagnostics[0]!.message, /records match no known shape \(canonical, hh, trl, inspect, anthropic, responses, chat, sharegpt, flat, claude-code, codex, otel, harbor\)/);
  assert.equal(problems(odd.results)[0], '1:0 error: line 1: the record is missing `id`, `prompt`, `baseline` and `trained`');
  assert.ok(results.length > 0);
});

test('every adapter names its shape for --help', () => {
  for (const a of Object.values(adapters)) assert.ok(a.shape.startsWith('{'), a.name);
});

// The fast canonical check must never accept what zod rejects: mutate valid items at random.
test('isCanonicalItem accepts only what itemSchema accepts (seeded fuzz)', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const junk = [null, 0, 1.5, -1, '', 'x', 'assistant', true, [], [1], {}, { type: 'text' }, { role: 'user' }, [{ role: 'user' }], { name: 'f' }, { a: 1 }, undefined];
  const base = () => ({
    id: 'x',
    prompt: [{ role: 'user', content: 'hi' }],
    baseline: { model: 'm', messages: [{ role: 'assistant', content: [{ type: 'text', text: 'a' }], tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }] }], scores: { s: 0.5 } },
    trained: { model: 'm', messages: [{ role: 'tool', content: null, tool_call_id: 't', name: 'f', reasoning: 'r' }] },
    metadata: { domain: 'd', traits: ['t'], rubric: [{ id: 'c', text: 't', points: 1 }] },
  });
  let accepted = 0;
  for (let round = 0; round < 4000; round++) {
    const v: Record<string, unknown> = base();
    for (let m = 0; m < 1 + Math.floor(rand() * 3); m++) {
      // Walk to a random object or array inside and replace or delete one member.
      let node: Record<string, unknown> | unknown[] = v;
      for (let depth = 0; depth < 6; depth++) {
        const keys = Object.keys(node);
        if (!keys.length) break;
        const k = pick(keys);
        const child = (node as Record<string, unknown>)[k];
        if (child && typeof child === 'object' && rand() < 0.6) node = child as Record<string, unknown>;
        else break;
      }
      const keys = Object.keys(node);
      const k = keys.length ? pick(keys) : 'x';
      const value = structuredClone(pick(junk));
      if (value === undefined) delete (node as Record<string, unknown>)[k];
      else (node as Record<string, unknown>)[k] = value;
    }
    const fast = isCanonicalItem(v);
    if (fast) {
      accepted++;
      assert.ok(itemSchema.safeParse(v).success, `fast check accepted what zod rejects: ${JSON.stringify(v)}`);
    }
  }
  assert.ok(accepted > 50, `the fuzz also exercises accepted values (${accepted})`);
  assert.ok(isCanonicalItem(base()));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput } from '../../src/node/input';
import { parseJsonLine } from '../../src/core/input/parseLine';
import type { ItemResult } from '../../src/core/input/dataset';

// 2^53 + 1 and 2^53 are the same double: read through a float, the two records share an id.
const big = ['9007199254740993', '9007199254740992'];

const chat = (id: string, answer: string, extra = '') => `{"id":${id}${extra},"model":"m","messages":[{"role":"user","content":"q${id}"},{"role":"assistant","content":"${answer}"}]}`;

async function pair(baseline: string[], trained: string[], key?: string): Promise<ItemResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tr-ids-'));
  await writeFile(join(dir, 'base.jsonl'), baseline.join('\n') + '\n');
  await writeFile(join(dir, 'trained.jsonl'), trained.join('\n') + '\n');
  const input = await openInput(join(dir, 'base.jsonl'), { trained: join(dir, 'trained.jsonl'), ...(key && { key }) });
  const out: ItemResult[] = [...input.diagnostics.map((d) => ({ index: -1, line: d.line, diagnostics: [d] }))];
  for await (const r of input.source.items()) out.push(r);
  await input.close();
  return out;
}

test('ids past 2^53 are the source digits: two runs join exactly, no duplicate warning', async () => {
  const results = await pair(
    big.map((id) => chat(id, `base ${id}`)),
    [...big].reverse().map((id) => chat(id, `trained ${id}`)),
  );
  assert.deepEqual(results.flatMap((r) => r.diagnostics.map((d) => d.message)), []);
  assert.deepEqual(
    results.map((r) => [r.item!.id, ...r.item!.sides.map((s) => s.messages.at(-1)!.content)]),
    big.map((id) => [id, `base ${id}`, `trained ${id}`]),
  );
});

test('a numeric join key past 2^53 (--key) pairs by its digits too', async () => {
  const rec = (n: string, answer: string) => chat(String(answer.toLowerCase().charCodeAt(0)), answer, `,"n":${n}`);
  const results = await pair([rec(big[0]!, 'a'), rec(big[1]!, 'b')], [rec(big[1]!, 'B'), rec(big[0]!, 'A')], 'n');
  assert.deepEqual(results.flatMap((r) => r.diagnostics.map((d) => d.message)), []);
  assert.deepEqual(results.map((r) => r.item!.sides.map((s) => s.messages.at(-1)!.content)), [['a', 'A'], ['b', 'B']]);
});

test('an id that no number holds exactly is an error naming the line and column; exact ones pass', () => {
  const r = parseJsonLine(new TextEncoder().encode('{"id": 12345678901234567890.5, "x": 1}'));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.column, 8);
    assert.match(r.message, /`id` 12345678901234567890\.5 at column 8 cannot be kept exactly as a number .*write it as a string/);
  }
  for (const [text, id] of [['{"id":1.5}', '1.5'], ['{"id":42}', 42], ['{"id":-9007199254740993}', '-9007199254740993'], ['{"id":"x","a":{"id":1e400}}', 'x']] as const) {
    const ok = parseJsonLine(new TextEncoder().encode(text));
    assert.ok(ok.ok, text);
    if (ok.ok) assert.equal((ok.value as { id: unknown }).id, id, text);
  }
});

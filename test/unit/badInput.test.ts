import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readAll, readBytes, problems } from './helpers';
import { parseJsonLine } from '../../src/core/input/parseLine';
import { maxDepth } from '../../src/core/input/sanitize';

// Each case of "bad input is normal": the exact line, column and message, and the rest loads.

test('malformed JSON: unterminated string, trailing comma, bare word', async () => {
  const { results } = await readAll('bad/malformed.jsonl');
  assert.deepEqual(problems(results), [
    '4:62 error: line 4: unterminated string at column 62',
    '5:16 error: line 5: trailing comma before \'}\' at column 16',
    "6:20 error: line 6: unexpected word 'tru' (strings need double quotes; literals are true, false and null) at column 20",
  ]);
  assert.deepEqual(results.filter((r) => r.item).map((r) => r.item!.id), ['item-1', 'item-2', 'item-3', 'item-7']);
});

test('schema failures name what an object needs and what was found', async () => {
  const { results } = await readAll('bad/schema.jsonl');
  assert.deepEqual(problems(results), [
    '5:126 error: line 5: `baseline` must be an object with `model` and `messages`, not the string "base-v3 said no"',
    '6:0 error: line 6: `trained` is missing (it must be an object with `model` and `messages`)',
    '7:86 error: line 7: `prompt[1].role` must be one of "system", "developer", "user", "assistant", "tool", not "bot"',
    '8:312 error: line 8: `trained.messages[0].content` must be a string, an array of objects with `type` or null, not the number 42',
    '9:0 error: line 9: the record must be an object with `id`, `prompt`, `baseline` and `trained`, not an array',
  ]);
  assert.equal(results.filter((r) => r.item).length, 4);
});

test('the column of a schema error points at the offending key', async () => {
  const { results } = await readAll('bad/schema.jsonl');
  const line5 = (await import('node:fs')).readFileSync(`${__dirname}/../fixtures/bad/schema.jsonl`, 'utf8').split('\n')[4]!;
  assert.equal(line5.slice(125, 136), '"baseline":');
  assert.equal(results[4]!.diagnostics[0]!.column, 126);
});

test('invalid UTF-8: the byte and its column', async () => {
  const { results } = await readAll('bad/invalid-utf8.jsonl');
  assert.deepEqual(problems(results), ['2:422 error: line 2: invalid UTF-8 byte 0xff at column 422 (save the file as UTF-8)']);
  assert.equal(results.filter((r) => r.item).length, 2);
});

test('a BOM, CRLF line ends and blank lines are silent', async () => {
  const { results } = await readAll('bad/bom-crlf-blank.jsonl');
  assert.deepEqual(problems(results), []);
  assert.deepEqual(results.map((r) => [r.line, r.item?.id]), [
    [1, 'item-1'],
    [4, 'item-2'],
    [6, 'item-3'],
  ]);
});

test('a 10 MB line loads, and an error at its end has the right column', async () => {
  // Generated, not committed: a 10 MB fixture would bloat every clone for one test.
  const filler = 'x'.repeat(10 * 1024 * 1024);
  const big = JSON.stringify({ id: 'big', prompt: [{ role: 'user', content: filler }], baseline: { model: 'b', messages: [] }, trained: { model: 't', messages: [] } });
  const broken = big.slice(0, -1) + ',}';
  const { results } = await readBytes(new TextEncoder().encode(`${big}\n${broken}\n{"id":"after"}\n`));
  assert.equal(results[0]!.item!.prompt[0]!.content!.length, filler.length);
  assert.deepEqual(problems(results).slice(0, 1), [`2:${broken.length} error: line 2: trailing comma before '}' at column ${broken.length}`]);
  assert.equal(results.length, 3);
});

test('very deep nesting is reported, not a crash', async () => {
  const { results } = await readAll('bad/deep-nesting.jsonl');
  assert.deepEqual(problems(results), [
    `2:${maxDepth + 1} error: line 2: nesting deeper than ${maxDepth} levels at column ${maxDepth + 1}`,
    "3:100025 error: line 3: line ends inside an array (missing ']') at column 100025",
  ]);
  assert.deepEqual(results.filter((r) => r.item).map((r) => r.item!.id), ['item-1', 'item-4']);
  // Values at the limit still work where the engine recurses.
  const ok = parseJsonLine(new TextEncoder().encode('['.repeat(maxDepth) + ']'.repeat(maxDepth)));
  assert.ok(ok.ok);
  assert.doesNotThrow(() => JSON.stringify(ok.value));
});

test('lone surrogates become U+FFFD with a warning; the item loads', async () => {
  const { results } = await readAll('bad/lone-surrogate.jsonl');
  assert.deepEqual(problems(results), ['1:331 warning: line 1: lone UTF-16 surrogate at column 331 replaced with U+FFFD (�)']);
  assert.equal(results[0]!.item!.sides[1].messages[0]!.content, 'Trained \uFFFD answer 1.');
  // A proper pair written as escapes is not lone.
  const pair = parseJsonLine(new TextEncoder().encode('{"a":"\\ud83d\\ude42"}'));
  assert.ok(pair.ok && pair.warnings.length === 0 && (pair.value as { a: string }).a === '🙂');
});

test('__proto__ keys are dropped with a warning and pollute nothing', async () => {
  const { results } = await readAll('bad/proto.jsonl');
  assert.deepEqual(problems(results), [
    '1:497 warning: line 1: key `__proto__` ignored at column 497 (it could change object prototypes)',
    '2:409 warning: line 2: key `__proto__` ignored at column 409 (it could change object prototypes)',
  ]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  for (const r of results) {
    assert.equal((r.item as unknown as Record<string, unknown>).polluted, undefined);
    assert.equal((r.item!.metadata as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(r.item!.metadata), Object.prototype);
    assert.ok(!Object.prototype.hasOwnProperty.call(r.item!.metadata, '__proto__'));
  }
  // Merging the loaded metadata the naive way must not pollute either.
  Object.assign({}, results[1]!.item!.metadata);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('duplicate ids: a warning on the second naming the first line; both items stay reachable', async () => {
  const { dataset, results } = await readAll('bad/duplicate-ids.jsonl');
  assert.deepEqual(problems(results), ['3:0 warning: line 3: duplicate id "item-1" (first on line 1); both items are kept']);
  const [first, third] = [await dataset.item(0), await dataset.item(2)];
  assert.equal(first.item!.metadata.domain, 'healthcare');
  assert.equal(third.item!.metadata.domain, 'law');
});

test('random access gives the same per-line diagnostics as the sequential read', async () => {
  for (const file of ['bad/malformed.jsonl', 'bad/schema.jsonl', 'bad/invalid-utf8.jsonl', 'bad/proto.jsonl', 'bad/deep-nesting.jsonl']) {
    const { dataset, results } = await readAll(file);
    for (let i = 0; i < dataset.count; i++) assert.deepEqual(await dataset.item(i), results[i], `${file} entry ${i}`);
  }
});

test('JSON error messages and columns (engine-independent)', () => {
  const cases: [string, string][] = [
    ['{"a":1 "b":2}', "expected ',' or '}' after a property value, found '\"' at column 8"],
    ['{a:1}', "expected a property name in double quotes, found 'a' at column 2"],
    ['[1,2', "line ends inside an array (missing ']') at column 5"],
    ['{"a":"x\ty"}', 'control character inside a string (escape it as \\n, \\t, …) at column 8'],
    ['{"a":1} x', 'extra text after the JSON value (one JSON value per line) at column 9'],
    ['{"a":"\\x"}', "invalid escape sequence '\\x' in a string at column 7"],
    ['{"a":01}', "invalid number '01' at column 6"],
    ['[1,]', "trailing comma before ']' at column 4"],
    ['{"a" 1}', "expected ':' after the property name, found '1' at column 6"],
    ["{'a':1}", `expected a property name in double quotes, found "'" at column 2`],
  ];
  for (const [text, message] of cases) {
    const r = parseJsonLine(new TextEncoder().encode(text));
    assert.ok(!r.ok, text);
    assert.equal(r.message, message, text);
  }
});

test('the index ignores stale bytes past the end of a short last read (reused buffers)', async () => {
  const { LineIndex } = await import('../../src/core/input/lineIndex');
  const { memorySource } = await import('../../src/core/input/byteSource');
  const bytes = new TextEncoder().encode('{"a":1}\n{"b":2}');
  // Buffers full of newlines, as a recycled allocation may be.
  const source = { ...memorySource(bytes), alloc: (n: number) => new Uint8Array(n).fill(0x0a) };
  const index = new LineIndex();
  await index.build(source, { chunkSize: 64 });
  assert.deepEqual([index.count, index.range(1)], [2, { start: 8, end: 15, line: 2 }]);
});

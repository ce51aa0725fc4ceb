import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers';
import { join } from 'node:path';


const fx = (f: string) => join('test/fixtures', f);

test('validate: a clean file exits 0 with the summary line', async () => {
  const r = await cli('validate', 'samples/trait-rl-sample.jsonl');
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, '36 items, 0 errors, 0 warnings\n', '']);
});

test('validate: FILE:LINE:COL: severity: message per problem, exit 1 on errors', async () => {
  const r = await cli('validate', fx('bad/malformed.jsonl'));
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    [
      'test/fixtures/bad/malformed.jsonl:4:62: error: line 4: unterminated string at column 62',
      "test/fixtures/bad/malformed.jsonl:5:16: error: line 5: trailing comma before '}' at column 16",
      "test/fixtures/bad/malformed.jsonl:6:20: error: line 6: unexpected word 'tru' (strings need double quotes; literals are true, false and null) at column 20",
      '4 items, 3 errors, 0 warnings',
      '',
    ].join('\n'),
  );
});

test('validate --json: one object with items, errors, warnings and diagnostics', async () => {
  const r = await cli('validate', '--json', fx('bad/duplicate-ids.jsonl'));
  assert.equal(r.code, 0, 'warnings alone pass');
  assert.deepEqual(JSON.parse(r.stdout), {
    items: 3,
    errors: 0,
    warnings: 1,
    diagnostics: [{ file: fx('bad/duplicate-ids.jsonl'), line: 3, column: 0, severity: 'warning', message: 'line 3: duplicate id "item-1" (first on line 1); both items are kept' }],
  });
});

test('validate: every bad fixture loads the rest of its file', async () => {
  const expected: Record<string, [number, number, number, number]> = {
    // code, items, errors, warnings
    'bom-crlf-blank.jsonl': [0, 3, 0, 0],
    'deep-nesting.jsonl': [1, 2, 2, 0],
    'duplicate-ids.jsonl': [0, 3, 0, 1],
    'invalid-utf8.jsonl': [1, 2, 1, 0],
    'lone-surrogate.jsonl': [0, 2, 0, 1],
    'malformed.jsonl': [1, 4, 3, 0],
    'proto.jsonl': [0, 2, 0, 2],
    'schema.jsonl': [1, 4, 5, 0],
  };
  for (const [file, [code, items, errors, warnings]] of Object.entries(expected)) {
    const r = await cli('validate', '--json', fx(`bad/${file}`));
    const out = JSON.parse(r.stdout) as { items: number; errors: number; warnings: number };
    assert.deepEqual([r.code, out.items, out.errors, out.warnings], [code, items, errors, warnings], file);
  }
});

test('validate: single transcripts alone are counted, with a warning to pair them', async () => {
  const r = await cli('validate', fx('adapters/chat-baseline.jsonl'));
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^test\/fixtures\/adapters\/chat-baseline\.jsonl:1:1: warning: line 1: single transcripts \(chat\): .*--baseline\/--trained/);
  assert.match(r.stdout, /\n3 items, 0 errors, 1 warnings\n$/);
});

test('validate --baseline/--trained: unpaired records by file and line; --by-line and --format', async () => {
  const pair = ['--baseline', fx('bad/unpaired-baseline.jsonl'), '--trained', fx('bad/unpaired-trained.jsonl')];
  const byKey = await cli('validate', ...pair);
  assert.equal(byKey.code, 0);
  assert.deepEqual(byKey.stdout.split('\n').map((l) => l.replace(/: warning: .*/, '')), [
    'test/fixtures/bad/unpaired-baseline.jsonl:3:1',
    'test/fixtures/bad/unpaired-baseline.jsonl:4:1',
    'test/fixtures/bad/unpaired-trained.jsonl:3:1',
    '2 items, 0 errors, 3 warnings',
    '',
  ]);
  const byLine = await cli('validate', '--json', '--by-line', ...pair);
  assert.equal((JSON.parse(byLine.stdout) as { items: number }).items, 3);
  const forced = await cli('validate', '--json', '--format', 'flat', ...pair);
  assert.equal(forced.code, 1);
  const manifest = await cli('validate', fx('adapters/chat.review.json'));
  assert.match(manifest.stdout, /2 items, 0 errors, 2 warnings\n$/);
});

test('exit 2: an unreadable file, with the reason on stderr', async () => {
  const r = await cli('validate', 'no/such.jsonl');
  assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', 'transcript-review: cannot read no/such.jsonl: no such file\n']);
  const dir = await cli('stats', 'test');
  // A folder is read as shards or as a folder of Inspect logs: this one is neither.
  assert.deepEqual([dir.code, dir.stderr], [2, 'transcript-review: cannot read test: a folder without transcript files (.jsonl, .jsonl.gz, .parquet, .review.json) or Inspect logs\n']);
});

test('exit 2: usage errors', async () => {
  for (const args of [
    ['validate'],
    ['validate', '--baseline', 'a.jsonl'],
    ['validate', '--key', 'id', 'a.jsonl'],
    ['validate', '--format', 'yaml', 'a.jsonl'],
    ['validate', '--key', 'id', '--by-line', '--baseline', 'a', '--trained', 'b'],
    ['stats', '--colour', 'a.jsonl'],
  ]) {
    const r = await cli(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /^usage: /, args.join(' '));
  }
});

test('stats: counts per side, metadata and scores; --json has items', async () => {
  const r = await cli('stats', 'samples/trait-rl-sample.jsonl');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^items\s+36$/m);
  assert.match(r.stdout, /^baseline models\s+base-v3 36$/m);
  assert.match(r.stdout, /^domains\s+healthcare 9, education 7, engineering 7, science 7, law 6$/m);
  const j = await cli('stats', '--json', 'samples/hh-style.jsonl');
  const s = JSON.parse(j.stdout) as { items: number; sides: { name: string; scored: number }[] };
  assert.equal(s.items, 6);
  assert.deepEqual(s.sides.map((x) => x.name), ['chosen', 'rejected']);
  const pairs = await cli('stats', '--json', '--baseline', 'samples/runs/baseline.jsonl', '--trained', 'samples/runs/trained.jsonl');
  const p = JSON.parse(pairs.stdout) as { items: number; sides: { name: string; models: Record<string, number> }[] };
  assert.deepEqual([p.items, p.sides.map((x) => [x.name, x.models])], [12, [['baseline', { 'base-v3': 12 }], ['trained', { 'trait-rl-v3': 12 }]]]);
  const bad = await cli('stats', '--json', fx('bad/schema.jsonl'));
  assert.deepEqual([bad.code, (JSON.parse(bad.stdout) as { items: number; errors: number }).errors], [1, 5]);
});

test('validate and stats read every adapter fixture', async () => {
  const cases: [string[], number][] = [
    [[fx('adapters/canonical.jsonl')], 2],
    [[fx('adapters/hh.jsonl')], 2],
    [[fx('adapters/trl-text.jsonl')], 1],
    [[fx('adapters/trl-conversational.jsonl')], 2],
    [['--baseline', fx('adapters/chat-baseline.jsonl'), '--trained', fx('adapters/chat-trained.jsonl')], 2],
    [['--baseline', fx('adapters/sharegpt-baseline.jsonl'), '--trained', fx('adapters/sharegpt-trained.jsonl')], 2],
    [['--baseline', fx('adapters/flat-baseline.jsonl'), '--trained', fx('adapters/flat-trained.jsonl'), '--key', 'instruction'], 2],
    [[fx('adapters/hh.review.json')], 2],
  ];
  for (const [args, items] of cases) {
    const v = await cli('validate', '--json', ...args);
    assert.deepEqual([v.code, (JSON.parse(v.stdout) as { items: number; errors: number }).items], [0, items], args.join(' '));
    const s = await cli('stats', '--json', ...args);
    assert.equal((JSON.parse(s.stdout) as { items: number }).items, items, args.join(' '));
  }
});

test('two runs joined by --key: every command that reads inputs takes them (many inputs did not make --key a usage error)', async () => {
  const pair = ['--baseline', fx('adapters/flat-baseline.jsonl'), '--trained', fx('adapters/flat-trained.jsonl'), '--key', 'instruction'];
  for (const args of [['validate'], ['stats'], ['report', '--json'], ['check'], ['export', '--format', 'labels']]) {
    const r = await cli(...args, ...pair);
    assert.notEqual(r.code, 2, `${args[0]}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /^usage:/m, args[0]);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySource } from '../../src/core/input/byteSource';
import { endsEscaping, stringEnd } from '../../src/core/input/jsonStringEnd';
import { JsonLog } from '../../src/core/inspect/jsonLog';
import { SampleScanner, scanSamples, type SampleRanges } from '../../src/core/inspect/jsonSampleScan';
import { keyText, type RunSource } from '../../src/core/runs/runSource';
import { header, type Json, type Sample } from '../fixtures/formats/inspectBuild';

type Ranges = Omit<SampleRanges, 'keys'>;

/**
 * The plain scan: every byte looked at, one after another, the whole document at once; a string
 * ends at a quote not preceded by an escaping backslash, as JSON says. The fast scan must find
 * the same ranges however its input is cut into blocks.
 */
function plainScan(b: Uint8Array): Ranges | undefined {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = -1;
  let lastKey = '';
  let inSamples = false;
  let open = -1;
  let element = -1;
  let last = -1;
  let line = 1;
  let elementLine = 1;
  const starts: number[] = [];
  const ends: number[] = [];
  const endElement = () => {
    if (element >= 0) {
      starts.push(element);
      ends.push(last + 1);
    }
    element = -1;
  };
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) {
        inString = false;
        if (depth === 1 && !inSamples) lastKey = Buffer.from(b.subarray(stringStart, i)).toString('latin1');
        if (inSamples && depth === 2) last = i;
      }
      continue;
    }
    const blank = c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
    if (c === 0x0a) line++;
    if (inSamples && depth === 2 && element < 0 && !blank && c !== 0x2c && c !== 0x5d && c !== 0x7d) {
      element = i;
      elementLine = line;
    }
    if (c === 0x22) {
      inString = true;
      stringStart = i + 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (depth === 1 && c === 0x5b && lastKey === 'samples' && open < 0) {
        inSamples = true;
        open = i;
      }
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (inSamples && depth === 1) {
        endElement();
        return { open, close: i, starts, ends };
      }
      if (inSamples && depth === 2) last = i;
    } else if (c === 0x2c && inSamples && depth === 2) endElement();
    if (!blank && inSamples && depth === 2) last = i;
  }
  return open < 0 ? undefined : { open, close: -1, starts, ends, cut: { line: element >= 0 ? elementLine : line, inSample: element >= 0 } };
}

/** The fast scan, fed `block` bytes at a time. */
function fastScan(b: Uint8Array, block: number): SampleRanges | undefined {
  const scanner = new SampleScanner();
  for (let base = 0; base < b.length; base += block) if (!scanner.push(b.subarray(base, base + block), base)) break;
  return scanner.result();
}

const enc = (s: string) => new TextEncoder().encode(s);

async function built<T extends RunSource>(run: T): Promise<T> {
  await run.build();
  return run;
}
const ranges = (r: SampleRanges | undefined): Ranges | undefined => r && { open: r.open, close: r.close, starts: r.starts, ends: r.ends, ...(r.cut ? { cut: r.cut } : {}) };

/** Every block size 1…4096 (and the whole document at once) finds the plain scan's ranges; keys peeked are the samples' own. */
function assertSameAtEveryBlockSize(doc: Uint8Array, what: string, sizes: Iterable<number> = blockSizes()): void {
  const plain = plainScan(doc);
  for (const size of [doc.length + 1, ...sizes]) {
    const fast = fastScan(doc, size);
    assert.deepEqual(ranges(fast), plain, `${what}: blocks of ${size} bytes`);
    // Keys are peeked only within a block: checked where whole samples fit in one.
    if (size > 1024) fast?.keys.forEach((key, k) => {
      if (!key || k >= fast.starts.length) return;
      const v = JSON.parse(new TextDecoder().decode(doc.subarray(fast.starts[k], fast.ends[k]))) as { id: unknown; epoch: unknown };
      assert.deepEqual(key, { id: String(v.id), epoch: v.epoch }, `${what}: key of sample ${k}, blocks of ${size}`);
    });
  }
}

function* blockSizes(): Generator<number> {
  for (let s = 1; s <= 4096; s++) yield s;
}

/** A valid document's ranges are exactly its samples: each parses to the sample, with only blanks and commas between. */
function assertExact(doc: Uint8Array, found: SampleRanges | undefined, what: string): void {
  const whole = JSON.parse(new TextDecoder().decode(doc)) as { samples: Json[] };
  assert.ok(found, `${what}: samples found`);
  const text = (from: number, to: number) => new TextDecoder().decode(doc.subarray(from, to));
  assert.equal(found.starts.length, whole.samples.length, `${what}: count`);
  assert.deepEqual([text(found.open, found.open + 1), text(found.close, found.close + 1)], ['[', ']']);
  found.starts.forEach((s, k) => assert.deepEqual(JSON.parse(text(s, found.ends[k]!)), whole.samples[k], `${what}: sample ${k}`));
  const gaps = [found.open + 1, ...found.ends].map((from, k) => text(from, k < found.starts.length ? found.starts[k]! : found.close));
  gaps.forEach((g, k) => assert.match(g, k === 0 || k === found.starts.length ? /^\s*$/ : /^\s*,\s*$/, `${what}: between samples ${k - 1} and ${k}`));
}

// Strings that put a quote or a run of backslashes anywhere relative to a block's edge.
const nasty = [
  'a "quoted" word',
  'ends in a backslash \\',
  'two \\\\ and three \\\\\\ backslashes',
  '\\"',
  '\\\\"',
  '\\\\\\"]}',
  '"',
  '',
  '[{,}]: "samples": [',
  'unicode: é 東京 🙂 \u2028 \u0000 \t\n',
  '\\'.repeat(9) + '"' + '\\'.repeat(8),
];

function sample(id: string | number, epoch: number, k: number): Sample {
  return {
    id,
    epoch,
    input: nasty[k % nasty.length]!,
    messages: [
      { role: 'user', content: nasty[(k + 3) % nasty.length]! },
      { role: 'assistant', content: [{ type: 'text', text: nasty[(k + 5) % nasty.length]! }, { type: 'reasoning', reasoning: [[[]], {}, { a: [1, 2, { b: null }] }] }] },
    ],
    scores: { s: { value: k % 2 ? 'C' : 1.5, explanation: nasty[(k + 7) % nasty.length]! } },
    metadata: { nested: { deeper: { list: nasty.slice(0, (k % 4) + 1) } } },
  };
}

const samples = [sample(1, 1, 0), sample('b-"2"', 1, 1), sample('ü', 2, 2), sample(-4, 1, 3), sample('x\\', 3, 4), sample('5', 1, 5)];
/** The same log written compact, pretty (2 spaces), with tabs and CRLF, and with blanks around every comma and colon. */
const whitespace: [string, (v: Json) => string][] = [
  ['compact', (v) => JSON.stringify(v)],
  ['pretty', (v) => JSON.stringify(v, null, 2)],
  ['tabs and CRLF', (v) => JSON.stringify(v, null, '\t').replace(/\n/g, '\r\n')],
  ['blanks around commas and colons', (v) => JSON.stringify(v, null, 1).replace(/\n\s*/g, ' ').replace(/^/, '  \n ') + ' \n'],
];

test('fast scan = plain scan and JSON.parse: escaped quotes, backslash runs, unicode, nesting, each whitespace, blocks of every size 1…4096', () => {
  for (const [name, write] of whitespace) {
    // `samples` also as a value and as a nested key before the real one, and a key that only starts like it.
    const log: Json = { ...header('t', 'm', samples), note: 'samples', deep: { samples: [1, 2] }, samplesX: [3], samples: samples as Json[], after: ['samples', { samples: [] }] };
    const doc = enc(write(log));
    assertSameAtEveryBlockSize(doc, name);
    assertExact(doc, fastScan(doc, 4096), name);
    assertExact(doc, fastScan(doc, 7), name);
  }
});

test('fast scan = plain scan: no samples, empty, null, scalar and empty elements, a top-level array', () => {
  const docs = [
    '{"samples": []}',
    '{"samples":[ ]}',
    '{"samples": null}',
    '{"eval": {"samples": [1]}}',
    '{"samples": [1, "two", null, true, -3.5e2, {}, []]}',
    '{"samples": [ , 1,, ]}',
    '{"samples": [1 2, 3]}',
    '["samples", [1, 2]]',
    '{"sampl\\u0065s": [1]}',
    '',
  ];
  for (const d of docs) assertSameAtEveryBlockSize(enc(d), d, [1, 2, 3, 5, 8]);
});

test('fast scan = plain scan: cut off anywhere (the same samples before the cut, the same line of the cut), an unterminated string, huge depth, stray closing brackets', () => {
  const doc = enc(JSON.stringify({ ...header('t', 'm', samples), samples }, null, 1));
  // Cut at every offset: whole blocks and a few small ones.
  for (let cut = 0; cut < doc.length; cut += 1 + (cut % 7)) assertSameAtEveryBlockSize(doc.subarray(0, cut), `cut at ${cut}`, [2, 3, 64, 1000]);
  const deep = 100_000;
  const hostile = [
    '{"samples": [{"id": 1, "epoch": 1, "input": "never ends',
    '{"samples": [{"id": 1, "epoch": 1, "input": "never ends \\',
    '{"samples": [{"id": 1, "epoch": 1}, "a string that never ends\\"]}',
    `{"samples": [${'['.repeat(deep)}${']'.repeat(deep)}, 1]}`,
    `{"samples": [${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}]}`,
    `{"samples": [${'['.repeat(deep)}`,
    `${'['.repeat(deep)}{"samples": [1]}`,
    '{"samples": [1]]]]}',
    ']]]]{"samples": [1]}',
    '{"samples": [{]}, 2]}',
  ];
  for (const d of hostile) assertSameAtEveryBlockSize(enc(d), d.slice(0, 60), [1, 2, 3, 7, 4096]);
});

test('scanSamples over a source = the scanner fed blocks; a log without a samples array has none', async () => {
  const doc = enc(JSON.stringify({ ...header('t', 'm', samples), samples }));
  assert.deepEqual(await scanSamples(memorySource(doc)), fastScan(doc, doc.length));
  assert.equal(await scanSamples(memorySource(enc('{"eval": {}}'))), undefined);
  assert.deepEqual(await scanSamples(memorySource(doc.subarray(0, doc.length - 10))), fastScan(doc.subarray(0, doc.length - 10), doc.length));
});

test('string ends: a quote after an even run of backslashes closes, after an odd run it does not; an odd run at the end escapes the next byte', () => {
  for (let run = 0; run <= 6; run++) {
    const b = enc(`ab${'\\'.repeat(run)}"cd"`);
    assert.equal(stringEnd(b, 0), run % 2 ? b.length - 1 : 2 + run, `${run} backslashes`);
    assert.equal(endsEscaping(enc(`ab${'\\'.repeat(run)}`), 0), run % 2 === 1);
    // Backslashes before `from` were read already (an escape that ended there): they escape nothing after it.
    assert.equal(stringEnd(b, 2 + run), 2 + run);
  }
  assert.equal(stringEnd(enc('no quote'), 0), -1);
});

test('a cut-off .json log: the samples before the cut are shown, the cut is an error on the line where its sample starts', async () => {
  const doc = JSON.stringify({ ...header('t', 'm', samples), samples }, null, 4);
  const third = doc.indexOf('"id": "ü"');
  const cutDoc = enc(doc.slice(0, third + 40));
  const log = new JsonLog(memorySource(cutDoc), 'cut.json');
  await log.build();
  const line = doc.slice(0, third).split('\n').length - 1;
  assert.deepEqual(
    log.diagnostics.map((d) => [d.line, d.message]),
    [[line, `line ${line}: the log ends inside sample 3: the file looks cut off (the 2 whole samples before it are shown)`]],
  );
  assert.deepEqual([log.count, keyText(log.key(1)), (await log.read(1)).transcript?.id], [2, 't/b-"2"_epoch_1', 'b-"2"']);
  // Cut between two samples (a sample is whole once the comma after it is there).
  const first = doc.indexOf('"id": 1');
  const between = await built(new JsonLog(memorySource(enc(doc.slice(0, first + doc.slice(first).indexOf('}\n        }') + 12))), 'between.json'));
  assert.deepEqual([between.count, between.diagnostics.map((d) => d.message.replace(/^line \d+: /, ''))], [1, ['the log ends after sample 1, inside the samples array: the file looks cut off (the 1 whole sample before it is shown)']]);
  // Cut before the samples array: no log.
  const early = await built(new JsonLog(memorySource(enc(doc.slice(0, 200))), 'early.json'));
  assert.match(early.diagnostics[0]!.message, /not an Inspect log/);
});

// The fast paths that open large agent-trace inputs (an OTLP file scanned for its spans, a folder
// of sessions read a window of files at a time and searched for its chains) give the runs that
// reading every file whole gives: the same runs, in the same order, with the same transcripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTraceRun } from '../../src/core/open/openTraces';
import type { FileAccess } from '../../src/core/open/fileAccess';
import { readClaudeCode } from '../../src/core/traces/claudeCode';
import { readOtel } from '../../src/core/traces/otel';
import { OtlpScanner } from '../../src/core/traces/otlpScan';
import type { TraceFormat } from '../../src/core/traces/traceFormat';
import type { TraceReader } from '../../src/core/traces/traceGroup';
import type { Transcript } from '../../src/core/adapters/types';
import { firstUserKey } from '../../src/core/traces/traceMessages';
import { claudeSession, otlpLines } from '../bench/traceData';
import { memoryFiles } from './memoryFiles';

const encode = (text: string) => new TextEncoder().encode(text);
const fixtures = 'test/fixtures/formats/agents';

/** Every run of an opened trace input, as indexed and then read one by one. */
async function indexed<F>(io: FileAccess<F>, file: F, format: TraceFormat): Promise<{ key: string; transcript?: Transcript }[]> {
  const { run, close } = await openTraceRun(io, file, format);
  try {
    await run.build();
    const out: { key: string; transcript?: Transcript }[] = [];
    for (let i = 0; i < run.count; i++) {
      const { transcript } = await run.read(i);
      out.push({ key: run.key(i).id, ...(transcript ? { transcript } : {}) });
    }
    return out;
  } finally {
    await close();
  }
}

/** The runs of files read whole by the format's reader, each group after the other. */
function whole(reader: TraceReader, groups: { main: Record<string, string>; related?: Record<string, string> }[]): Transcript[] {
  const bytes = (files: Record<string, string>) => Object.entries(files).map(([name, text]) => ({ name, bytes: encode(text) }));
  return groups.flatMap((g) => reader({ main: bytes(g.main), related: bytes(g.related ?? {}) }, {}).runs.map((r) => r.transcript));
}

/** Spans with escapes in their names, keys and ids, a trace split over two requests, and a cut-off last line. */
function hostileOtlp(): string {
  const lines = otlpLines(30, 7).trimEnd().split('\n');
  // A quote, backslashes and a line-break escape in a span's name; an id written with a \u escape.
  lines[0] = lines[0]!.replace('"name":"chat gpt-4.1"', '"name":"chat \\"gpt\\" \\\\\\\\ \\\\\\" 4.1\\n"').replace(`"traceId":"${'0'.repeat(31)}1"`, `"traceId":"${'0'.repeat(31)}\\u0031"`);
  // The second request's spans of trace 12 move to a later request of their own: a trace split over two lines.
  const later = otlpLines(1, 3, 1, 12).trimEnd().replace(/"spanId":"([0-9a-f]+)"/g, (_, id: string) => `"spanId":"f${id.slice(1)}"`);
  return `${lines.join('\n')}\n${later}\n${lines[0]!.slice(0, 500)}`;
}

test('an OTLP scan gives the same spans however the bytes are cut into chunks', () => {
  const bytes = encode(hostileOtlp());
  const scan = (size: number) => {
    const s = new OtlpScanner('t.jsonl');
    for (let at = 0; at < bytes.length; at += size) s.push(bytes.subarray(at, Math.min(bytes.length, at + size)), at);
    return s.finish();
  };
  const all = scan(bytes.length);
  assert.equal(all.spans.length, 30 * 7 + 3, 'every whole request’s spans, none of the cut-off one’s');
  assert.equal(all.spans[0]!.traceId, `${'0'.repeat(31)}1`, 'an escaped id is read as its text');
  assert.equal(all.diagnostics.length, 1);
  for (const size of [1, 2, 3, 7, 64, 1000, 4096]) assert.deepEqual(scan(size), all, `chunks of ${size} bytes`);
});

test('an OTLP file indexed and read trace by trace gives the traces of the file read whole', async () => {
  const inputs: [string, string][] = [
    ['/w/hostile.jsonl', hostileOtlp()],
    ['/w/fixture-lines.jsonl', readFileSync(join(fixtures, 'otel/baseline/traces.jsonl'), 'utf8')],
    ['/w/fixture-document.json', readFileSync(join(fixtures, 'otel/trained/traces.json'), 'utf8')],
  ];
  for (const [name, text] of inputs) {
    const { access } = memoryFiles({ [name]: text });
    const fast = await indexed(access, name, 'otel');
    const plain = whole(readOtel, [{ main: { [name]: text } }]);
    assert.ok(plain.length > 0, name);
    assert.deepEqual(
      fast.map((r) => r.transcript),
      plain,
      `${name}: the same traces, in the same order`,
    );
    assert.deepEqual(
      fast.map((r) => r.key),
      plain.map((t) => t.id),
      `${name}: each keyed by its trace id`,
    );
  }
});

test('a folder of Claude Code sessions indexed and read session by session gives the sessions read whole, with their keys', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`/w/s/s${String(i).padStart(3, '0')}.jsonl`] = claudeSession(i, 6 + (i % 9));
  // A `/clear` (a second chain in one file), bookkeeping lines before the first prompt, and a cut-off last line.
  files['/w/s/s900.jsonl'] = `${claudeSession(900, 7)}${claudeSession(901, 5)}`;
  files['/w/s/s901.jsonl'] = `{"type":"summary","summary":"earlier","leafUuid":"x"}\n{"type":"file-history-snapshot","messageId":"m"}\n${claudeSession(902, 9).slice(0, -40)}`;
  // The fixture's sessions with a sub-agent file beside them.
  const dir = join(fixtures, 'claude-code/baseline');
  for (const f of readdirSync(dir)) files[`/w/s/${f}`] = readFileSync(join(dir, f), 'utf8');
  const agents = Object.fromEntries(Object.entries(files).filter(([f]) => /\/agent-[^/]*$/.test(f)));
  const sessions = Object.keys(files)
    .filter((f) => !(f in agents))
    .sort();

  const { access } = memoryFiles(files);
  const fast = await indexed(access, '/w/s', 'claude-code');
  const plain = whole(
    readClaudeCode,
    sessions.map((f) => ({ main: { [f]: files[f]! }, related: agents })),
  );
  assert.equal(fast.length, 40 + 2 + 1 + 3, 'a run per session and per chain after a /clear (the fixture’s two sessions hold three)');
  assert.deepEqual(
    fast.map((r) => r.transcript),
    plain,
    'the same sessions, in the same order, read the same',
  );
  for (const [k, r] of fast.entries()) assert.equal(r.key.replace(/#\d+$/, ''), firstUserKey(plain[k]!.messages), `run ${k} is keyed on its first prompt`);
});

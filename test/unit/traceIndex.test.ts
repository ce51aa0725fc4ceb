// Large agent-trace inputs open by indexing: which runs exist and where their bytes are, not
// every record parsed. The index parses no span body of an OTLP file and only a session's first
// lines; a bad body later in a file is an error of the run that holds it, when that run is shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openInput } from '../../src/core/open/openInput';
import { openTraceRun } from '../../src/core/open/openTraces';
import { SingleRun, RunPairing } from '../../src/core/runs/runPairing';
import { firstUserKey } from '../../src/core/traces/traceMessages';
import { nodeFiles } from '../../src/node/input';
import { claudeSession, otlpLines } from '../bench/traceData';
import { memoryFiles } from './memoryFiles';

/** The input's problems, without the note that a run opened alone can be paired. */
const problems = (source: { diagnostics: readonly { message: string }[] }) => source.diagnostics.filter((d) => !/^one run's samples only/.test(d.message));

/** Counts `JSON.parse` calls while `body` runs. */
async function parses<T>(body: () => Promise<T>): Promise<{ value: T; calls: number }> {
  const parse = JSON.parse;
  let calls = 0;
  JSON.parse = ((...args: Parameters<typeof JSON.parse>) => {
    calls++;
    return parse(...args);
  }) as typeof JSON.parse;
  try {
    return { value: await body(), calls };
  } finally {
    JSON.parse = parse;
  }
}

test('an OTLP file is indexed without parsing a span; a bad span body is an error of its trace alone, when shown', async () => {
  const lines = otlpLines(40, 6).trimEnd().split('\n');
  // The last trace's second span (a chat span) gets a body that is no JSON.
  const last = lines.length - 1;
  const bad = lines[last]!.lastIndexOf('"gen_ai.request.model", "value": {"stringValue": "gpt-4.1"}'.replace(/ /g, ''));
  assert.ok(bad > 0);
  lines[last] = `${lines[last]!.slice(0, bad)}"gen_ai.request.model","value":{"stringValue": tru}${lines[last]!.slice(bad + '"gen_ai.request.model","value":{"stringValue":"gpt-4.1"}'.length)}`;
  const { access } = memoryFiles({ '/w/traces.jsonl': `${lines.join('\n')}\n` });
  const opened = await openInput('/w/traces.jsonl', access);
  assert.ok(opened.source instanceof SingleRun);
  const built = await parses(() => opened.source.build());
  assert.equal(built.calls, 0, 'no span body (nor any line) is parsed to index');
  assert.equal(opened.source.count, 40);
  assert.deepEqual(problems(opened.source), []);

  const first = await parses(() => opened.source.item(0));
  assert.equal(first.value.diagnostics.length, 0);
  assert.ok(first.value.transcript && first.value.transcript.messages.length > 0);
  assert.ok(first.calls <= 6 + 1 + 6, `showing one trace parses its 6 spans and its resource (and their messages), not the file: ${first.calls}`);

  const hostile = await opened.source.item(39);
  assert.deepEqual(
    hostile.diagnostics.map((d) => [d.line, d.severity]),
    [[4, 'warning']],
    'the bad span is named at its line; the trace shows without it',
  );
  assert.match(hostile.diagnostics[0]!.message, /^line 4: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[59\]: .*\(skipped; the rest is read\)$/);
  assert.ok(hostile.transcript);
  assert.equal((await opened.source.item(38)).diagnostics.length, 0, 'the trace beside it is whole');
  await opened.close();
});

test('an OTLP file cut off in its last request keeps the requests before it, with the line named', async () => {
  const text = otlpLines(30, 4);
  const { access } = memoryFiles({ '/w/cut.jsonl': text.slice(0, text.length - 200) });
  const opened = await openInput('/w/cut.jsonl', access);
  await opened.source.build();
  assert.equal(opened.source.count, 20, 'two of three requests (10 traces each) are whole');
  assert.deepEqual(
    problems(opened.source).map((d) => d.message),
    ['line 3: the file ends inside this export request; the last line looks cut off (skipped; the rest is read)'],
  );
  await opened.close();
});

test('with --key, an OTLP index parses only the spans that name the attribute', async () => {
  const { access } = memoryFiles({ '/w/a.jsonl': otlpLines(20, 6), '/w/b.jsonl': otlpLines(19, 6) });
  const opened = await openInput('/w/a.jsonl', access, { trained: '/w/b.jsonl', key: 'task.name' });
  assert.ok(opened.source instanceof RunPairing);
  const built = await parses(() => opened.source.build());
  assert.equal(opened.source.count, 19);
  assert.ok(built.calls <= 2 * (20 + 19), `a trace's root span and its resource: ${built.calls}`);
  assert.match(opened.source.diagnostics.map((d) => d.message).join('\n'), /unpaired sample: task-19 is not in /);
  await opened.close();
});

test('a folder of Claude Code sessions is indexed on each session’s first lines; a bad line later is its session’s warning, when shown', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 50; i++) files[`/w/sessions/s${String(i).padStart(3, '0')}.jsonl`] = claudeSession(i, 20);
  const last = files['/w/sessions/s049.jsonl']!.split('\n');
  last[14] = last[14]!.slice(0, 40);
  files['/w/sessions/s049.jsonl'] = last.join('\n');
  const { access } = memoryFiles(files);
  const opened = await openInput('/w/sessions', access);
  const built = await parses(() => opened.source.build());
  assert.equal(opened.source.count, 50);
  assert.ok(built.calls <= 50 * 5, `at most 5 of a session's 20 lines parsed to index: ${built.calls}`);
  assert.deepEqual(problems(opened.source), []);
  assert.deepEqual((await opened.source.item(0)).diagnostics, []);
  const hostile = await opened.source.item(49);
  assert.equal(hostile.diagnostics.length, 1);
  assert.match(hostile.diagnostics[0]!.message, /^line 15: .*\(skipped; the rest is read\)$/);
  assert.equal(hostile.diagnostics[0]!.file, '/w/sessions/s049.jsonl');
  await opened.close();
});

test('the key an index gives a session is the key of the session read whole (its first prompt)', async () => {
  const fx = (f: string) => join('test/fixtures/formats/agents', f);
  for (const [format, dir] of [['claude-code', 'claude-code/baseline'], ['claude-code', 'claude-code/trained'], ['codex', 'codex/baseline'], ['codex', 'codex/trained']] as const) {
    const { run, close } = await openTraceRun(nodeFiles, fx(dir), format);
    await run.build();
    for (let i = 0; i < run.count; i++) {
      const r = await run.read(i);
      assert.equal(run.key(i).id.replace(/#\d+$/, ''), firstUserKey(r.transcript!.messages), `${dir} run ${i}`);
    }
    await close();
  }
});

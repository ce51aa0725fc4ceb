// Agent traces (Claude Code sessions, Codex rollouts, OTel GenAI / OpenInference OTLP, Harbor
// ATIF trajectories): `validate` and `stats` on each format's fixtures against a hand count,
// two folders per format paired by task with the missing task named, and what each reader
// keeps (sub-agents, compaction, tool errors, unknown events) checked on the transcripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from './helpers';
import { messageText } from '../../src/core/messageText';
import type { Message } from '../../src/core/schema';
import { sniffTraceFormat } from '../../src/core/traces/traceFormat';
import { traceReaders } from '../../src/core/traces/traceRunSource';
import type { TraceFileBytes } from '../../src/core/traces/traceGroup';
import { openTraceRun } from '../../src/core/open/openTraces';
import { nodeFiles } from '../../src/node/input';

const fx = (f: string) => join('test/fixtures/formats/agents', f);

interface Spread {
  total: number;
  max: number;
}
interface StatsJson {
  items: number;
  transcripts: number;
  errors: number;
  warnings: number;
  sides: { name: string; models: Record<string, number>; messages: Spread; turns: Spread; toolCalls: Spread; scoreKeys: Record<string, number> }[];
}

/**
 * The hand count of each format's fixtures: per side, runs, models, messages, assistant turns
 * (steps) and tool calls, sub-agents' included; the parts of the baseline folder skipped (a cut-off
 * line, a bad step: warnings, as the rest is shown) and its warnings in all (they count the "pair
 * this run" note); the task only the baseline has.
 */
const hand = {
  'claude-code': {
    baseline: { runs: 3, models: { 'claude-sonnet-4-5-20250929': 3 }, messages: 19, turns: 9, toolCalls: 5 },
    trained: { runs: 2, models: { 'claude-sonnet-4-5-rl': 2 }, messages: 8, turns: 4, toolCalls: 2 },
    skipped: 1,
    warnings: 3,
    unpaired: 'write-a-readme-section-about-ins-4fc5f54a',
  },
  codex: {
    baseline: { runs: 3, models: { 'gpt-5-codex': 3 }, messages: 19, turns: 9, toolCalls: 5 },
    trained: { runs: 2, models: { 'gpt-5-codex-rl': 2 }, messages: 6, turns: 3, toolCalls: 1 },
    skipped: 1,
    warnings: 3,
    unpaired: 'write-a-readme-section-about-ins-4fc5f54a',
  },
  otel: {
    baseline: { runs: 3, models: { 'gpt-4.1-2025-04-14': 1, 'gpt-4.1': 2 }, messages: 16, turns: 8, toolCalls: 4 },
    trained: { runs: 2, models: { 'gpt-4.1-rl': 2 }, messages: 6, turns: 3, toolCalls: 1 },
    skipped: 1,
    warnings: 2,
    unpaired: 'readme-install',
  },
  harbor: {
    baseline: { runs: 3, models: { 'anthropic/claude-sonnet-4-5': 3 }, messages: 21, turns: 8, toolCalls: 5 },
    trained: { runs: 2, models: { 'anthropic/claude-sonnet-4-5-rl': 2 }, messages: 6, turns: 3, toolCalls: 1 },
    skipped: 2,
    warnings: 3,
    unpaired: 'readme-install',
  },
} as const;

for (const [format, h] of Object.entries(hand)) {
  test(`${format}: validate and stats on each run folder match the hand count`, async () => {
    for (const side of ['baseline', 'trained'] as const) {
      const s = await cli('stats', '--json', fx(`${format}/${side}`));
      const stats = JSON.parse(s.stdout) as StatsJson;
      const want = h[side];
      assert.equal(stats.transcripts, want.runs, `${side} runs`);
      const run = stats.sides[0]!;
      assert.deepEqual(run.models, want.models, `${side} models`);
      assert.deepEqual([run.messages.total, run.turns.total, run.toolCalls.total], [want.messages, want.turns, want.toolCalls], `${side} messages, turns, tool calls`);
    }
    const v = await cli('validate', fx(`${format}/baseline`));
    assert.equal(v.code, 0, v.stdout);
    assert.match(v.stdout, new RegExp(`^3 items, 0 errors, ${h.warnings} warnings$`, 'm'));
    // Every skipped part names its line in the file it is in.
    const skipped = v.stdout.split('\n').filter((l) => /\(skipped; the rest is read\)$/.test(l));
    assert.equal(skipped.length, h.skipped);
    for (const line of skipped) assert.match(line, /^test\/fixtures\/formats\/agents\/.+:\d+:\d+: warning: line \d+: /);
  });

  test(`${format}: two folders pair by task; the task the trained run lacks is a warning naming it`, async () => {
    const args = ['--baseline', fx(`${format}/baseline`), '--trained', fx(`${format}/trained`), ...(format === 'otel' ? ['--key', 'task.name'] : [])];
    const v = await cli('validate', ...args);
    assert.match(v.stdout, new RegExp(`warning: unpaired sample: ${h.unpaired} is not in `));
    assert.match(v.stdout, /^2 items, /m);
    const stats = JSON.parse((await cli('stats', '--json', ...args)).stdout) as StatsJson;
    assert.equal(stats.items, 2);
    assert.deepEqual(stats.sides.map((x) => x.name), ['baseline', 'trained']);
    assert.deepEqual(stats.sides[1]!.models, h.trained.models);
    const report = await cli('report', '--json', ...args);
    assert.equal((JSON.parse(report.stdout) as { items: { total: number } }).items.total, 2, 'report: two pairs');
    assert.match(report.stderr, new RegExp(`unpaired sample: ${h.unpaired}`));
  });
}

/** The files of a folder, by base name → bytes. */
async function files(dir: string, names: readonly string[]): Promise<TraceFileBytes[]> {
  return Promise.all(names.map(async (n) => ({ name: join(dir, n), bytes: await readFile(join(dir, n)) })));
}

const names = (ms: readonly Message[]) => ms.map((m) => `${m.role}${m.name ? ` (${m.name})` : ''}`);
const callIds = (ms: readonly Message[]) => ms.flatMap((m) => (m.tool_calls ?? []).map((c) => c.id));

test('Claude Code: merged blocks, a tool error, the sub-agent file after its Task result, compaction, unknown events kept', async () => {
  const dir = fx('claude-code/baseline');
  const [main, agent] = await files(dir, ['sess-0001.jsonl', 'agent-a1b2c3.jsonl']);
  const read = traceReaders['claude-code']({ main: [main!], related: [agent!] }, {});
  const t = read.runs[0]!.transcript;
  assert.deepEqual(names(t.messages), [
    'user',
    'assistant',
    'tool (Bash · error)',
    'assistant',
    'tool (Task)',
    'user (sub-agent a1b2c3)',
    'assistant (sub-agent a1b2c3)',
    'tool (sub-agent a1b2c3 · Grep)',
    'assistant (sub-agent a1b2c3)',
    'system (compaction)',
    'user (compaction summary)',
    'assistant',
    'assistant',
  ]);
  assert.equal(t.messages[1]!.reasoning, 'Run the test first to see the failure.', 'thinking and tool_use lines of one message merge');
  assert.deepEqual(callIds(t.messages), ['toolu_1', 'toolu_2', 'toolu_s1', 'toolu_3']);
  assert.equal(t.messages.filter((m) => m.tool_call_id === 'toolu_3').length, 0, 'the Edit has no result: none is made up');
  const meta = t.metadata.claude_code as { other_events: { type: string }[]; line_fields: Record<string, Record<string, unknown>> };
  assert.deepEqual(meta.other_events.map((e) => e.type), ['summary', 'progress-ping']);
  assert.deepEqual(meta.line_fields['7']?.toolUseResult, { status: 'completed', agentId: 'a1b2c3', totalDurationMs: 1200 }, 'fields the transcript has no place for are in the metadata');
  const two = traceReaders['claude-code']({ main: await files(dir, ['sess-0002.jsonl']), related: [] }, {});
  assert.deepEqual(two.runs.map((r) => r.transcript.id), ['sess-0002', 'sess-0002#2'], '/clear starts a second conversation');
});

test('Codex: context messages named, reasoning on its turn, a failed command, the sub-agent rollout after its call, compaction', async () => {
  const dir = fx('codex/baseline');
  const all = (await readdir(dir)).sort();
  const [main, ...rest] = await files(dir, all);
  const t = traceReaders.codex({ main: [main!], related: rest }, {}).runs[0]!.transcript;
  assert.deepEqual(names(t.messages), [
    'user (context)',
    'user',
    'assistant',
    'tool (shell · error)',
    'assistant',
    'tool (spawn_agent)',
    'user (sub-agent 0199a1b2)',
    'assistant (sub-agent 0199a1b2)',
    'tool (sub-agent 0199a1b2 · shell)',
    'assistant (sub-agent 0199a1b2)',
    'user (compaction summary)',
    'assistant',
    'assistant',
  ]);
  assert.match(t.messages[2]!.reasoning ?? '', /Run the tests first/);
  assert.equal(messageText(t.messages[3]!), 'F\n1 failed in 0.02s', 'the output of a JSON `{output, metadata}` string');
  assert.equal(t.model, 'gpt-5-codex');
  const codex = t.metadata.codex as { other_lines: { payload: { type: string } }[]; events: Record<string, number> };
  assert.deepEqual(codex.other_lines.map((l) => l.payload.type), ['ghost_snapshot']);
  assert.deepEqual(codex.events, { user_message: 1, token_count: 1 });
});

test('OTel: current names, a sub-agent under its tool span, an errored tool, OpenInference and previous names, unread attributes kept', async () => {
  const [f] = await files(fx('otel/baseline'), ['traces.jsonl']);
  const read = traceReaders.otel({ main: [f!], related: [] }, { key: 'task.name' });
  assert.deepEqual(read.runs.map((r) => r.task), ['fix-math', 'add-verbose', 'readme-install']);
  const [a, b, c] = read.runs.map((r) => r.transcript);
  assert.deepEqual(names(a!.messages), ['system', 'user', 'assistant', 'tool (run_tests · error)', 'assistant', 'tool (delegate)', 'user (sub-agent reader)', 'assistant (sub-agent reader)', 'assistant', 'assistant']);
  assert.deepEqual(callIds(a!.messages), ['call_1', 'call_2', 'call_3']);
  assert.equal(a!.messages.filter((m) => m.tool_call_id === 'call_3').length, 0, 'call_3 has no tool span: no result');
  const otel = a!.metadata.otel as { unread: { name: string; attributes?: Record<string, unknown> }[]; usage: Record<string, number> };
  assert.deepEqual(otel.usage, { input_tokens: 400, output_tokens: 80 });
  assert.ok(otel.unread.some((s) => s.name.startsWith('embeddings') && s.attributes?.['app.cache_hit'] === true), 'an operation the reader does not know stays in the metadata');
  assert.deepEqual(names(b!.messages), ['user', 'assistant', 'tool (read_file)', 'assistant']);
  assert.equal(b!.model, 'gpt-4.1');
  assert.deepEqual(c!.messages.map(messageText), ['Write a README section about installation', '## Installation\n\n    pip install mathlib']);
  const pretty = traceReaders.otel({ main: await files(fx('otel/trained'), ['traces.json']), related: [] }, {});
  assert.equal(pretty.runs.length, 2, 'one pretty-printed export document');
});

test('Harbor: steps, a sub-agent trajectory by reference, continuation, reward as score, a bad step located by path', async () => {
  const dir = fx('harbor/baseline/fix-math__a1b2c3');
  const main = await files(join(dir, 'agent'), ['trajectory.json', 'trajectory.cont-1.json']);
  const related = [...(await files(join(dir, 'agent'), ['trajectory.summarization-1-summary.json'])), ...(await files(dir, ['result.json']))];
  const read = traceReaders.harbor({ main, related }, {});
  const run = read.runs[0]!;
  assert.equal(run.task, 'fix-math');
  assert.deepEqual(run.transcript.scores, { reward: 0 });
  assert.deepEqual(names(run.transcript.messages), [
    'system',
    'user',
    'assistant',
    'tool (bash_command · error)',
    'assistant',
    'tool (delegate)',
    'user (sub-agent run-fix-math-summarization-1)',
    'assistant (sub-agent run-fix-math-summarization-1)',
    'tool (sub-agent run-fix-math-summarization-1 · bash_command)',
    'assistant',
    'system',
    'tool (system observation)',
    'system (continuation)',
    'user',
    'assistant',
  ]);
  assert.deepEqual(read.diagnostics.map((d) => `${d.line} ${d.severity}`), ['123 error'], 'the reader reports the bad step; the run source shows it as skipped');
  const harbor = run.transcript.metadata.harbor as { step_fields: Record<string, unknown>; totals: Record<string, number>; trajectory: { extra?: unknown }[] };
  assert.deepEqual(harbor.step_fields['3'], { tool_definitions_hash: 'abc' });
  assert.equal(harbor.totals.prompt_tokens, 2100);
  assert.deepEqual(harbor.trajectory[0]!.extra, { harness: 'terminus-2' });
});

test('a folder run keys by first user message: the same prompt in two agents’ runs has the same key', async () => {
  const a = await openTraceRun(nodeFiles, fx('claude-code/baseline'), 'claude-code');
  const b = await openTraceRun(nodeFiles, fx('codex/baseline'), 'codex');
  await Promise.all([a.run.build(), b.run.build()]);
  const keys = (r: typeof a.run) => Array.from({ length: r.count }, (_, i) => r.key(i).id).sort();
  assert.deepEqual(keys(a.run), keys(b.run));
  assert.equal(a.run.count, 3);
});

test('format sniffing: each fixture by its first bytes; other JSON is left to the line adapters and Inspect', () => {
  assert.equal(sniffTraceFormat('x.jsonl', '{"parentUuid":null,"isSidechain":false,"sessionId":"s","type":"user","message":{}}'), 'claude-code');
  assert.equal(sniffTraceFormat('x.jsonl', '{"type":"summary","summary":"s","leafUuid":"u"}'), 'claude-code');
  assert.equal(sniffTraceFormat('x.jsonl', '{"timestamp":"t","type":"session_meta","payload":{"id":"x"}}'), 'codex');
  assert.equal(sniffTraceFormat('x.json', '{\n  "resourceSpans": []}'), 'otel');
  assert.equal(sniffTraceFormat('trajectory.json', '{}'), 'harbor');
  assert.equal(sniffTraceFormat('run.json', '{"schema_version": "ATIF-v1.4", "steps": []}'), 'harbor');
  assert.equal(sniffTraceFormat('log.json', '{"version": 2, "eval": {"task": "t"}, "samples": []}'), undefined);
  assert.equal(sniffTraceFormat('chat.jsonl', '{"id":"1","messages":[{"role":"user","content":"hi"}]}'), undefined);
});

test('--format forces a trace format; a manifest pairs two trace folders', async () => {
  const forced = JSON.parse((await cli('stats', '--json', '--format', 'harbor', fx('harbor/trained'))).stdout) as StatsJson;
  assert.equal(forced.transcripts, 2);
  const bad = await cli('stats', '--format', 'nope', fx('harbor/trained'));
  assert.match(bad.stderr, /one of .*claude-code, codex, otel, harbor/);
  const dir = await mkdtemp(join(tmpdir(), 'traces-'));
  const manifest = join(dir, 'codex.review.json');
  await writeFile(manifest, JSON.stringify({ version: 1, baseline: { file: resolve(fx('codex/baseline')) }, trained: { file: resolve(fx('codex/trained')) }, format: 'codex' }));
  const paired = JSON.parse((await cli('stats', '--json', manifest)).stdout) as StatsJson;
  assert.equal(paired.items, 2);
});

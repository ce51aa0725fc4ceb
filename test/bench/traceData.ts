import { createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

// Agent traces made up at any size, for the bench and the index tests: an OTLP/JSON file (one
// export request per line, as a collector's file exporter writes it) and Claude Code sessions.

const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** One trace of `spans` spans (an agent, then chat / tool spans under it), as OTLP span objects. */
function traceSpans(t: number, spans: number): Record<string, unknown>[] {
  const traceId = hex(t + 1, 32);
  const root = hex(t * 1000 + 1, 16);
  const out: Record<string, unknown>[] = [
    { traceId, spanId: root, parentSpanId: '', name: 'invoke_agent coder', startTimeUnixNano: String(1e18 + t * 1e9), attributes: [attr('gen_ai.operation.name', 'invoke_agent'), attr('task.name', `task-${t}`)], status: {} },
  ];
  for (let s = 1; s < spans; s++) {
    const spanId = hex(t * 1000 + s + 1, 16);
    const start = String(1e18 + t * 1e9 + s * 1000);
    if (s % 2) {
      const input = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Task ${t}: make the tests pass (step ${s}). ${'Context line. '.repeat(8)}` }] }]);
      const output = JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `Looking at step ${s}.` }, { type: 'tool_call', id: `call_${t}_${s}`, name: 'bash', arguments: { command: 'pytest -q' } }] }]);
      out.push({ traceId, spanId, parentSpanId: root, name: 'chat gpt-4.1', startTimeUnixNano: start, attributes: [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.request.model', 'gpt-4.1'), attr('gen_ai.input.messages', input), attr('gen_ai.output.messages', output)], status: {} });
    } else {
      out.push({ traceId, spanId, parentSpanId: root, name: 'execute_tool bash', startTimeUnixNano: start, attributes: [attr('gen_ai.operation.name', 'execute_tool'), attr('gen_ai.tool.name', 'bash'), attr('gen_ai.tool.call.id', `call_${t}_${s - 1}`), attr('gen_ai.tool.call.result', '1 passed in 0.01s')], status: {} });
    }
  }
  return out;
}

/** An OTLP/JSON lines file: `traces` traces of `spansPerTrace` spans, `perLine` traces to an export request. */
export function otlpLines(traces: number, spansPerTrace: number, perLine = 10, first = 0): string {
  const lines: string[] = [];
  for (let t = first; t < first + traces; t += perLine) {
    const spans = Array.from({ length: Math.min(perLine, first + traces - t) }, (_, k) => traceSpans(t + k, spansPerTrace)).flat();
    lines.push(JSON.stringify({ resourceSpans: [{ resource: { attributes: [attr('service.name', 'coder')] }, scopeSpans: [{ scope: { name: 'agent-sdk' }, spans }] }] }));
  }
  return `${lines.join('\n')}\n`;
}

/** One Claude Code session of `turns` user / assistant turns (tool calls and their results between). */
export function claudeSession(i: number, turns: number): string {
  const sessionId = `sess-${hex(i, 6)}`;
  const base = { isSidechain: false, userType: 'external', cwd: '/repo', version: '2.0.14', sessionId, timestamp: '2025-10-01T10:00:00.000Z' };
  const lines: Record<string, unknown>[] = [{ ...base, parentUuid: null, type: 'user', uuid: `${i}-0`, message: { role: 'user', content: `Task ${i}: fix the failing test in tests/test_math.py` } }];
  for (let k = 1; k < turns; k++) {
    const parentUuid = `${i}-${k - 1}`;
    const uuid = `${i}-${k}`;
    if (k % 2) lines.push({ ...base, parentUuid, type: 'assistant', uuid, message: { id: `msg_${k}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: `Step ${k}: ${'reading the code. '.repeat(6)}` }, { type: 'tool_use', id: `toolu_${i}_${k}`, name: 'Bash', input: { command: 'pytest -q' } }] } });
    else lines.push({ ...base, parentUuid, type: 'user', uuid, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${i}_${k - 1}`, content: '1 failed in 0.02s' }] } });
  }
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

/** Bench inputs, made once in `dir`: an OTLP file of `spans` spans and a folder of `sessions` Claude Code sessions. */
export async function traceBenchFiles(dir: string, spans: number, sessions: number, log: (line: string) => void): Promise<{ otlp: string; sessions: string }> {
  const otlp = join(dir, `otlp-${spans / 1000}k-spans.jsonl`);
  if (!existsSync(otlp)) {
    log(`traces: writing ${spans} spans of OTLP/JSON…`);
    const out = createWriteStream(`${otlp}.part`);
    const perTrace = 10;
    for (let t = 0; t < spans / perTrace; t += 100) if (!out.write(otlpLines(100, perTrace, 10, t))) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    renameSync(`${otlp}.part`, otlp);
  }
  const folder = join(dir, `claude-code-${sessions / 1000}k-sessions`);
  if (!existsSync(folder)) {
    log(`traces: writing ${sessions} Claude Code sessions…`);
    mkdirSync(`${folder}.part`, { recursive: true });
    for (let i = 0; i < sessions; i++) writeFileSync(join(`${folder}.part`, `sess-${String(i).padStart(6, '0')}.jsonl`), claudeSession(i, 12));
    renameSync(`${folder}.part`, folder);
  }
  return { otlp, sessions: folder };
}

import { z } from 'zod';
import type { Diagnostic } from '../diagnostic';
import type { ContentPart, Message } from '../schema';
import { check } from '../adapters/common';
import { placeholder } from '../adapters/placeholder';
import { lineDiagnostic } from '../input/parseLine';
import { messageText } from '../messageText';
import { jsonLines } from './traceRecords';
import { asText, otherFields, toolCall, toolResult, withSubagents, type Subagent } from './traceMessages';
import type { TraceFileBytes, TraceReader } from './traceGroup';

// Codex CLI rollouts (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`): one `{timestamp, type,
// payload}` a line; `response_item` payloads are OpenAI Responses items (messages, reasoning,
// function and custom tool calls and their outputs), the rest is session bookkeeping.

const lineSchema = z.looseObject({ type: z.string(), payload: z.looseObject({}) });
const partSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

const sessionMetaSchema = z.looseObject({ id: z.string(), cwd: z.string().optional(), cli_version: z.string().optional(), source: z.unknown().optional(), forked_from_id: z.string().nullable().optional() });
const turnContextSchema = z.looseObject({ model: z.string().optional() });
const compactedSchema = z.looseObject({ message: z.string() });

const itemSchemas = {
  message: z.looseObject({ role: z.string(), content: z.array(partSchema) }),
  reasoning: z.looseObject({ summary: z.array(partSchema).optional(), content: z.array(partSchema).nullable().optional(), encrypted_content: z.string().nullable().optional() }),
  function_call: z.looseObject({ name: z.string(), arguments: z.string(), call_id: z.string() }),
  function_call_output: z.looseObject({ call_id: z.string(), output: z.union([z.string(), z.looseObject({ content: z.unknown().optional(), success: z.boolean().nullable().optional() })]) }),
  custom_tool_call: z.looseObject({ name: z.string(), input: z.string(), call_id: z.string() }),
  custom_tool_call_output: z.looseObject({ call_id: z.string(), output: z.unknown() }),
  local_shell_call: z.looseObject({ call_id: z.string().nullable().optional(), id: z.string().nullable().optional(), action: z.unknown() }),
  web_search_call: z.looseObject({ action: z.unknown().optional() }),
} as const;

const roles = new Set(['system', 'developer', 'user', 'assistant']);
/** User messages the harness writes (environment, AGENTS.md instructions): shown, named, and not the task key. */
const contextTags = /^\s*(?:<environment_context>|<user_instructions>|<INSTRUCTIONS>|# AGENTS\.md)/;

/** Whether a tool output reports a failure: `success: false`, a non-zero exit code (JSON or text form). */
function failed(output: unknown): boolean {
  if (typeof output === 'object' && output !== null) return (output as { success?: unknown }).success === false;
  if (typeof output !== 'string') return false;
  const text = /^Exit code: (\d+)/m.exec(output);
  if (text) return text[1] !== '0';
  try {
    const code = (JSON.parse(output) as { metadata?: { exit_code?: unknown } })?.metadata?.exit_code;
    return typeof code === 'number' && code !== 0;
  } catch {
    return false;
  }
}

/** An output as text: a JSON `{output, metadata}` string shows its output, objects their content. */
function outputText(output: unknown): string {
  if (typeof output === 'object' && output !== null && 'content' in output) return asText((output as { content: unknown }).content);
  if (typeof output === 'string') {
    try {
      const v = JSON.parse(output) as { output?: unknown };
      if (typeof v?.output === 'string') return v.output;
    } catch {
      // Plain text output.
    }
  }
  return asText(output);
}

interface Rollout {
  id?: string;
  model: string;
  messages: Message[];
  meta: Record<string, unknown>;
  /** The session this one was spawned by, when it is a sub-agent's. */
  parent?: string;
}

function readRollout(f: TraceFileBytes, diagnostics: Diagnostic[]): Rollout {
  const parsed = jsonLines(f.bytes, f.name);
  diagnostics.push(...parsed.diagnostics);
  const messages: Message[] = [];
  const r: Rollout = { model: '', messages, meta: {} };
  const events: Record<string, number> = {};
  const other: Record<string, unknown>[] = [];
  const unknown = new Set<string>();
  const tools = new Map<string, string>();
  let reasoning: string[] = [];
  let searches = 0;
  const warnOnce = (line: number, what: string) => {
    if (unknown.has(what)) return;
    unknown.add(what);
    diagnostics.push(lineDiagnostic(f.name, line, 0, 'warning', `${what} is not read: kept in the item's metadata (codex.other_lines)`));
  };
  /** The assistant turn a call belongs to: the last one, unless reasoning or a result came since. */
  const turn = (): Message => {
    const last = messages[messages.length - 1];
    if (last?.role === 'assistant' && !reasoning.length) return last;
    const m: Message = { role: 'assistant', content: '', ...(reasoning.length ? { reasoning: reasoning.join('\n\n') } : {}) };
    reasoning = [];
    messages.push(m);
    return m;
  };
  const call = (id: string, name: string, args: unknown) => {
    tools.set(id, name);
    const m = turn();
    m.tool_calls = [...(m.tool_calls ?? []), toolCall(id, name, args)];
  };
  for (const { line, value } of parsed.lines) {
    const l = check(lineSchema, value, 'rollout line');
    if (!l.ok) {
      diagnostics.push(lineDiagnostic(f.name, line, 0, 'error', l.message));
      continue;
    }
    const { type, payload } = l.value;
    const bad = (message: string) => diagnostics.push(lineDiagnostic(f.name, line, 0, 'error', message));
    if (type === 'session_meta') {
      const m = check(sessionMetaSchema, payload, 'session_meta payload');
      if (!m.ok) bad(m.message);
      else {
        r.id ??= m.value.id;
        r.meta.session = payload;
        const src = JSON.stringify(m.value.source ?? null);
        if (/"subagent"/.test(src)) r.parent = /"parent_thread_id"\s*:\s*"([^"]+)"/.exec(src)?.[1] ?? m.value.forked_from_id ?? undefined;
      }
    } else if (type === 'turn_context') {
      const t = check(turnContextSchema, payload, 'turn_context payload');
      if (t.ok && t.value.model && !r.model) r.model = t.value.model;
      r.meta.turn_context = payload;
    } else if (type === 'compacted') {
      const c = check(compactedSchema, payload, 'compacted payload');
      if (!c.ok) bad(c.message);
      else messages.push({ role: 'user', content: c.value.message, name: 'compaction summary' });
    } else if (type === 'event_msg') {
      // Events repeat what response items hold (messages, reasoning, command ends); counted, the last token count kept.
      const t = typeof payload.type === 'string' ? payload.type : 'event';
      events[t] = (events[t] ?? 0) + 1;
      if (t === 'token_count') r.meta.token_count = payload.info ?? payload;
    } else if (type === 'response_item') {
      const kind = typeof payload.type === 'string' ? payload.type : '';
      const schema = itemSchemas[kind as keyof typeof itemSchemas];
      if (!schema) {
        other.push({ line, ...l.value });
        warnOnce(line, `response item '${kind}'`);
        continue;
      }
      const it = check(schema as z.ZodType, payload, `${kind} item`);
      if (!it.ok) {
        bad(it.message);
        continue;
      }
      const p = it.value as Record<string, unknown>;
      switch (kind) {
        case 'message': {
          const role = String(p.role);
          const parts = (p.content as z.infer<typeof partSchema>[]).map((c): ContentPart => (typeof c.text === 'string' ? { type: 'text', text: c.text } : { type: c.type, text: placeholder(c.type === 'input_image' ? 'image' : c.type) }));
          const m: Message = { role: roles.has(role) ? (role as Message['role']) : 'user', content: parts };
          if (role === 'assistant' && reasoning.length) {
            m.reasoning = reasoning.join('\n\n');
            reasoning = [];
          }
          if (role === 'user' && contextTags.test(messageText(m))) m.name = 'context';
          messages.push(m);
          break;
        }
        case 'reasoning': {
          const texts = [...((p.content as z.infer<typeof partSchema>[] | null | undefined) ?? []), ...((p.summary as z.infer<typeof partSchema>[] | undefined) ?? [])].map((x) => x.text ?? '').filter(Boolean);
          reasoning.push(texts.length ? texts.join('\n\n') : placeholder('encrypted reasoning'));
          break;
        }
        case 'function_call':
          call(String(p.call_id), String(p.name), p.arguments);
          break;
        case 'custom_tool_call':
          call(String(p.call_id), String(p.name), p.input);
          break;
        case 'local_shell_call':
          call(String(p.call_id ?? p.id ?? `shell-${line}`), 'local_shell', p.action);
          break;
        case 'web_search_call':
          // No result item follows: the search is shown as a call of its own.
          call(`web_search-${++searches}`, 'web_search', p.action ?? {});
          break;
        case 'function_call_output':
        case 'custom_tool_call_output': {
          const id = String(p.call_id);
          reasoning = [];
          messages.push(toolResult(id, outputText(p.output), tools.get(id), failed(p.output)));
          break;
        }
      }
    } else {
      other.push({ line, ...l.value });
      warnOnce(line, `line type '${type}'`);
    }
  }
  if (reasoning.length) messages.push({ role: 'assistant', content: '', reasoning: reasoning.join('\n\n') });
  if (Object.keys(events).length) r.meta.events = events;
  if (other.length) r.meta.other_lines = other;
  return r;
}

/** One rollout (and the sub-agent rollouts it spawned, among `related`) → one run. */
export const readCodex: TraceReader = (group) => {
  const diagnostics: Diagnostic[] = [];
  const main = group.main[0];
  if (!main) return { runs: [], diagnostics };
  const r = readRollout(main, diagnostics);
  const subagents: Subagent[] = [];
  for (const f of group.related) {
    const d: Diagnostic[] = [];
    const child = readRollout(f, d);
    if (!child.parent || child.parent !== r.id) continue;
    diagnostics.push(...d);
    // The call whose output names the sub-agent's session started it.
    const result = r.messages.find((m) => m.role === 'tool' && child.id && messageText(m).includes(child.id));
    subagents.push({ id: child.id ?? f.name, label: child.id?.slice(0, 8) ?? 'codex', messages: child.messages, ...(result?.tool_call_id ? { callId: result.tool_call_id } : {}) });
  }
  const placed = withSubagents(r.messages, subagents);
  const extra = otherFields(r.meta, new Set());
  return { runs: [{ transcript: { ...(r.id ? { id: r.id } : {}), model: r.model, messages: placed.messages, metadata: { codex: extra ?? {} } } }], diagnostics };
};

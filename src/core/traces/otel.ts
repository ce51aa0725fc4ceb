import { z } from 'zod';
import type { Diagnostic } from '../diagnostic';
import type { ContentPart, Message, ToolCall } from '../schema';
import { check } from '../adapters/common';
import { placeholder } from '../adapters/placeholder';
import { lineDiagnostic } from '../input/parseLine';
import { messageText } from '../messageText';
import { jsonDocument, jsonLines } from './traceRecords';
import { asText, toolCall, toolResult, withSubagents, type Subagent, type TraceRun } from './traceMessages';
import type { TraceReader } from './traceGroup';
import { genAi, messageEvents, openInference, openInferenceKinds } from './otelNames';

// OTLP/JSON as a collector's file exporter writes it: `resourceSpans` → `scopeSpans` → `spans`,
// one export request per line (or one document), ids as hex, int64 times as strings.

const attributeSchema = z.looseObject({ key: z.string(), value: z.unknown() });
const spanSchema = z.looseObject({
  traceId: z.string().min(1),
  spanId: z.string().min(1),
  parentSpanId: z.string().optional(),
  name: z.string(),
  startTimeUnixNano: z.union([z.string(), z.number()]).optional(),
  attributes: z.array(attributeSchema).optional(),
  events: z.array(z.looseObject({ name: z.string(), attributes: z.array(attributeSchema).optional() })).optional(),
  status: z.looseObject({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional() }).optional(),
});
const exportSchema = z.looseObject({
  resourceSpans: z.array(
    z.looseObject({
      resource: z.looseObject({ attributes: z.array(attributeSchema).optional() }).optional(),
      scopeSpans: z.array(z.looseObject({ spans: z.array(z.unknown()).optional() })).optional(),
    }),
  ),
});

export type Attrs = Record<string, unknown>;
export interface Span {
  traceId: string;
  spanId: string;
  parent?: string;
  name: string;
  start: bigint;
  attrs: Attrs;
  events: { name: string; attrs: Attrs }[];
  error?: string;
  resource: Attrs;
}

/** An OTLP `AnyValue` as a plain value: int64 strings become numbers, kvlists objects. */
function anyValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if ('stringValue' in o) return o.stringValue;
  if ('boolValue' in o) return o.boolValue;
  if ('intValue' in o) return Number(o.intValue);
  if ('doubleValue' in o) return Number(o.doubleValue);
  if ('bytesValue' in o) return o.bytesValue;
  if ('arrayValue' in o) return ((o.arrayValue as { values?: unknown[] })?.values ?? []).map(anyValue);
  if ('kvlistValue' in o) return attrsOf((o.kvlistValue as { values?: { key: string; value: unknown }[] })?.values);
  return undefined;
}

function attrsOf(list: readonly { key: string; value: unknown }[] | undefined): Attrs {
  const out: Attrs = {};
  for (const a of list ?? []) out[a.key] = anyValue(a.value);
  return out;
}

/** The first of `names` the span has, and marks it read (what is not read goes to metadata). */
function take(s: Span, read: Set<string>, names: readonly string[]): unknown {
  for (const n of names) {
    if (s.attrs[n] !== undefined) {
      read.add(n);
      return s.attrs[n];
    }
  }
  return undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** A messages attribute: a JSON string (as the conventions write it) or an already structured array. */
function messageList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v !== 'string') return undefined;
  try {
    const parsed = JSON.parse(v) as unknown;
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return [{ role: 'user', content: v }];
  }
}

const roleOf = (r: unknown): Message['role'] => (r === 'system' || r === 'developer' || r === 'assistant' || r === 'tool' ? r : 'user');

/**
 * GenAI messages (`{role, parts: [text | reasoning | tool_call | tool_call_response | …]}`, or
 * the earlier OpenAI-like `{role, content, tool_calls}`) as product messages; a
 * `tool_call_response` part becomes a tool message of its own.
 */
function genAiMessages(list: readonly unknown[]): Message[] {
  const out: Message[] = [];
  for (const raw of list) {
    if (typeof raw !== 'object' || raw === null) continue;
    const m = raw as Record<string, unknown>;
    const role = roleOf(m.role);
    if (Array.isArray(m.parts)) {
      const parts: ContentPart[] = [];
      const reasoning: string[] = [];
      const calls: ToolCall[] = [];
      for (const p of m.parts as Record<string, unknown>[]) {
        const type = str(p?.type) ?? 'part';
        if (type === 'text') parts.push({ type: 'text', text: str(p.content) ?? '' });
        else if (type === 'reasoning') reasoning.push(str(p.content) ?? '');
        else if (type === 'tool_call') calls.push(toolCall(str(p.id) ?? '', str(p.name) ?? '', p.arguments ?? {}));
        else if (type === 'tool_call_response') out.push(toolResult(str(p.id), asText(p.response ?? p.result), undefined, false));
        else parts.push({ type, text: placeholder(type, str(p.mime_type) ?? str(p.modality)) });
      }
      if (role === 'tool' && !parts.length && !calls.length) continue;
      if (!parts.length && !reasoning.length && !calls.length) continue;
      out.push({ role, content: parts, ...(reasoning.length ? { reasoning: reasoning.join('\n\n') } : {}), ...(calls.length ? { tool_calls: calls } : {}) });
      continue;
    }
    const message = (m.message as Record<string, unknown> | undefined) ?? m;
    const calls = Array.isArray(message.tool_calls) ? (message.tool_calls as Record<string, unknown>[]).map((c) => toolCall(str(c.id) ?? '', str((c.function as Attrs | undefined)?.name) ?? str(c.name) ?? '', (c.function as Attrs | undefined)?.arguments ?? c.arguments ?? {})) : [];
    const id = str(message.tool_call_id) ?? str(message.id);
    if (role === 'tool') out.push(toolResult(id, asText(message.content), undefined, false));
    else out.push({ role, content: asText(message.content), ...(calls.length ? { tool_calls: calls } : {}) });
  }
  return out;
}

/** Indexed attributes (`prefix.N.message.role`, `prefix.N.role`) gathered into an array of objects. */
function indexed(s: Span, read: Set<string>, prefix: string): Record<string, unknown>[] | undefined {
  const out: Record<string, unknown>[] = [];
  for (const [k, v] of Object.entries(s.attrs)) {
    if (!k.startsWith(`${prefix}.`)) continue;
    const m = /^(\d+)\.(.+)$/.exec(k.slice(prefix.length + 1));
    if (!m) continue;
    read.add(k);
    let node: Record<string, unknown> = (out[Number(m[1])] ??= {});
    const path = m[2]!.split('.');
    for (const seg of path.slice(0, -1)) node = (node[seg] ??= /^\d+$/.test(seg) ? {} : {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = v;
  }
  return out.length ? out.filter(Boolean) : undefined;
}

/** OpenInference's flattened messages (`message.role`, `message.content`, `message.tool_calls.N.tool_call.*`). */
function openInferenceMessages(list: readonly Record<string, unknown>[]): Message[] {
  return list.map((entry) => {
    const m = (entry.message as Record<string, unknown> | undefined) ?? entry;
    const role = roleOf(m.role);
    const contents = m.contents as Record<string, Record<string, unknown>> | undefined;
    const text = str(m.content) ?? Object.values(contents ?? {}).map((c) => str((c.message_content as Attrs | undefined)?.text) ?? '').join('');
    const calls = Object.values((m.tool_calls as Record<string, Record<string, unknown>> | undefined) ?? {}).map((c) => {
      const tc = (c.tool_call as Record<string, unknown> | undefined) ?? c;
      const fn = (tc.function as Attrs | undefined) ?? {};
      return toolCall(str(tc.id) ?? '', str(fn.name) ?? '', fn.arguments ?? {});
    });
    if (role === 'tool') return toolResult(str(m.tool_call_id), text, str(m.name), false);
    return { role, content: text, ...(calls.length ? { tool_calls: calls } : {}) };
  });
}

/** A chat span's input and output messages, from whichever convention wrote them. */
function chatMessages(s: Span, read: Set<string>): { system: Message[]; input: Message[]; output: Message[] } {
  const sys = messageList(take(s, read, genAi.systemInstructions));
  const system: Message[] = sys?.length ? [{ role: 'system', content: sys.map((p) => (typeof p === 'object' && p !== null ? (str((p as Attrs).content) ?? asText(p)) : asText(p))).join('\n') }] : [];
  let input = messageList(take(s, read, genAi.inputMessages));
  let output = messageList(take(s, read, genAi.outputMessages));
  if (input || output) return { system, input: genAiMessages(input ?? []), output: genAiMessages(output ?? []) };
  const oiIn = indexed(s, read, openInference.inputMessages);
  const oiOut = indexed(s, read, openInference.outputMessages);
  if (oiIn || oiOut) return { system, input: openInferenceMessages(oiIn ?? []), output: openInferenceMessages(oiOut ?? []) };
  const promptIdx = indexed(s, read, 'gen_ai.prompt');
  const completionIdx = indexed(s, read, 'gen_ai.completion');
  if (promptIdx || completionIdx) return { system, input: genAiMessages(promptIdx ?? []), output: genAiMessages(completionIdx ?? []) };
  // The earlier event-based conventions: one span event per message.
  input = [];
  output = [];
  for (const e of s.events) {
    const role = messageEvents[e.name];
    if (!role) continue;
    const body = { role, ...e.attrs, ...((e.attrs.message as Attrs | undefined) ?? {}) };
    (e.name === 'gen_ai.choice' ? output : input).push(body);
  }
  return { system, input: genAiMessages(input), output: genAiMessages(output) };
}

function operationOf(s: Span, read: Set<string>): string {
  const op = str(take(s, read, genAi.operation));
  if (op) return op;
  const kind = str(s.attrs[openInference.spanKind]);
  if (kind) read.add(openInference.spanKind);
  return (kind && openInferenceKinds[kind]) ?? '';
}

interface Scope {
  messages: Message[];
  subagents: Subagent[];
  /** Messages of this agent's history already shown (a chat span's input repeats them). */
  seen: number;
  results: Set<string>;
  /** The agent span's own answer (`output.value`), added last unless a chat span gave it. */
  final?: string;
}

interface TraceState {
  model: string;
  usage: { input_tokens: number; output_tokens: number };
  unread: Record<string, unknown>[];
  children: Map<string, Span[]>;
}

const sameStart = (a: Message | undefined, b: Message | undefined) => !!a && !!b && a.role === b.role && messageText(a) === messageText(b);

function walk(s: Span, scope: Scope, st: TraceState, depth: number, callId?: string): void {
  const read = new Set<string>();
  const op = operationOf(s, read);
  const kids = st.children.get(s.spanId) ?? [];
  if (op === 'invoke_agent' && depth > 0) {
    // An agent inside an agent: a sub-agent, shown after the call that started it.
    const inner: Scope = { messages: [], subagents: [], seen: 0, results: new Set() };
    const name = str(take(s, read, genAi.agentName)) ?? str(s.attrs[openInference.agentName]) ?? s.name;
    take(s, read, genAi.agentId);
    agentIo(s, read, inner);
    for (const k of kids) walk(k, inner, st, depth + 1);
    finish(inner);
    const placed = withSubagents(inner.messages, inner.subagents);
    scope.subagents.push({ id: s.spanId, label: name, messages: placed.messages, ...(callId ? { callId } : {}) });
    unread(s, read, st);
    return;
  }
  if (op === 'chat' || op === 'text_completion' || op === 'generate_content') {
    const model = str(take(s, read, genAi.responseModel)) ?? str(take(s, read, genAi.requestModel)) ?? str(s.attrs[openInference.modelName]);
    if (s.attrs[openInference.modelName] !== undefined) read.add(openInference.modelName);
    if (model && !st.model) st.model = model;
    st.usage.input_tokens += Number(take(s, read, [...genAi.inputTokens, openInference.promptTokens]) ?? 0) || 0;
    st.usage.output_tokens += Number(take(s, read, [...genAi.outputTokens, openInference.completionTokens]) ?? 0) || 0;
    take(s, read, genAi.provider);
    const chat = chatMessages(s, read);
    // System messages are shown once, first; the rest of an input repeats the agent's history.
    if (!scope.messages.length) scope.messages.push(...chat.system);
    const first = !scope.messages.length;
    if (first) scope.messages.push(...chat.input.filter((m) => m.role === 'system'));
    const input = chat.input.filter((m) => m.role !== 'system');
    const output = chat.output;
    const history = scope.messages.filter((m) => m.role !== 'system');
    // Inputs that repeat the history from its start are skipped; otherwise they are all new.
    const skip = sameStart(input[0], history[0]) ? Math.min(scope.seen, input.length) : 0;
    for (const m of input.slice(skip)) if (!(m.role === 'tool' && m.tool_call_id && scope.results.has(m.tool_call_id))) scope.messages.push(m);
    scope.messages.push(...output);
    scope.seen = input.length + output.length;
  } else if (op === 'execute_tool') {
    const id = str(take(s, read, [...genAi.toolCallId, openInference.toolCallId])) ?? s.spanId;
    const name = str(take(s, read, [...genAi.toolName, openInference.toolName])) ?? s.name;
    const args = take(s, read, [...genAi.toolArguments, openInference.inputValue]);
    const result = take(s, read, [...genAi.toolResult, openInference.outputValue]);
    const error = s.error ?? str(take(s, read, genAi.errorType));
    if (!scope.messages.some((m) => m.tool_calls?.some((c) => c.id === id))) scope.messages.push({ role: 'assistant', content: '', tool_calls: [toolCall(id, name, args ?? {})] });
    for (const k of kids) walk(k, scope, st, depth + 1, id);
    if (result !== undefined || error) {
      scope.messages.push(toolResult(id, result !== undefined ? asText(result) : (error ?? ''), name, !!error));
      scope.results.add(id);
    }
    unread(s, read, st);
    return;
  } else if (op === 'invoke_agent') {
    take(s, read, genAi.agentName);
    take(s, read, genAi.agentId);
    agentIo(s, read, scope);
  }
  unread(s, read, st);
  for (const k of kids) walk(k, scope, st, op === 'invoke_agent' ? depth + 1 : depth, callId);
}

/** An agent span's own `input.value` / `output.value` (OpenInference), used when no chat span says more. */
function agentIo(s: Span, read: Set<string>, scope: Scope): void {
  const input = s.attrs[openInference.inputValue];
  const output = s.attrs[openInference.outputValue];
  if (input === undefined && output === undefined) return;
  read.add(openInference.inputValue);
  read.add(openInference.outputValue);
  if (input !== undefined) {
    scope.messages.push({ role: 'user', content: asText(input) });
    scope.seen = 1;
  }
  if (output !== undefined) scope.final = asText(output);
}

/** Adds the agent's own answer after its steps, unless its last chat span already said it. */
function finish(scope: Scope): void {
  if (scope.final && !scope.messages.some((m) => m.role === 'assistant' && messageText(m) === scope.final)) scope.messages.push({ role: 'assistant', content: scope.final });
}

function unread(s: Span, read: Set<string>, st: TraceState): void {
  const rest = Object.entries(s.attrs).filter(([k]) => !read.has(k));
  const events = s.events.filter((e) => !messageEvents[e.name]).map((e) => e.name);
  if (rest.length || events.length) st.unread.push({ span_id: s.spanId, name: s.name, ...(rest.length ? { attributes: Object.fromEntries(rest) } : {}), ...(events.length ? { events } : {}) });
}

/** One span of an export (`where` names its path), or undefined with an error at its line. */
export function spanFrom(raw: unknown, resource: Attrs, where: string, file: string, line: number, diagnostics: Diagnostic[]): Span | undefined {
  const sp = check(spanSchema, raw, 'span');
  if (!sp.ok) {
    diagnostics.push(lineDiagnostic(file, line, 0, 'error', `${where}: ${sp.message}`));
    return undefined;
  }
  const v = sp.value;
  const code = v.status?.code;
  const error = code === 2 || code === 'STATUS_CODE_ERROR' ? (v.status?.message ?? 'error') : undefined;
  let start = 0n;
  try {
    start = BigInt(v.startTimeUnixNano ?? 0);
  } catch {
    // An unreadable time sorts first.
  }
  return { traceId: v.traceId, spanId: v.spanId, ...(v.parentSpanId ? { parent: v.parentSpanId } : {}), name: v.name, start, attrs: attrsOf(v.attributes), events: (v.events ?? []).map((e) => ({ name: e.name, attrs: attrsOf(e.attributes) })), ...(error ? { error } : {}), resource };
}

const resourceSchema = z.looseObject({ attributes: z.array(attributeSchema).optional() });

/** A resource's attributes (`{}` for one that does not read: its spans still show). */
export function resourceAttrs(raw: unknown): Attrs {
  const r = resourceSchema.safeParse(raw);
  return r.success ? attrsOf(r.data.attributes) : {};
}

function spansOf(value: unknown, where: string, file: string, line: number, diagnostics: Diagnostic[], into: Span[]): void {
  const doc = check(exportSchema, value, 'OTLP export');
  if (!doc.ok) {
    diagnostics.push(lineDiagnostic(file, line, 0, 'error', `${where}${doc.message}`));
    return;
  }
  doc.value.resourceSpans.forEach((rs, i) => {
    const resource = attrsOf(rs.resource?.attributes);
    rs.scopeSpans?.forEach((ss, j) => {
      ss.spans?.forEach((raw, k) => {
        const span = spanFrom(raw, resource, `${where}resourceSpans[${i}].scopeSpans[${j}].spans[${k}]`, file, line, diagnostics);
        if (span) into.push(span);
      });
    });
  });
}

/** The spans of one trace (in file order) as its run: the tree walked from its roots; `key` names its task. */
export function traceRun(traceId: string, list: readonly Span[], key: string | undefined, file: string, diagnostics: Diagnostic[]): TraceRun {
  const ids = new Set(list.map((s) => s.spanId));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const s of [...list].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
    if (s.parent && ids.has(s.parent)) children.set(s.parent, [...(children.get(s.parent) ?? []), s]);
    else roots.push(s);
  }
  const st: TraceState = { model: '', usage: { input_tokens: 0, output_tokens: 0 }, unread: [], children };
  const scope: Scope = { messages: [], subagents: [], seen: 0, results: new Set() };
  for (const r of roots) walk(r, scope, st, 0);
  finish(scope);
  const placed = withSubagents(scope.messages, scope.subagents);
  const keyed = key ? (roots.map((r) => r.attrs[key]).find((v) => v !== undefined) ?? list.map((s) => s.attrs[key]).find((v) => v !== undefined) ?? list[0]?.resource[key]) : undefined;
  if (key && keyed === undefined) diagnostics.push(lineDiagnostic(file, 1, 0, 'warning', `trace ${traceId}: no span or resource has the attribute ${key}; paired on its trace id instead`));
  return {
    transcript: { id: traceId, model: st.model, messages: placed.messages, metadata: { otel: { trace_id: traceId, spans: list.length, usage: st.usage, resource: list[0]?.resource ?? {}, ...(st.unread.length ? { unread: st.unread } : {}) } } },
    ...(keyed !== undefined ? { task: String(keyed) } : {}),
  };
}

/** One OTLP file → one run per trace, in the order traces first appear. */
export const readOtel: TraceReader = (group, options) => {
  const diagnostics: Diagnostic[] = [];
  const spans: Span[] = [];
  for (const f of group.main) {
    const firstLine = f.bytes.subarray(0, Math.max(0, f.bytes.indexOf(0x0a)));
    const lines = firstLine.length > 0 && jsonLines(firstLine, f.name).lines.length === 1 && f.bytes.indexOf(0x0a) < f.bytes.length - 1;
    if (lines) {
      const parsed = jsonLines(f.bytes, f.name);
      diagnostics.push(...parsed.diagnostics);
      for (const l of parsed.lines) spansOf(l.value, '', f.name, l.line, diagnostics, spans);
    } else {
      const doc = jsonDocument(f.bytes, f.name);
      diagnostics.push(...doc.diagnostics);
      if (doc.value !== undefined) spansOf(doc.value, '', f.name, 1, diagnostics, spans);
    }
  }
  const traces = new Map<string, Span[]>();
  for (const s of spans) traces.set(s.traceId, [...(traces.get(s.traceId) ?? []), s]);
  const runs = [...traces].map(([traceId, list]) => traceRun(traceId, list, options.key, group.main[0]?.name ?? '', diagnostics));
  return { runs, diagnostics };
};

import { z } from 'zod';
import type { Diagnostic } from '../diagnostic';
import type { ContentPart, Message } from '../schema';
import { placeholder } from '../adapters/placeholder';
import { jsonDocument, pathDiagnostic } from './traceRecords';
import { asText, otherFields, toolCall, toolResult, withSubagents, type Subagent } from './traceMessages';
import { baseName, dirName, type TraceFileBytes, type TraceReader } from './traceGroup';
import { harborPart } from './traceFormat';

// Harbor's Agent Trajectory Interchange Format (ATIF, `trajectory.json`): `steps` from the
// system, the user or the agent, each agent step with its reasoning, tool calls, the
// observation results that answer them (`source_call_id`) and its metrics.

const toolCallSchema = z.looseObject({ tool_call_id: z.string(), function_name: z.string(), arguments: z.unknown().optional() });
const refSchema = z.looseObject({ session_id: z.string(), trajectory_path: z.string().nullable().optional() });
const resultSchema = z.looseObject({ source_call_id: z.string().nullable().optional(), content: z.unknown().optional(), subagent_trajectory_ref: z.array(refSchema).nullable().optional() });
const metricsSchema = z.looseObject({ prompt_tokens: z.number().nullable().optional(), completion_tokens: z.number().nullable().optional(), cached_tokens: z.number().nullable().optional(), cost_usd: z.number().nullable().optional() });
const stepSchema = z.looseObject({
  step_id: z.number().int().optional(),
  source: z.enum(['system', 'user', 'agent']),
  message: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).nullable().optional(),
  reasoning_content: z.string().nullable().optional(),
  model_name: z.string().nullable().optional(),
  tool_calls: z.array(toolCallSchema).nullable().optional(),
  observation: z.looseObject({ results: z.array(resultSchema) }).nullable().optional(),
  metrics: metricsSchema.nullable().optional(),
});
const trajectorySchema = z.looseObject({
  schema_version: z.string().optional(),
  session_id: z.string(),
  agent: z.looseObject({ name: z.string(), version: z.string().optional(), model_name: z.string().nullable().optional() }),
  steps: z.array(z.unknown()),
  subagent_trajectories: z.array(z.unknown()).nullable().optional(),
});
/** The trial's `result.json` beside `agent/`: the task and the verifier's rewards. */
const trialResultSchema = z.looseObject({ task_name: z.string().optional(), verifier_result: z.looseObject({ rewards: z.record(z.string(), z.unknown()).nullable().optional() }).nullable().optional() });

const stepFields = new Set(['step_id', 'source', 'message', 'reasoning_content', 'model_name', 'tool_calls', 'observation', 'metrics', 'timestamp']);
const rootFields = new Set(['schema_version', 'session_id', 'agent', 'steps', 'subagent_trajectories']);

interface Totals {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_usd: number;
}

interface Reading {
  diagnostics: Diagnostic[];
  /** Trajectories that sub-agent references may name: embedded ones and the files beside the main one. */
  known: Map<string, { value: unknown; text: string; file: string }>;
  model: string;
  totals: Totals;
  stepFields: Record<string, unknown>;
}

function messageOf(message: z.infer<typeof stepSchema>['message']): string | ContentPart[] {
  if (message === undefined || message === null) return '';
  if (typeof message === 'string') return message;
  return message.map((p) => (typeof p.text === 'string' ? { type: 'text', text: p.text } : { type: p.type, text: placeholder(p.type) }));
}

/** A trajectory's steps as messages; sub-agent references become the sub-agent's own messages (to `depth` 3). */
function stepsOf(doc: { value: unknown; text: string; file: string }, r: Reading, depth: number, prefix: string): { messages: Message[]; subagents: Subagent[]; sessionId?: string; agent?: Record<string, unknown>; rest?: Record<string, unknown> } {
  const t = trajectorySchema.safeParse(doc.value);
  if (!t.success) {
    const issue = t.error.issues[0];
    r.diagnostics.push(pathDiagnostic(doc.file, doc.text, issue?.path ?? [], 'error', `not an ATIF trajectory: ${issue?.message ?? 'unreadable'}`));
    return { messages: [], subagents: [] };
  }
  for (const s of t.data.subagent_trajectories ?? []) {
    const id = (s as { session_id?: unknown })?.session_id;
    if (typeof id === 'string') r.known.set(id, { value: s, text: doc.text, file: doc.file });
  }
  if (!r.model && t.data.agent.model_name) r.model = t.data.agent.model_name;
  const messages: Message[] = [];
  const subagents: Subagent[] = [];
  t.data.steps.forEach((raw, i) => {
    const parsed = stepSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      r.diagnostics.push(pathDiagnostic(doc.file, doc.text, ['steps', i, ...(issue?.path ?? [])], 'error', issue?.message ?? 'unreadable step'));
      return;
    }
    const s = parsed.data;
    const extra = otherFields(raw as Record<string, unknown>, stepFields);
    if (extra) r.stepFields[`${prefix}${s.step_id ?? i + 1}`] = extra;
    for (const k of ['prompt_tokens', 'completion_tokens', 'cached_tokens', 'cost_usd'] as const) r.totals[k] += s.metrics?.[k] ?? 0;
    if (!r.model && s.model_name) r.model = s.model_name;
    const role = s.source === 'agent' ? 'assistant' : s.source;
    const calls = (s.tool_calls ?? []).map((c) => toolCall(c.tool_call_id, c.function_name, c.arguments ?? {}));
    const tools = new Map((s.tool_calls ?? []).map((c) => [c.tool_call_id, c.function_name]));
    messages.push({ role, content: messageOf(s.message), ...(s.reasoning_content ? { reasoning: s.reasoning_content } : {}), ...(calls.length ? { tool_calls: calls } : {}) });
    (s.observation?.results ?? []).forEach((res) => {
      const callId = res.source_call_id ?? undefined;
      const refs = res.subagent_trajectory_ref ?? [];
      const text = res.content !== undefined ? asText(res.content) : refs.length ? placeholder('sub-agent', refs.map((x) => x.session_id).join(', ')) : '';
      const error = /^(?:error|traceback)\b/i.test(text.trimStart());
      messages.push(callId ? toolResult(callId, text, tools.get(callId), error) : { role: 'tool', content: text, name: s.source === 'system' ? 'system observation' : 'observation' });
      for (const ref of refs) {
        const found = r.known.get(ref.session_id) ?? (ref.trajectory_path ? r.known.get(baseName(ref.trajectory_path)) : undefined);
        if (!found || depth >= 3) {
          r.diagnostics.push(pathDiagnostic(doc.file, doc.text, ['steps', i, 'observation'], 'warning', `sub-agent trajectory ${ref.session_id} (${ref.trajectory_path ?? 'no path'}) is not in the file or beside it: shown as a placeholder`));
          continue;
        }
        const inner = stepsOf(found, r, depth + 1, `${ref.session_id}:`);
        const placed = withSubagents(inner.messages, inner.subagents);
        subagents.push({ id: ref.session_id, label: ref.session_id, messages: placed.messages, ...(callId ? { callId } : {}) });
      }
    });
  });
  return { messages, subagents, sessionId: t.data.session_id, agent: t.data.agent, rest: otherFields(doc.value as Record<string, unknown>, rootFields) };
}

/** The task of a trial: its `result.json`'s `task_name`, else the trial folder's name without Harbor's `__suffix`. */
function trialTask(main: TraceFileBytes, result: z.infer<typeof trialResultSchema> | undefined): string | undefined {
  if (result?.task_name) return result.task_name;
  const agentDir = dirName(main.name);
  if (baseName(agentDir) !== 'agent') return undefined;
  const trial = baseName(dirName(agentDir));
  return trial ? trial.replace(/__[^_]+$/, '') : undefined;
}

/** The task of a trial from its `result.json` (bytes, when there is one) alone: what indexing a folder of trials reads. */
export function harborTask(main: string, result: TraceFileBytes | undefined): string | undefined {
  const doc = result ? jsonDocument(result.bytes, result.name) : undefined;
  const parsed = doc?.value === undefined ? undefined : trialResultSchema.safeParse(doc.value);
  return trialTask({ name: main, bytes: new Uint8Array() }, parsed?.success ? parsed.data : undefined);
}

/** A trajectory, its continuations (`trajectory.cont-N.json`) in order, and its trial's result → one run. */
export const readHarbor: TraceReader = (group) => {
  const diagnostics: Diagnostic[] = [];
  const r: Reading = { diagnostics, known: new Map(), model: '', totals: { prompt_tokens: 0, completion_tokens: 0, cached_tokens: 0, cost_usd: 0 }, stepFields: {} };
  let result: z.infer<typeof trialResultSchema> | undefined;
  let resultRaw: Record<string, unknown> | undefined;
  for (const f of group.related) {
    const doc = jsonDocument(f.bytes, f.name);
    if (doc.value === undefined) {
      diagnostics.push(...doc.diagnostics);
      continue;
    }
    if (baseName(f.name) === 'result.json') {
      const res = trialResultSchema.safeParse(doc.value);
      if (res.success) {
        result = res.data;
        resultRaw = doc.value as Record<string, unknown>;
      } else diagnostics.push(pathDiagnostic(f.name, doc.text ?? '', res.error.issues[0]?.path ?? [], 'warning', `trial result not read: ${res.error.issues[0]?.message}`));
      continue;
    }
    const sid = (doc.value as { session_id?: unknown })?.session_id;
    const entry = { value: doc.value, text: doc.text ?? '', file: f.name };
    if (typeof sid === 'string') r.known.set(sid, entry);
    r.known.set(baseName(f.name), entry);
  }
  const main = group.main[0];
  if (!main) return { runs: [], diagnostics };
  const messages: Message[] = [];
  const subagents: Subagent[] = [];
  let first: ReturnType<typeof stepsOf> | undefined;
  const parts: Record<string, unknown>[] = [];
  for (const f of group.main) {
    const doc = jsonDocument(f.bytes, f.name);
    diagnostics.push(...doc.diagnostics);
    if (doc.value === undefined) continue;
    const part = harborPart(baseName(f.name)) ?? 0;
    const read = stepsOf({ value: doc.value, text: doc.text ?? '', file: f.name }, r, 0, part ? `cont-${part}:` : '');
    if (part > 0) messages.push({ role: 'system', name: 'continuation', content: placeholder('continued after context summarization', baseName(f.name)) });
    messages.push(...read.messages);
    subagents.push(...read.subagents);
    first ??= read;
    if (read.rest) parts.push({ file: baseName(f.name), ...read.rest });
  }
  const placed = withSubagents(messages, subagents);
  const scores: Record<string, number> = {};
  for (const [k, v] of Object.entries(result?.verifier_result?.rewards ?? {})) if (typeof v === 'number' && Number.isFinite(v)) scores[k] = v;
  const task = trialTask(main, result);
  const harbor: Record<string, unknown> = {
    ...(first?.sessionId ? { session_id: first.sessionId } : {}),
    ...(first?.agent ? { agent: first.agent } : {}),
    totals: r.totals,
    ...(parts.length ? { trajectory: parts } : {}),
    ...(Object.keys(r.stepFields).length ? { step_fields: r.stepFields } : {}),
    ...(resultRaw ? { result: otherFields(resultRaw, new Set(['task_name'])) ?? {} } : {}),
    ...(group.main.length > 1 ? { continuations: group.main.length - 1 } : {}),
  };
  return {
    runs: [{ transcript: { ...(first?.sessionId ? { id: first.sessionId } : {}), model: r.model, messages: placed.messages, ...(Object.keys(scores).length ? { scores } : {}), metadata: { harbor: { ...(task ? { task } : {}), ...harbor } } }, ...(task ? { task } : {}) }],
    diagnostics,
  };
};

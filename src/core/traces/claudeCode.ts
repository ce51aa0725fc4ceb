import { z } from 'zod';
import type { Diagnostic } from '../diagnostic';
import type { ContentPart, Message, ToolCall } from '../schema';
import { check } from '../adapters/common';
import { placeholder } from '../adapters/placeholder';
import { lineDiagnostic } from '../input/parseLine';
import { jsonLines, type TraceLine } from './traceRecords';
import { asText, otherFields, toolCall, toolResult, withSubagents, type Subagent, type TraceRun } from './traceMessages';
import type { TraceFileBytes, TraceRead, TraceReader } from './traceGroup';

// Claude Code session logs (`~/.claude/projects/<project>/<session>.jsonl`): one event a line,
// `uuid` / `parentUuid` chaining the conversation, `message` in the Anthropic Messages shape.

const blockSchema = z.looseObject({ type: z.string() });
type Block = z.infer<typeof blockSchema>;

const eventSchema = z.looseObject({
  type: z.string(),
  uuid: z.string().optional(),
  parentUuid: z.string().nullable().optional(),
  isSidechain: z.boolean().optional(),
  sessionId: z.string().optional(),
  agentId: z.string().optional(),
  isCompactSummary: z.boolean().optional(),
  isMeta: z.boolean().optional(),
  subtype: z.string().optional(),
});

/** A user or assistant event must carry its message. */
const turnSchema = eventSchema.extend({
  type: z.enum(['user', 'assistant']),
  message: z.looseObject({
    role: z.enum(['user', 'assistant']),
    content: z.union([z.string(), z.array(blockSchema)]),
    model: z.string().optional(),
    id: z.string().optional(),
    usage: z.looseObject({ input_tokens: z.number().optional(), output_tokens: z.number().optional() }).optional(),
  }),
});

type Event = z.infer<typeof eventSchema> & { line: number; raw: Record<string, unknown> };
type Turn = z.infer<typeof turnSchema> & { line: number; raw: Record<string, unknown> };

/** Fields every event has or the transcript shows; the rest of an event goes to the item's metadata by line. */
const shownFields = new Set(['type', 'uuid', 'parentUuid', 'logicalParentUuid', 'isSidechain', 'sessionId', 'agentId', 'message', 'timestamp', 'cwd', 'version', 'gitBranch', 'userType', 'requestId', 'slug', 'isCompactSummary', 'isMeta', 'subtype', 'content', 'compactMetadata', 'level', 'leafUuid', 'summary']);
/** Event types that are not turns but are known: kept in metadata without a warning. */
const bookkeeping = new Set(['summary', 'file-history-snapshot', 'queue-operation']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The text of a tool_result's content (a string or text blocks; other blocks as placeholders). */
function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return asText(content);
  return content.map((b: Block) => (b.type === 'text' ? (str(b.text) ?? '') : placeholder(b.type))).join('\n');
}

interface Reading {
  file: string;
  diagnostics: Diagnostic[];
  /** Tool names by call id, to name results. */
  tools: Map<string, string>;
  /** Task-tool calls by the prompt they gave, to find a sidechain's caller. */
  prompts: Map<string, string>;
  /** Sub-agent ids by the call whose result named them (`toolUseResult.agentId`). */
  agentCalls: Map<string, string>;
  lineFields: Record<string, Record<string, unknown>>;
  usage: { input_tokens: number; output_tokens: number };
  model: string;
}

/** Events to messages, merging the consecutive lines of one API message (Claude Code writes a line per block). */
function messagesOf(events: readonly Event[], r: Reading): Message[] {
  const out: Message[] = [];
  let lastId: string | undefined;
  for (const e of events) {
    const extra = otherFields(e.raw, shownFields);
    if (extra) r.lineFields[String(e.line)] = extra;
    if (e.type === 'system') {
      lastId = undefined;
      const meta = e.raw.compactMetadata as Record<string, unknown> | undefined;
      if (e.subtype === 'compact_boundary') out.push({ role: 'system', content: placeholder('conversation compacted', [str(meta?.trigger), typeof meta?.preTokens === 'number' ? `${meta.preTokens} tokens before` : undefined].filter(Boolean).join(', ')), name: 'compaction' });
      else if (str(e.raw.content)) out.push({ role: 'system', content: str(e.raw.content)!, ...(e.subtype ? { name: e.subtype } : {}) });
      continue;
    }
    const t = check(turnSchema, e.raw, `${e.type} event`);
    if (!t.ok) {
      r.diagnostics.push(lineDiagnostic(r.file, e.line, 0, 'error', t.message));
      continue;
    }
    const turn: Turn = { ...t.value, line: e.line, raw: e.raw };
    if (turn.type === 'assistant') {
      if (!r.model && turn.message.model && turn.message.model !== '<synthetic>') r.model = turn.message.model;
      r.usage.input_tokens += turn.message.usage?.input_tokens ?? 0;
      r.usage.output_tokens += turn.message.usage?.output_tokens ?? 0;
    }
    const prev = out[out.length - 1];
    const merge = turn.type === 'assistant' && prev?.role === 'assistant' && turn.message.id !== undefined && turn.message.id === lastId;
    lastId = turn.type === 'assistant' ? turn.message.id : undefined;
    if (typeof turn.message.content === 'string') {
      const name = turn.isCompactSummary ? 'compaction summary' : turn.isMeta ? 'meta' : undefined;
      out.push({ role: turn.message.role, content: turn.message.content, ...(name ? { name } : {}) });
      continue;
    }
    const parts: ContentPart[] = [];
    const reasoning: string[] = [];
    const calls: ToolCall[] = [];
    const results: Message[] = [];
    for (const b of turn.message.content) {
      if (b.type === 'text') parts.push({ type: 'text', text: str(b.text) ?? '' });
      else if (b.type === 'thinking') reasoning.push(str(b.thinking) ?? '');
      else if (b.type === 'redacted_thinking') reasoning.push(placeholder('redacted thinking'));
      else if (b.type === 'tool_use') {
        const id = str(b.id) ?? '';
        const name = str(b.name) ?? '';
        r.tools.set(id, name);
        const prompt = str((b.input as Record<string, unknown> | undefined)?.prompt);
        if (prompt && (name === 'Task' || name === 'Agent')) r.prompts.set(prompt.trim(), id);
        calls.push(toolCall(id, name, b.input ?? {}));
      } else if (b.type === 'tool_result') {
        const id = str(b.tool_use_id) ?? '';
        const agentId = str((turn.raw.toolUseResult as Record<string, unknown> | undefined)?.agentId);
        if (agentId) r.agentCalls.set(agentId, id);
        results.push(toolResult(id, resultText(b.content), r.tools.get(id), b.is_error === true));
      } else parts.push({ type: b.type, text: placeholder(b.type) });
    }
    out.push(...results);
    if (!parts.length && !reasoning.length && !calls.length) continue;
    if (merge && prev) {
      const content = [...(Array.isArray(prev.content) ? prev.content : prev.content ? [{ type: 'text', text: prev.content }] : []), ...parts];
      prev.content = content;
      if (reasoning.length) prev.reasoning = [prev.reasoning, ...reasoning].filter(Boolean).join('\n\n');
      if (calls.length) prev.tool_calls = [...(prev.tool_calls ?? []), ...calls];
      continue;
    }
    out.push({ role: turn.message.role, content: parts, ...(reasoning.length ? { reasoning: reasoning.join('\n\n') } : {}), ...(calls.length ? { tool_calls: calls } : {}) });
  }
  return out;
}

function eventsOf(lines: readonly TraceLine[], file: string, diagnostics: Diagnostic[], others: Record<string, unknown>[]): Event[] {
  const events: Event[] = [];
  const unknownTypes = new Set<string>();
  for (const { line, value } of lines) {
    const e = check(eventSchema, value, 'event');
    if (!e.ok) {
      diagnostics.push(lineDiagnostic(file, line, 0, 'error', e.message));
      continue;
    }
    const raw = value as Record<string, unknown>;
    if (e.value.type === 'user' || e.value.type === 'assistant' || e.value.type === 'system') events.push({ ...e.value, line, raw });
    else {
      // Not a turn: kept whole in the metadata, and named once if its type is new to the reader.
      others.push({ line, ...raw });
      if (!bookkeeping.has(e.value.type) && !unknownTypes.has(e.value.type)) {
        unknownTypes.add(e.value.type);
        diagnostics.push(lineDiagnostic(file, line, 0, 'warning', `event type '${e.value.type}' is not a turn: kept in the item's metadata (claude_code.other_events)`));
      }
    }
  }
  return events;
}

/** A turn of the main chain (the index tests raw lines with it too). */
export const isTurn = (e: { type?: unknown; isSidechain?: unknown }): boolean => (e.type === 'user' || e.type === 'assistant') && e.isSidechain !== true;

/** A main-chain turn without a parent: where a chain restarts (`/clear`), unless it is the first turn. */
export const isChainRoot = (e: { type?: unknown; isSidechain?: unknown; parentUuid?: unknown; isCompactSummary?: unknown }): boolean => isTurn(e) && e.parentUuid === null && e.isCompactSummary !== true;

/** Splits a session's main-chain events where a chain restarts (`/clear`: a turn without a parent). */
function chains(events: readonly Event[]): Event[][] {
  const out: Event[][] = [[]];
  for (const e of events) {
    const current = out[out.length - 1]!;
    if (isChainRoot(e) && current.some((x) => x.type === 'user' || x.type === 'assistant')) out.push([e]);
    else current.push(e);
  }
  return out.filter((c) => c.length);
}

/** Sidechain events grouped per sub-agent: by `agentId`, else by the chain they start. */
function sidechains(events: readonly Event[]): Map<string, Event[]> {
  const groups = new Map<string, Event[]>();
  let n = 0;
  let current: string | undefined;
  for (const e of events) {
    let id = e.agentId;
    if (!id) {
      if (e.parentUuid === null || current === undefined) current = `sidechain-${++n}`;
      id = current;
    }
    groups.set(id, [...(groups.get(id) ?? []), e]);
  }
  return groups;
}

function subagentOf(id: string, events: readonly Event[], r: Reading): Subagent {
  const messages = messagesOf(events, r);
  const first = messages.find((m) => m.role === 'user');
  const prompt = typeof first?.content === 'string' ? first.content.trim() : undefined;
  const callId = r.agentCalls.get(id) ?? (prompt ? r.prompts.get(prompt) : undefined);
  return { id, label: id.replace(/^agent-/, ''), messages, ...(callId ? { callId } : {}) };
}

/** One session file (and its `agent-*.jsonl` sub-agent files) → one run per conversation chain. */
export const readClaudeCode: TraceReader = (group) => {
  const diagnostics: Diagnostic[] = [];
  const main = group.main[0];
  if (!main) return { runs: [], diagnostics };
  const others: Record<string, unknown>[] = [];
  const parsed = jsonLines(main.bytes, main.name);
  diagnostics.push(...parsed.diagnostics);
  const events = eventsOf(parsed.lines, main.name, diagnostics, others);
  const sessionId = events.find((e) => e.sessionId)?.sessionId;
  const first = events[0]?.raw ?? {};
  const r: Reading = { file: main.name, diagnostics, tools: new Map(), prompts: new Map(), agentCalls: new Map(), lineFields: {}, usage: { input_tokens: 0, output_tokens: 0 }, model: '' };
  const chainMessages = chains(events.filter((e) => !e.isSidechain)).map((c) => messagesOf(c, r));
  const subagents: Subagent[] = [];
  for (const [id, list] of sidechains(events.filter((e) => e.isSidechain))) subagents.push(subagentOf(id, list, r));
  for (const f of group.related) subagents.push(...agentFile(f, sessionId, r, others));
  const runs: TraceRun[] = chainMessages.map((messages, k) => {
    const mine = subagents.filter((s) => (s.callId ? messages.some((m) => m.tool_calls?.some((c) => c.id === s.callId)) : k === chainMessages.length - 1));
    const placed = withSubagents(messages, mine);
    for (const id of placed.unplaced) diagnostics.push(lineDiagnostic(main.name, 1, 0, 'warning', `sub-agent ${id}: no tool call in the session names it; its turns are shown at the end`));
    const id = sessionId ? (k ? `${sessionId}#${k + 1}` : sessionId) : undefined;
    return {
      transcript: {
        ...(id ? { id } : {}),
        model: r.model,
        messages: placed.messages,
        metadata: {
          claude_code: {
            ...(sessionId ? { session_id: sessionId } : {}),
            ...(str(first.cwd) ? { cwd: first.cwd } : {}),
            ...(str(first.version) ? { version: first.version } : {}),
            ...(str(first.gitBranch) ? { git_branch: first.gitBranch } : {}),
            ...(chainMessages.length > 1 ? { chain: k + 1, chains: chainMessages.length } : {}),
            usage: r.usage,
            ...(others.length ? { other_events: others } : {}),
            ...(Object.keys(r.lineFields).length ? { line_fields: r.lineFields } : {}),
          },
        },
      },
    };
  });
  return { runs, diagnostics } satisfies TraceRead;
};

/** A sub-agent session file: used when it belongs to this session (its `sessionId`). */
function agentFile(f: TraceFileBytes, sessionId: string | undefined, r: Reading, others: Record<string, unknown>[]): Subagent[] {
  const parsed = jsonLines(f.bytes, f.name);
  const events = eventsOf(parsed.lines, f.name, parsed.diagnostics, others);
  const owner = events.find((e) => e.sessionId)?.sessionId;
  if (sessionId && owner && owner !== sessionId) return [];
  r.diagnostics.push(...parsed.diagnostics);
  const id = events.find((e) => e.agentId)?.agentId ?? f.name.replace(/^.*[\\/]/, '').replace(/\.jsonl$/, '');
  const saved = r.file;
  r.file = f.name;
  const s = subagentOf(id, events, r);
  r.file = saved;
  return [s];
}

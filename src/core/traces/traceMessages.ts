import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Message, ToolCall } from '../schema';
import type { Transcript } from '../adapters/types';
import { messageText } from '../messageText';

/** A tool call in the product's shape; arguments that are not a string are kept as their JSON. */
export function toolCall(id: string, name: string, args: unknown): ToolCall {
  return { id, type: 'function', function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) } };
}

/** A tool result: `name` tells the tool and marks an error, as the Anthropic and Inspect adapters do. */
export function toolResult(callId: string | undefined, content: string, tool: string | undefined, error: boolean): Message {
  const name = [tool, error ? 'error' : undefined].filter(Boolean).join(' · ');
  return { role: 'tool', content, ...(callId ? { tool_call_id: callId } : {}), ...(name ? { name } : {}) };
}

/** Any JSON value as text for a message: strings as they are, the rest pretty-printed. */
export function asText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}

/** A sub-agent run: its messages and the call that started it (absent when the format does not say). */
export interface Subagent {
  id: string;
  label: string;
  messages: Message[];
  /** The tool call id that started it: its messages follow that call's result. */
  callId?: string;
}

/**
 * Messages of a sub-agent, marked so a reader sees whose turn it is: each `name` starts with
 * `sub-agent LABEL`, and `subagent` holds its id and starting call for views that nest it.
 */
export function asSubagent(s: Subagent): Message[] {
  return s.messages.map((m) => ({ ...m, name: [`sub-agent ${s.label}`, m.name].filter(Boolean).join(' · '), subagent: { id: s.id, ...(s.callId ? { call_id: s.callId } : {}) } }));
}

/**
 * Places sub-agents after the result of the call that started them (after the call when it has
 * no result); those whose call is not found come last. Returns the ids of those placed last.
 */
export function withSubagents(messages: readonly Message[], subagents: readonly Subagent[]): { messages: Message[]; unplaced: string[] } {
  if (!subagents.length) return { messages: [...messages], unplaced: [] };
  const byCall = new Map<string, Subagent[]>();
  const rest: Subagent[] = [];
  const calls = new Set(messages.flatMap((m) => (m.tool_calls ?? []).map((c) => c.id ?? '')));
  for (const s of subagents) {
    if (s.callId && calls.has(s.callId)) byCall.set(s.callId, [...(byCall.get(s.callId) ?? []), s]);
    else rest.push(s);
  }
  const out: Message[] = [];
  const resultSeen = new Set<string>();
  for (const m of messages) {
    out.push(m);
    if (m.role === 'tool' && m.tool_call_id && byCall.has(m.tool_call_id)) {
      resultSeen.add(m.tool_call_id);
      for (const s of byCall.get(m.tool_call_id)!) out.push(...asSubagent(s));
    }
  }
  // Calls without a result: their sub-agents go right after the calling turn.
  for (const [callId, list] of byCall) {
    if (resultSeen.has(callId)) continue;
    const at = out.findIndex((m) => m.tool_calls?.some((c) => c.id === callId));
    out.splice(at + 1, 0, ...list.flatMap(asSubagent));
  }
  for (const s of rest) out.push(...asSubagent(s));
  return { messages: out, unplaced: rest.map((s) => s.id) };
}

/**
 * The task key of a run without a task name: its first user message, as a short readable slug
 * and a hash of the whole text, so two agents given the same prompt pair up.
 */
export function firstUserKey(messages: readonly Message[]): string | undefined {
  // Named user messages are context the harness adds (environment, instructions, summaries), not the task.
  const first = messages.find((m) => m.role === 'user' && !m.subagent && !m.name && messageText(m).trim());
  if (!first) return undefined;
  const text = messageText(first).trim();
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 32).replace(/-$/, '');
  const hash = bytesToHex(sha256(new TextEncoder().encode(text))).slice(0, 8);
  return `${slug || 'prompt'}-${hash}`;
}

/** One run of a trace file: the transcript and the task it ran, when the format names one. */
export interface TraceRun {
  transcript: Transcript;
  task?: string;
}

/** Fields of `record` not in `known`, for an item's metadata: what the transcript has no place for. */
export function otherFields(record: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!known.has(k) && v !== undefined) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

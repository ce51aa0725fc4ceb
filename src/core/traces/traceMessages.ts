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

// Sub-agents are placed by one helper for every format (Inspect's adapter uses it too).
export { asSubagent, withSubagents, type Subagent } from '../adapters/subagents';

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

import type { Message } from '../schema';

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

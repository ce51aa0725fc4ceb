/**
 * Inspect AI sub-agents nested under the step that started them. Inspect records them two ways:
 *
 * - A **handoff** (`handoff()`, a `transfer_to_NAME` tool call): the sub-agent's messages follow
 *   the call's result ("Successfully transferred to NAME.") in the sample's own messages, its
 *   assistant turns prefixed "[NAME] ", closed by "The NAME agent has completed its work." (or a
 *   limit message). Those messages are marked as the sub-agent's, in place.
 * - An **agent run as a tool** (`as_tool()`), or a `subtask`: only its result is in the messages;
 *   its own turns are in the sample's `events`, as `model` events inside its span (`span_begin`
 *   with type `agent`, linked from the `tool` event by `agent_span_id`), or nested in the
 *   `tool` / `subtask` event's `events` (older logs). Its conversation is its last model call's
 *   input and output; it is placed after the result of the call that started it (a subtask, which
 *   no call started, after the sample's messages).
 *
 * Events are untrusted: one that does not have the fields read here is skipped, never an error.
 */
import { z } from 'zod';
import type { Message } from '../schema';
import { messageText } from '../messageText';
import { withSubagents, type Subagent } from './subagents';

const spanBeginSchema = z.looseObject({ event: z.literal('span_begin'), id: z.string(), parent_id: z.string().nullable().optional(), type: z.string().nullable().optional(), name: z.string() });
const modelEventSchema = z.looseObject({
  event: z.literal('model'),
  span_id: z.string().nullable().optional(),
  input: z.array(z.unknown()),
  output: z.looseObject({ choices: z.array(z.looseObject({ message: z.unknown() })).optional() }).optional(),
});
const toolEventSchema = z.looseObject({
  event: z.literal('tool'),
  id: z.string(),
  function: z.string(),
  agent: z.string().nullable().optional(),
  agent_span_id: z.string().nullable().optional(),
  events: z.array(z.unknown()).optional(),
});
const subtaskEventSchema = z.looseObject({ event: z.literal('subtask'), name: z.string(), span_id: z.string().nullable().optional(), events: z.array(z.unknown()).optional() });

type ModelEvent = z.infer<typeof modelEventSchema>;

/** Converts Inspect chat messages (as found in events) to the product's, skipping those it cannot read. */
export type ToMessages = (raw: readonly unknown[]) => Message[];

const handoffTool = /^transfer_to_/;
const transferred = /^Successfully transferred to (.+)\.$/;

/** Marks a run of messages as one sub-agent's, as the trace readers do (`asSubagent`). */
function marked(m: Message, id: string, callId: string | undefined): Message {
  return { ...m, name: [`sub-agent ${id}`, m.name].filter(Boolean).join(' · '), subagent: { id, ...(callId ? { call_id: callId } : {}) } } as Message;
}

/** Handoffs: the messages after a `transfer_to_NAME` result that are NAME's, marked in place. */
export function markHandoffs(messages: readonly Message[]): Message[] {
  const out = [...messages];
  for (let i = 0; i < out.length; i++) {
    const m = out[i]!;
    if (m.role !== 'tool' || !handoffTool.test(m.name ?? '')) continue;
    const agent = transferred.exec(messageText(m).trim())?.[1];
    if (!agent) continue;
    let j = i + 1;
    for (; j < out.length; j++) {
      const x = out[j]!;
      const text = messageText(x).trim();
      if (x.role === 'user') {
        // The harness's closing line belongs to the run; any other user turn ends it.
        if (text === `The ${agent} agent has completed its work.` || text.startsWith(`The ${agent} exceeded its `)) j++;
        break;
      }
      if (x.role === 'system' || (x.role === 'assistant' && !text.startsWith(`[${agent}]`) && !x.tool_calls?.length)) break;
      out[j] = marked(x, agent, m.tool_call_id);
    }
    if (j > i + 1 && out[j - 1]!.role === 'user') out[j - 1] = marked(out[j - 1]!, agent, m.tool_call_id);
    i = j - 1;
  }
  return out;
}

/** A model call's conversation: its input, then its reply. */
function conversation(e: ModelEvent): unknown[] {
  const reply = e.output?.choices?.[0]?.message;
  return reply === undefined ? [...e.input] : [...e.input, reply];
}

function parsed<T extends z.ZodType>(schema: T, events: readonly unknown[]): z.infer<T>[] {
  const out: z.infer<T>[] = [];
  for (const e of events) {
    const r = schema.safeParse(e);
    if (r.success) out.push(r.data);
  }
  return out;
}

/** The last model call among `events` that sits in span `root` or a span under it (flat events carry `span_id`). */
function lastModelIn(models: readonly ModelEvent[], parents: ReadonlyMap<string, string | undefined>, root: string): ModelEvent | undefined {
  const under = (span: string | null | undefined): boolean => {
    for (let s = span ?? undefined, hops = 0; s !== undefined && hops <= parents.size; s = parents.get(s), hops++) if (s === root) return true;
    return false;
  };
  for (let k = models.length - 1; k >= 0; k--) if (under(models[k]!.span_id)) return models[k];
  return undefined;
}

/** Sub-agents the events hold (agents run as tools, subtasks), as raw conversations with the call that started them. */
export function eventSubagents(events: readonly unknown[], toMessages: ToMessages): Subagent[] {
  const spans = parsed(spanBeginSchema, events);
  const parents = new Map(spans.map((s) => [s.id, s.parent_id ?? undefined]));
  const names = new Map(spans.map((s) => [s.id, s.name]));
  const models = parsed(modelEventSchema, events);
  const out: Subagent[] = [];
  const add = (id: string, e: ModelEvent | undefined, callId?: string) => {
    const messages = e ? toMessages(conversation(e)) : [];
    if (messages.length) out.push({ id, label: id, messages, ...(callId ? { callId } : {}) });
  };
  const nestedLast = (nested: readonly unknown[] | undefined) => parsed(modelEventSchema, nested ?? []).at(-1);
  for (const t of parsed(toolEventSchema, events)) {
    if (handoffTool.test(t.function)) continue; // its messages are in the sample's own (markHandoffs)
    const name = t.agent ?? (t.agent_span_id ? names.get(t.agent_span_id) : undefined);
    if (!name) continue;
    add(name, nestedLast(t.events) ?? (t.agent_span_id ? lastModelIn(models, parents, t.agent_span_id) : undefined), t.id);
  }
  const subtaskSpans = new Map(spans.filter((s) => s.type === 'subtask').map((s) => [s.name, s.id]));
  for (const s of parsed(subtaskEventSchema, events)) {
    const span = subtaskSpans.get(s.name);
    add(`subtask ${s.name}`, nestedLast(s.events) ?? (span ? lastModelIn(models, parents, span) : undefined));
  }
  return out;
}

/** A sample's messages with its sub-agents nested: handoffs marked in place, event-held ones placed after their call's result. */
export function withInspectSubagents(messages: readonly Message[], events: readonly unknown[] | undefined, toMessages: ToMessages): Message[] {
  const marked = markHandoffs(messages);
  const subagents = events?.length ? eventSubagents(events, toMessages) : [];
  return subagents.length ? withSubagents(marked, subagents).messages : marked;
}

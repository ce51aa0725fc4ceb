import { messageText } from '../messageText';
import type { Message } from '../schema';
import type { SpanLabel } from './labelEvent';

/** The text a span may count in: `content`, `reasoning`, or a tool call's raw `arguments`. */
export type SpanField = SpanLabel['field'];

/** The tool calls of a message with this id (more than one is an ambiguous id). */
export function toolCallsWithId(message: Message, id: string | undefined) {
  return (message.tool_calls ?? []).filter((c) => c.id !== undefined && c.id === id);
}

/**
 * The source string a span's offsets count in: the message's text, its reasoning, or the raw
 * arguments string of its one tool call with `toolCallId`. Undefined when there is none.
 */
export function spanSource(message: Message, field: SpanField, toolCallId?: string): string | undefined {
  if (field === 'reasoning') return message.reasoning;
  if (field === 'content') return messageText(message);
  const calls = toolCallsWithId(message, toolCallId);
  return calls.length === 1 ? (calls[0]!.function.arguments ?? '') : undefined;
}

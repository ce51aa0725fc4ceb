import { messageText } from '../messageText';
import type { Message } from '../schema';

function sameMessage(a: Message, b: Message): boolean {
  return (
    a.role === b.role &&
    a.name === b.name &&
    a.tool_call_id === b.tool_call_id &&
    messageText(a) === messageText(b) &&
    JSON.stringify(a.tool_calls ?? null) === JSON.stringify(b.tool_calls ?? null)
  );
}

/**
 * Splits two conversations of the same prompt into the shared prefix (the prompt) and the two
 * endings (the sides). When one ending would be empty (identical runs, or one a prefix of the
 * other), the prompt stops before the trailing assistant turns, so each side keeps its reply.
 */
export function splitCommonPrefix(a: Message[], b: Message[]): { prompt: Message[]; a: Message[]; b: Message[] } {
  let p = 0;
  const n = Math.min(a.length, b.length);
  while (p < n && sameMessage(a[p]!, b[p]!)) p++;
  if (p === a.length || p === b.length) {
    while (p > 0 && a[p - 1]!.role === 'assistant') p--;
  }
  return { prompt: a.slice(0, p), a: a.slice(p), b: b.slice(p) };
}

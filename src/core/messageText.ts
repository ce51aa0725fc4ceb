import type { Message } from './schema';

/** The plain text of a message's content, joining text parts. Zod-free: the webview uses it. */
export function messageText(message: Message): string {
  const c = message.content;
  if (typeof c === 'string') return c;
  if (!c) return '';
  return c.map((p) => p.text ?? '').join('');
}

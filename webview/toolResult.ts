import type { Message } from '../src/core/schema';

/**
 * How a tool result is read: JSON (an object or array, highlighted as written), Markdown (text
 * that uses Markdown structure), or preformatted text (code, logs, listings: line breaks kept).
 */
export type ResultForm = 'json' | 'markdown' | 'text';

/** Lines of a text (a trailing line break does not start another line). */
export function lineCount(text: string): number {
  if (!text) return 0;
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

function isJson(text: string): boolean {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

// Markdown is chosen only on its structure (a fence, a heading, a table row); anything else from a
// tool is usually code or a log, where Markdown would join lines and eat `*`, `_` and `#`.
const markdownShape = /^(```|~~~|#{1,6} \S|\|.*\|\s*$)/m;
const codeShape = /^(\s*(def|class|import|from|function|const|let|var|package|#include|Traceback)\b|\s*File ".*", line \d+|\s*\$ |\s{4,}\S)/m;

/** The form a tool result takes when rendered (the Raw toggle shows every form as its source). */
export function resultForm(text: string): ResultForm {
  if (isJson(text)) return 'json';
  if (markdownShape.test(text) && !codeShape.test(text)) return 'markdown';
  return 'text';
}

/** A tool message the tool marked as failed (adapters put the error type in its name). */
export function isToolError(m: Pick<Message, 'role' | 'name'>): boolean {
  return m.role === 'tool' && /(^|· )error\b/.test(m.name ?? '');
}

/** Lines past which a tool result starts collapsed (it stays one click away, with its line count). */
export const resultCollapseLines = 30;

/**
 * Characters past which a tool result starts collapsed however few its lines (a 5 KB log of long
 * lines, or JSON drawn as hundreds of highlighted tokens, is a screen or more): a trajectory of
 * such results is read by its summaries, each one click away.
 */
export const resultCollapseChars = 2000;

/** Whether a tool result opens when first drawn: short in lines and in characters, or holding a span (to show it). */
export function resultOpensByDefault(lines: number, chars: number, marked: boolean): boolean {
  return marked || (lines <= resultCollapseLines && chars <= resultCollapseChars);
}

/** The key of a tool result's open state in the view: a side's message, or a prompt message (`side` undefined). */
export function resultKey(side: string | undefined, message: number): string {
  return side === undefined ? `p:${message}` : `s:${message}:${side}`;
}

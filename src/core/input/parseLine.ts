import type { Diagnostic } from '../diagnostic';
import { locateJsonError } from './jsonError';
import { sanitize, type LineProblem } from './sanitize';
import { exactNumberText } from './exactNumber';

export type { LineProblem } from './sanitize';

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** V8's longest string (2^29 − 24 UTF-16 units): a longer line cannot be decoded at all. */
export const maxLineChars = 0x1fffffe8;
const lenientDecoder = new TextDecoder('utf-8');

export type LineResult =
  | { ok: true; value: unknown; text: string; warnings: LineProblem[] }
  | { ok: false; column: number; message: string };

/**
 * Decodes and parses one JSONL line, and makes the value safe to hand on (see `sanitize`).
 * Errors carry a 1-based column (in UTF-16 code units of the decoded line, as editors count)
 * and a message meant for people, not the engine's wording.
 */
export function parseJsonLine(bytes: Uint8Array): LineResult {
  let text: string;
  try {
    text = strictDecoder.decode(bytes);
  } catch {
    // One error for this line; the caller goes on with the next (it used to throw out of the whole file).
    if (bytes.length > maxLineChars) return { ok: false, column: 0, message: `the line is ${bytes.length.toLocaleString('en-US')} bytes, longer than the longest string JavaScript can hold (${maxLineChars.toLocaleString('en-US')} characters); split the record or shorten it` };
    const at = firstInvalidUtf8(bytes);
    const column = lenientDecoder.decode(bytes.subarray(0, at)).length + 1;
    return { ok: false, column, message: `invalid UTF-8 byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} at column ${column} (save the file as UTF-8)` };
  }
  return parseJsonText(text);
}

/** `parseJsonLine` after the decode: parses one decoded line and makes the value safe to hand on. */
export function parseJsonText(text: string): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, ...describeJsonError(text, err) };
  }
  const safe = sanitize(value, text);
  if (!safe.ok) return { ok: false, ...safe.problem };
  // A numeric id past 2^53 is replaced by its source digits (a string) before any adapter sees it.
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number' && !Number.isSafeInteger((value as { id: number }).id)) {
    const exact = exactNumberText((value as { id: number }).id, text, 'id');
    if (!exact.ok) return { ok: false, column: exact.column, message: exact.message };
    (value as { id: unknown }).id = exact.value;
  }
  return { ok: true, value, text, warnings: safe.warnings };
}

/** "unterminated string at column 62" and friends, from our own scanner; the engine's words only as a fallback. */
export function describeJsonError(text: string, err: unknown): LineProblem {
  if (err instanceof RangeError) return { column: 0, message: 'nesting is too deep to parse' };
  const found = locateJsonError(text);
  if (found) {
    const column = found.index + 1;
    return { column, message: `${found.message} at column ${column}` };
  }
  const raw = err instanceof Error ? err.message : String(err);
  const pos = /at position (\d+)/.exec(raw);
  const column = pos ? Number(pos[1]) + 1 : 0;
  return { column, message: `not valid JSON${column ? ` at column ${column}` : ''}: ${raw}` };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    if (len > 1) {
      try {
        strictDecoder.decode(bytes.subarray(i, i + len));
      } catch {
        return i; // overlong, surrogate or out of range
      }
    }
    i += len;
  }
  return bytes.length;
}

/** A diagnostic for a line, with the message prefixed by its line number as people read it. */
export function lineDiagnostic(file: string, line: number, column: number, severity: Diagnostic['severity'], message: string): Diagnostic {
  return { file, line, column, severity, message: `line ${line}: ${message}` };
}

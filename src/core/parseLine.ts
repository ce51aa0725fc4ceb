import type { Diagnostic } from './diagnostic';

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new TextDecoder('utf-8');

export type LineResult = { ok: true; value: unknown; text: string } | { ok: false; column: number; message: string };

/**
 * Decodes and parses one JSONL line. Errors carry a 1-based column (in characters of the
 * decoded line) and a message meant for people, not V8's wording.
 */
export function parseJsonLine(bytes: Uint8Array): LineResult {
  let text: string;
  try {
    text = strictDecoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const column = lenientDecoder.decode(bytes.subarray(0, at)).length + 1;
    return { ok: false, column, message: `invalid UTF-8 byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} at column ${column}` };
  }
  try {
    return { ok: true, value: JSON.parse(text), text };
  } catch (err) {
    return { ok: false, ...describeJsonError(text, err) };
  }
}

/** Turns V8's JSON.parse message into "unterminated string at column 62" and friends. */
export function describeJsonError(text: string, err: unknown): { column: number; message: string } {
  const raw = err instanceof Error ? err.message : String(err);
  const pos = /at position (\d+)/.exec(raw);
  const column = pos ? Number(pos[1]) + 1 : 0;
  const where = column > 0 ? ` at column ${column}` : '';
  if (/Unterminated string/i.test(raw)) return { column, message: `unterminated string${where}` };
  if (/Unexpected end of JSON/i.test(raw)) return { column: text.length, message: `line ends before the JSON value is complete (column ${text.length})` };
  if (/Bad control character/i.test(raw)) return { column, message: `control character inside a string${where} (escape it as \\n, \\t, …)` };
  if (/Bad escaped character/i.test(raw)) return { column, message: `invalid escape sequence${where}` };
  if (/Unexpected non-whitespace character after JSON/i.test(raw)) return { column, message: `extra text after the JSON value${where} (one JSON value per line)` };
  if (/Maximum call stack/i.test(raw)) return { column: 0, message: 'nesting is too deep to parse' };
  const token = /Unexpected token '?(.)'?/.exec(raw);
  if (token) return { column, message: `unexpected character '${token[1]}'${where}` };
  return { column, message: `not valid JSON${where}` };
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

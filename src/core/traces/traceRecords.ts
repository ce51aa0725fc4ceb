import type { Diagnostic } from '../diagnostic';
import { lineColumnAt, offsetOfPath } from '../input/locatePath';
import { lineDiagnostic, parseJsonLine } from '../input/parseLine';

/** One parsed line of a trace file, with its 1-based line number. */
export interface TraceLine {
  line: number;
  value: unknown;
}

/**
 * The JSON lines of a trace file: a line that does not parse (a truncated last line, a stray
 * byte) is an error naming its line and the rest still load.
 */
export function jsonLines(bytes: Uint8Array, file: string): { lines: TraceLine[]; diagnostics: Diagnostic[] } {
  const lines: TraceLine[] = [];
  const diagnostics: Diagnostic[] = [];
  let start = 0;
  let line = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    line++;
    let slice = bytes.subarray(start, end);
    if (slice.length && slice[slice.length - 1] === 0x0d) slice = slice.subarray(0, slice.length - 1);
    start = end + 1;
    if (!slice.some((b) => b !== 0x20 && b !== 0x09)) continue;
    const parsed = parseJsonLine(slice);
    if (!parsed.ok) {
      const last = end >= bytes.length;
      diagnostics.push(lineDiagnostic(file, line, parsed.column, 'error', last ? `${parsed.message}; the last line looks cut off` : parsed.message));
      continue;
    }
    for (const w of parsed.warnings) diagnostics.push(lineDiagnostic(file, line, w.column, 'warning', w.message));
    lines.push({ line, value: parsed.value });
  }
  return { lines, diagnostics };
}

/** One JSON document (a trajectory, an OTLP export): the whole file, or an error at line 1. */
export function jsonDocument(bytes: Uint8Array, file: string): { value?: unknown; text?: string; diagnostics: Diagnostic[] } {
  const parsed = parseJsonLine(bytes);
  if (!parsed.ok) {
    // A document spans lines: the error is placed at its line, not at a column of the whole text.
    const before = new TextDecoder().decode(bytes).slice(0, Math.max(0, parsed.column - 1));
    const line = before.split('\n').length;
    return { diagnostics: [lineDiagnostic(file, line, before.length - before.lastIndexOf('\n'), 'error', parsed.message.replace(/ at column \d+/, ''))] };
  }
  return { value: parsed.value, text: parsed.text, diagnostics: parsed.warnings.map((w) => lineDiagnostic(file, 1, w.column, 'warning', w.message)) };
}

/** An error at a path of a JSON document (`steps[3].tool_calls`), placed at that key's line. */
export function pathDiagnostic(file: string, text: string, path: readonly PropertyKey[], severity: Diagnostic['severity'], message: string): Diagnostic {
  const offset = offsetOfPath(text, path);
  const at = offset >= 0 ? lineColumnAt(text, offset) : { line: 1, column: 0 };
  const where = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return { file, line: at.line, column: at.column, severity, message: `line ${at.line}: ${where ? `${where}: ` : ''}${message}` };
}

import { inspectAdapter } from '../adapters/inspect';
import type { SingleAdapter } from '../adapters/types';
import type { ItemResult } from '../input/dataset';
import type { Diagnostic } from '../diagnostic';
import { parseJsonLine } from '../input/parseLine';
import type { LogHeader } from './header';

/** The adapter for a log's samples: the header names the task (benchmark) and the model. */
export function adapterFor(header: LogHeader | undefined): SingleAdapter {
  return inspectAdapter({ task: header?.eval.task, model: header?.eval.model });
}

/** A problem with sample `name` of a log; `line` is the sample's position (1-based), the only line a zip has. */
export function sampleDiagnostic(file: string, line: number, name: string, severity: Diagnostic['severity'], message: string): Diagnostic {
  return { file, line, column: 0, severity, message: `sample ${name}: ${message}` };
}

/** Parses (with the same checks as a JSONL line) and converts one sample's JSON. */
export function convertSample(adapter: SingleAdapter, file: string, index: number, name: string, json: Uint8Array | unknown): ItemResult {
  const line = index + 1;
  let value = json;
  const diagnostics: Diagnostic[] = [];
  if (json instanceof Uint8Array) {
    const parsed = parseJsonLine(json);
    if (!parsed.ok) return { index, line, diagnostics: [sampleDiagnostic(file, line, name, 'error', parsed.message)] };
    for (const w of parsed.warnings) diagnostics.push(sampleDiagnostic(file, line, name, 'warning', w.message));
    value = parsed.value;
  }
  const c = adapter.toTranscript(value);
  if (!c.ok) return { index, line, diagnostics: [...diagnostics, sampleDiagnostic(file, line, name, 'error', c.message)] };
  return { index, line, transcript: c.value, diagnostics };
}


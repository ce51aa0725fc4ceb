import { z } from 'zod';
import { traceFormatNames } from '../adapters/types';

export { traceFormatNames };
export const traceFormatSchema = z.enum(traceFormatNames);
export type TraceFormat = z.infer<typeof traceFormatSchema>;

export function isTraceFormat(name: string | undefined): name is TraceFormat {
  return (traceFormatNames as readonly string[]).includes(name ?? '');
}

/** Harbor's trajectory files: `trajectory.json` and its continuations `trajectory.cont-N.json`. */
export const harborFileName = /^trajectory(?:\.cont-(\d+))?\.json$/;

/** The continuation number of a Harbor trajectory file: 0 for `trajectory.json`, N for `trajectory.cont-N.json`. */
export function harborPart(base: string): number | undefined {
  const m = harborFileName.exec(base);
  return m ? Number(m[1] ?? 0) : undefined;
}

/**
 * The trace format of a file from its name and its first bytes, or undefined (then it is read
 * as before: JSONL records, an Inspect log). Cheap: looks at the first keys only, so a session
 * whose first line is longer than the head is still recognised.
 */
export function sniffTraceFormat(base: string, head: string): TraceFormat | undefined {
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('{')) return undefined;
  const first = start.slice(0, 4096);
  if (/"resourceSpans"\s*:/.test(first)) return 'otel';
  if (harborFileName.test(base) || (/"schema_version"\s*:\s*"ATIF/.test(first) && /"steps"\s*:/.test(start))) return 'harbor';
  if (/^\{[^\n]*?"type"\s*:\s*"(?:session_meta|response_item|turn_context|event_msg|compacted)"[^\n]*?"payload"\s*:/.test(first) || /^\{\s*"timestamp"\s*:\s*"[^"]*"\s*,\s*"type"\s*:\s*"session_meta"/.test(first)) return 'codex';
  if (/"sessionId"\s*:/.test(first) && /"type"\s*:\s*"(?:user|assistant|system|summary)"/.test(first)) return 'claude-code';
  if (/^\{\s*"type"\s*:\s*"summary"\s*,\s*"summary"/.test(first) || /"leafUuid"\s*:/.test(first.slice(0, 400))) return 'claude-code';
  return undefined;
}

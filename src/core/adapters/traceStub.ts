import type { SingleAdapter, traceFormatNames } from './types';

type TraceFormat = (typeof traceFormatNames)[number];

/**
 * The entry of an agent-trace format among the line adapters, so `--format` and a manifest's
 * `format` name it: it never matches a line, as these files are read whole (see core/traces).
 */
export function traceStub<N extends TraceFormat>(name: N, shape: string): SingleAdapter<N> {
  return {
    name,
    kind: 'single',
    shape,
    probe: () => false,
    toTranscript: () => ({ ok: false, message: `${name} traces are read per file (a session, a rollout, an export, a trajectory), not one JSONL line at a time` }),
  };
}

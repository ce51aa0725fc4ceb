import { canonicalAdapter } from './canonical';
import { chatAdapter } from './chat';
import { anthropicAdapter } from './anthropic';
import { flatAdapter } from './flat';
import { hhAdapter } from './hh';
import { inspectAdapter } from './inspect';
import { responsesAdapter } from './responses';
import { shareGptAdapter } from './sharegpt';
import { trlAdapter } from './trl';
import { traceStub } from './traceStub';
import type { Adapter, FormatName } from './types';

export * from './types';
export { splitCommonPrefix } from './split';

/** Every adapter by name, in detection priority (most specific shape first). */
export const adapters: Readonly<Record<FormatName, Adapter>> = {
  canonical: canonicalAdapter,
  hh: hhAdapter,
  trl: trlAdapter,
  inspect: inspectAdapter(),
  anthropic: anthropicAdapter,
  responses: responsesAdapter,
  chat: chatAdapter,
  sharegpt: shareGptAdapter,
  flat: flatAdapter,
  'claude-code': traceStub('claude-code', 'a Claude Code session: one event a line ({"type": "user" | "assistant" | "system" | "summary", "uuid", "parentUuid", "message"})'),
  codex: traceStub('codex', 'a Codex CLI rollout: one {"timestamp", "type": "session_meta" | "response_item" | "turn_context" | "event_msg" | "compacted", "payload"} a line'),
  otel: traceStub('otel', 'OTLP/JSON spans ({"resourceSpans": [{"scopeSpans": [{"spans": [...]}]}]}) with OTel GenAI or OpenInference attributes'),
  harbor: traceStub('harbor', 'a Harbor ATIF trajectory.json ({"schema_version", "session_id", "agent", "steps": [{"source", "message", "tool_calls", "observation"}]})'),
};

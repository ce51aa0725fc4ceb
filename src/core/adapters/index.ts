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
  'claude-code': traceStub('claude-code', '{"type": "user" | "assistant" | "system" | "summary", "uuid", "parentUuid", "sessionId", "message"} one event a line: a Claude Code session file'),
  codex: traceStub('codex', '{"timestamp", "type": "session_meta" | "response_item" | "turn_context" | "event_msg" | "compacted", "payload"} one item a line: a Codex CLI rollout file'),
  otel: traceStub('otel', '{"resourceSpans": [{"scopeSpans": [{"spans": [OTel GenAI or OpenInference spans]}]}]} a document or a line: an OTLP/JSON file'),
  harbor: traceStub('harbor', '{"schema_version", "session_id", "agent", "steps": [{"source", "message", "tool_calls", "observation"}]}: a Harbor ATIF trajectory.json'),
};

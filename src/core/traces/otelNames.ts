// OpenTelemetry GenAI semantic-convention attribute names, current first then the names they
// replaced (the conventions are still "Development" and rename attributes between releases),
// and the OpenInference names Phoenix's instrumentations write. Kept here, not imported from
// `@opentelemetry/semantic-conventions/incubating`: its maintainers ask users of unstable names
// to copy them, as that entry point changes without a major version.

export const genAi = {
  operation: ['gen_ai.operation.name'],
  provider: ['gen_ai.provider.name', 'gen_ai.system'],
  requestModel: ['gen_ai.request.model'],
  responseModel: ['gen_ai.response.model'],
  inputMessages: ['gen_ai.input.messages', 'gen_ai.prompt'],
  outputMessages: ['gen_ai.output.messages', 'gen_ai.completion'],
  systemInstructions: ['gen_ai.system_instructions'],
  agentName: ['gen_ai.agent.name'],
  agentId: ['gen_ai.agent.id'],
  toolName: ['gen_ai.tool.name'],
  toolCallId: ['gen_ai.tool.call.id'],
  toolArguments: ['gen_ai.tool.call.arguments'],
  toolResult: ['gen_ai.tool.call.result'],
  inputTokens: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'],
  outputTokens: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'],
  errorType: ['error.type'],
} as const;

/** Span events of the earlier event-based conventions: one event per message. */
export const messageEvents: Readonly<Record<string, 'system' | 'user' | 'assistant' | 'tool'>> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
  'gen_ai.choice': 'assistant',
};

export const openInference = {
  spanKind: 'openinference.span.kind',
  modelName: 'llm.model_name',
  inputMessages: 'llm.input_messages',
  outputMessages: 'llm.output_messages',
  inputValue: 'input.value',
  outputValue: 'output.value',
  toolName: 'tool.name',
  toolCallId: 'tool_call.id',
  agentName: 'agent.name',
  promptTokens: 'llm.token_count.prompt',
  completionTokens: 'llm.token_count.completion',
} as const;

/** OpenInference span kinds → GenAI operation names. */
export const openInferenceKinds: Readonly<Record<string, string>> = { LLM: 'chat', AGENT: 'invoke_agent', TOOL: 'execute_tool' };

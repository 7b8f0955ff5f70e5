// Attribute names of the spans Switchyard exports. The GenAI names are OpenTelemetry's semantic
// conventions (as of @opentelemetry/semantic-conventions 1.45), copied rather than imported from its
// "incubating" entry point, which may rename them in any minor release: a collector keeps receiving
// the names these spans were built with until we choose to move.
export const GEN_AI = {
  operationName: "gen_ai.operation.name",
  /** Superseded by gen_ai.provider.name; still read by many backends, so both are set. */
  system: "gen_ai.system",
  providerName: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  responseModel: "gen_ai.response.model",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  workflowName: "gen_ai.workflow.name",
  conversationId: "gen_ai.conversation.id",
  toolName: "gen_ai.tool.name",
  toolCallArguments: "gen_ai.tool.call.arguments",
  toolCallResult: "gen_ai.tool.call.result",
  dataSourceId: "gen_ai.data_source.id",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
} as const;

export const OPERATION = {
  workflow: "invoke_workflow",
  chat: "chat",
  agent: "invoke_agent",
  tool: "execute_tool",
  retrieval: "retrieval",
} as const;

export const ERROR_TYPE = "error.type";

/** Switchyard's own attributes, under its namespace. */
export const SWITCHYARD = {
  workspaceId: "switchyard.workspace.id",
  runId: "switchyard.run.id",
  runSource: "switchyard.run.source",
  status: "switchyard.status",
  botId: "switchyard.bot.id",
  botName: "switchyard.bot.name",
  versionId: "switchyard.bot.version.id",
  version: "switchyard.bot.version",
  deploymentId: "switchyard.deployment.id",
  deploymentSlug: "switchyard.deployment.slug",
  costUsd: "switchyard.cost.usd",
  nodeId: "switchyard.node.id",
  nodeType: "switchyard.node.type",
  attempts: "switchyard.attempts",
  attemptNumber: "switchyard.attempt.number",
  poolMember: "switchyard.pool.member",
  note: "switchyard.note",
  /** A node's input and output as JSON, for nodes the GenAI conventions have no attribute for (contents on only). */
  input: "switchyard.node.input",
  output: "switchyard.node.output",
} as const;

const providerNames: Record<string, string> = {
  OPENAI: "openai",
  ANTHROPIC: "anthropic",
  GOOGLE: "gcp.gemini",
  MISTRAL: "mistral_ai",
  // not one of the conventions' well-known values: the server behind it (vLLM, Groq, …) is unknown
  OPENAI_COMPATIBLE: "openai_compatible",
  OLLAMA: "ollama",
};

/** The conventions' provider name for a credential kind ("OPENAI" → "openai"). */
export const providerName = (kind: string) => providerNames[kind] ?? kind.toLowerCase();

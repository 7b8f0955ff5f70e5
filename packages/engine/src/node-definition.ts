// What every node type declares: its ports, its config schema and how it executes. A node type is
// one module in @switchyard/nodes; the engine knows nothing about any specific type.
import type { z } from "zod";
import type { RunEvent } from "./run-events";

/** The data that flows along an edge. `any` connects to everything. */
export type PortType = "text" | "messages" | "json" | "documents" | "tool" | "model" | "any";

export interface PortDefinition {
  name: string;
  label: string;
  type: PortType;
  /** A required input must be connected for the flow to validate. */
  required?: boolean;
  /** An input that accepts several edges receives an array, in edge order. */
  multiple?: boolean;
}

export type NodeCategory = "Input" | "Prompt" | "Model" | "Logic" | "Tools" | "Context" | "Memory" | "Evaluate" | "Output";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** What a run starts with: the user's message, earlier turns and free variables. */
export interface RunInput {
  message: string;
  history?: ChatMessage[];
  variables?: Record<string, string>;
  sessionId?: string;
}

export interface ModelUsage {
  provider: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  attempts: number;
}

export interface ModelRequest {
  credentialId: string;
  model: string;
  system?: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  timeoutMs: number;
  maxRetries: number;
  stream: boolean;
}

export interface ModelResponse {
  text: string;
  usage: ModelUsage;
  /** One entry per provider call, failed ones included, so traces show every retry. */
  attempts: { startedAt: number; latencyMs: number; error?: string }[];
}

/** Model access as the engine sees it; the worker supplies the real implementation. */
export interface ModelGateway {
  generate(request: ModelRequest, options: { signal: AbortSignal; onToken?: (text: string) => void }): Promise<ModelResponse>;
}

/** Outbound HTTP for tool nodes, through the SSRF guard with the workspace's allowed hosts. */
export interface NetworkAccess {
  allowedHosts: readonly string[];
  /** fetch() that refuses non-public addresses (unless allowed), on every redirect hop too. */
  fetch(url: URL, init: RequestInit & { headers?: Record<string, string> }): Promise<Response>;
}

/** Runs user JavaScript with no access to the host (see @switchyard/sandbox). */
export interface CodeSandbox {
  run(
    code: string,
    input: unknown,
    limits: { timeoutMs: number; memoryBytes: number; maxOutputBytes: number },
  ): Promise<{ ok: true; value: unknown; logs: string[] } | { ok: false; error: string; logs: string[] }>;
}

export interface McpServer {
  url: string;
  transport: "auto" | "streamable-http" | "sse";
  /** Sent with every request (an HTTP credential's header). */
  headers: Record<string, string>;
  timeoutMs: number;
}

export interface McpTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** Model Context Protocol servers, reached through the same guard as NetworkAccess. */
export interface McpAccess {
  listTools(server: McpServer, signal: AbortSignal): Promise<McpTool[]>;
  callTool(
    server: McpServer,
    name: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<{ content?: { type: string; text?: string }[]; structuredContent?: unknown; isError?: boolean }>;
}

/** Decrypted secrets for tool nodes; what it returns is never logged or traced. */
export interface SecretResolver {
  httpHeader(credentialId: string): Promise<{ name: string; value: string }>;
}

export interface ConversationTurn {
  message: string;
  reply: string;
  /** Epoch milliseconds of the run that held this turn. */
  at: number;
}

/** The current run's conversation (its session) as a Memory node sees it. */
export interface ConversationMemory {
  /** Earlier finished runs of the session, newest `limit` (after `since`), oldest first. */
  turns(sessionId: string, options: { limit: number; since?: number }): Promise<ConversationTurn[]>;
  summary(sessionId: string): Promise<{ text: string; coveredUntil: number } | null>;
  saveSummary(sessionId: string, summary: { text: string; coveredUntil: number }): Promise<void>;
}

export interface EngineServices {
  models: ModelGateway;
  network?: NetworkAccess;
  sandbox?: CodeSandbox;
  mcp?: McpAccess;
  secrets?: SecretResolver;
  memory?: ConversationMemory;
}

export interface NodeContext<Config> {
  nodeId: string;
  config: Config;
  /** Input port name → value (an array for `multiple` ports); unconnected optional ports are absent. */
  inputs: Record<string, unknown>;
  run: { id: string; input: RunInput };
  services: EngineServices;
  signal: AbortSignal;
  emit: (event: RunEvent) => void;
}

export interface NodeResult {
  outputs: Record<string, unknown>;
  usage?: ModelUsage;
  /** Present on nodes whose output is the run's reply (chat output). */
  reply?: string;
  attempts?: ModelResponse["attempts"];
}

export interface NodeDefinition<Schema extends z.ZodType = z.ZodType> {
  type: string;
  label: string;
  category: NodeCategory;
  description: string;
  inputs: PortDefinition[];
  outputs: PortDefinition[];
  config: Schema;
  /** Extra checks that need the whole config (for example template variables); messages for people. */
  check?: (config: z.infer<Schema>) => string[];
  execute: (context: NodeContext<z.infer<Schema>>) => Promise<NodeResult>;
}

/** Keeps the config type of each definition while collecting them in one list. */
export const defineNode = <Schema extends z.ZodType>(definition: NodeDefinition<Schema>) => definition;

export function portsCompatible(source: PortType, target: PortType): boolean {
  if (source === "any" || target === "any" || source === target) return true;
  // text can become a one-message conversation wherever messages are expected
  return source === "text" && target === "messages";
}

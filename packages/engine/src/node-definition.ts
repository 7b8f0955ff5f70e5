// What every node type declares: its ports, its config schema and how it executes. A node type is
// one module in @switchyard/nodes; the engine knows nothing about any specific type.
import type { z } from "zod";
import type { RetrievalService } from "./retrieval";
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

export interface EngineServices {
  models: ModelGateway;
  /** Context-store search; absent where no database is wired (pure unit tests). */
  retrieval?: RetrievalService;
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

// What every node type declares: its ports, its config schema and how it executes. A node type is
// one module in @switchyard/nodes; the engine knows nothing about any specific type.
import type { z } from "zod";
import type { BotFlows, BotOnPath } from "./bot-calls";
import type { CompiledFlow } from "./compile";
import type { ResumeFrom, RunResult } from "./execute";
import type { ApprovalAnswer, ApprovedCalls, PauseRequest } from "./pause";
import type { RetrievalService } from "./retrieval";
import type { RunEvent } from "./run-events";
import type { ToolSource } from "./tool";

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

/** A tool the model asked for; `arguments` is the parsed JSON it sent. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: unknown;
}

/** What a tool-calling conversation adds to chat messages: the model's calls and their results. */
export type ModelMessage =
  | ChatMessage
  | { role: "assistant"; content: string; toolCalls: ToolCall[] }
  | { role: "tool"; toolCallId: string; toolName: string; result: unknown; isError?: boolean };

/** A tool as the model sees it (the callable part stays with the node). */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** One provider credential and model; fallback chains are lists of these. */
export interface ModelTarget {
  credentialId: string;
  model: string;
}

export interface ModelRequest {
  credentialId: string;
  model: string;
  /** Tried in order once the primary model has failed for good (its retries exhausted). */
  fallbacks?: ModelTarget[];
  system?: string;
  messages: ModelMessage[];
  tools?: ToolDefinition[];
  /** Asks the provider for a JSON object instead of free text. */
  responseFormat?: "json";
  temperature?: number;
  maxTokens?: number;
  timeoutMs: number;
  maxRetries: number;
  stream: boolean;
}

export interface ModelAttempt {
  startedAt: number;
  latencyMs: number;
  error?: string;
  /** Which model this call went to ("OPENAI gpt-4o-mini"), so fallbacks show in the trace. */
  target?: string;
  /** The pool member (its credential's name) this call went to, when the node named a pool. */
  member?: string;
}

/** Which member of a pool answered, and the members tried before it. */
export interface PoolAnswer {
  pool: string;
  member: string;
  credentialId: string;
  /** One line per member that failed first ("Key A: 429 …; cooling down 30 s"). */
  failovers: string[];
}

export interface ModelResponse {
  text: string;
  /** Empty unless the request offered tools and the model chose to call some. */
  toolCalls: ToolCall[];
  usage: ModelUsage;
  /** One entry per provider call, failed ones and fallbacks included, so traces show every retry. */
  attempts: ModelAttempt[];
  /** Present when a pool answered. */
  pool?: PoolAnswer;
}

/** Model access as the engine sees it; the worker supplies the real implementation. */
export interface ModelGateway {
  generate(request: ModelRequest, options: { signal: AbortSignal; onToken?: (text: string) => void }): Promise<ModelResponse>;
}

/** Outbound HTTP for tool nodes, through the SSRF guard with the workspace's allowed hosts. */
/** An HTTP credential's header, and the hosts it may be sent to (empty: any host). */
export interface CredentialHeader {
  name: string;
  value: string;
  allowedHosts: readonly string[];
}

export interface NetworkAccess {
  allowedHosts: readonly string[];
  /**
   * fetch() that refuses non-public addresses (unless allowed), on every redirect hop too. The
   * credential's header is added only for a host it is bound to, and never follows a redirect to
   * another origin.
   */
  fetch(
    url: URL,
    init: RequestInit & {
      headers?: Record<string, string>;
      credential?: CredentialHeader;
      /** The node's own allowed hosts (empty or absent: any the workspace allows); checked on every redirect hop. */
      onlyHosts?: readonly string[];
      /** Told each redirect's target before it is checked and requested (for the trace). */
      onRedirect?: (url: URL) => void;
    },
  ): Promise<Response>;
}

/** Runs user JavaScript with no access to the host (see @switchyard/sandbox). */
export interface CodeSandbox {
  /** Rejects, with the code stopped, when `signal` aborts (the run was cancelled or the node timed out). */
  run(
    code: string,
    input: unknown,
    limits: { timeoutMs: number; memoryBytes: number; maxOutputBytes: number },
    options: { signal: AbortSignal },
  ): Promise<{ ok: true; value: unknown; logs: string[] } | { ok: false; error: string; logs: string[] }>;
}

export interface McpServer {
  url: string;
  transport: "auto" | "streamable-http" | "sse";
  /** An HTTP credential sent with every request to the server's origin. */
  credential?: CredentialHeader;
  timeoutMs: number;
}

export interface McpTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  /** The server's hints (Model Context Protocol tool annotations). */
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean };
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
  httpHeader(credentialId: string): Promise<CredentialHeader>;
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

/** A learned router's choice for one request (packages/evals learns and applies it). */
export interface LearnedRouteDecision {
  route: string;
  /** Route name → predicted chance of passing, cheapest route first. */
  chances: Record<string, number>;
  reason: string;
  /** The route an unsure router falls back to (best accuracy, then cheapest). */
  strongest: string;
  /**
   * Routers whose policy is "gap": route name → the score the threshold (and the verify line) is compared
   * with, 1 − the expected loss against the strongest route. Absent: the score is the chance.
   */
  scores?: Record<string, number>;
}

/** Trained routers of the run's workspace, loaded once per worker. */
export interface LearnedRouters {
  /** `names`: the node's name for each learned route key (`learnedRoutes`); the decision uses them. */
  decide(routerId: string, text: string, threshold: number, names?: Record<string, string>): Promise<LearnedRouteDecision>;
}

/**
 * The prompt-injection suite's red team (see @switchyard/evals): changes a tool result before the agent
 * sees it, as a compromised source would. Present only in the suite's eval runs.
 */
export interface ToolResultPlanter {
  plant(
    result: unknown,
    context: { tool: string; source: ToolSource; tools: readonly ToolDefinition[] },
  ): { result: unknown; source: ToolSource; planted: boolean };
}

export interface EngineServices {
  models: ModelGateway;
  network?: NetworkAccess;
  sandbox?: CodeSandbox;
  mcp?: McpAccess;
  secrets?: SecretResolver;
  memory?: ConversationMemory;
  /** Context-store search; absent where no database is wired (pure unit tests). */
  retrieval?: RetrievalService;
  /** Learned routers; absent where no database is wired. */
  routers?: LearnedRouters;
  /** Other bots of the workspace (Bot and For each nodes); absent where no database is wired. */
  bots?: BotFlows;
  /** Only in eval runs of the prompt-injection suite. */
  redTeam?: ToolResultPlanter;
  /** Approved calls made once per run across job attempts; absent where no database is wired. */
  approvedCalls?: ApprovedCalls;
}

/** Part of a node's work shown as its own step in the trace, such as one tool call of an agent. */
export interface SubStep {
  /** Short kind ("tool") and name ("search"): the step's id becomes `<nodeId>/<kind>-<n>:<name>`. */
  kind: string;
  name: string;
  status: "SUCCEEDED" | "FAILED";
  input: Record<string, unknown>;
  output: Record<string, unknown> | null;
  error?: string;
  usage?: ModelUsage;
  startedAt: number;
  finishedAt: number;
}

/** One run of another flow inside this node (a called bot, one item of a loop), shown nested in the trace. */
export interface SubflowRun {
  flow: CompiledFlow;
  input: RunInput;
  /** The bot whose flow this is: calls made inside it extend the run's call path with it. */
  bot: BotOnPath;
  /** The wrapping step's id becomes `<nodeId>/<kind>-<index>:<name>`; its steps sit under it. */
  kind: string;
  index: number;
  name: string;
  /** Defaults to the node's signal; a tool call passes its own. */
  signal?: AbortSignal;
  /**
   * Why the called flow may not wait for a person, when it may not: a call that can come back to it
   * later (a Bot node's own call) leaves this out, and in a run that can pause the called flow then
   * pauses too, returning WAITING with its checkpoint for the node to save. Other calls (an agent's
   * tool, a loop's items) name the reason the error shows.
   */
  pauseRefusal?: string;
  /** Continue the called flow from the checkpoint it paused with. */
  resume?: ResumeFrom;
}

export interface NodeContext<Config> {
  nodeId: string;
  config: Config;
  /** Input port name → value (an array for `multiple` ports); unconnected optional ports are absent. */
  inputs: Record<string, unknown>;
  run: {
    id: string;
    input: RunInput;
    /** What the run's finished steps have cost so far, in US dollars. */
    spentUsd: () => number;
    /** Ids of the bots this flow runs inside, root first (the run's own bot, then each calling step's). */
    callPath?: readonly string[];
  };
  services: EngineServices;
  signal: AbortSignal;
  emit: (event: RunEvent) => void;
  /** Records a sub-step in the trace (persisted and emitted like a node's own step); returns its id. */
  recordStep: (step: SubStep) => string;
  /**
   * Asks a person: returns their answer once the run has been resumed with one for `pause.key`;
   * otherwise pauses the run (it throws, and the node runs again on resumption with `savedState`).
   * Absent where nothing can pause (a node run on its own outside a flow).
   */
  waitFor?: (pause: PauseRequest) => ApprovalAnswer;
  /** On resumption, the state this node passed to the `waitFor` that paused it. */
  savedState?: unknown;
  /**
   * Runs the side effect a person approved under `key` (the key given to `waitFor`) at most once per
   * run, even when the run's resume job is delivered twice: a second attempt gets the first one's
   * outcome (`call`'s value must be JSON). Absent where nothing can pause.
   */
  onceApproved?: <T>(key: string, call: () => Promise<T>) => Promise<T>;
  /**
   * Runs another flow through this run's executor (absent only in hand-built contexts of unit tests) (same services, cancellation and cost): its steps
   * are recorded under one wrapping step, and its result is returned (a failure is a value, not a throw).
   */
  runSubflow?: (run: SubflowRun) => Promise<RunResult>;
  /** Tells the editor how far a node that works through a list has got ("12 / 40"). */
  progress?: (done: number, total: number) => void;
}

export interface NodeResult {
  /**
   * Output port name → value. A port left out is "not taken": nodes fed only from untaken ports are
   * skipped, which is how Condition and other branching nodes choose a path.
   */
  outputs: Record<string, unknown>;
  usage?: ModelUsage;
  /** Present on nodes whose output is the run's reply (chat output). */
  reply?: string;
  attempts?: ModelResponse["attempts"];
  /** Extra diagnostics for the trace, such as every answer of an ensemble. */
  detail?: Record<string, unknown>;
  /** One line for people reading the trace: which branch was chosen and why. */
  note?: string;
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
  /**
   * Whether a node can stop its run to ask a person (always, or with this config). A flow is refused
   * when such a node sits where its run could not wait: in a bot a For each or an agent's tool calls.
   */
  asksPerson?: true | ((config: z.infer<Schema>) => boolean);
  execute: (context: NodeContext<z.infer<Schema>>) => Promise<NodeResult>;
}

/** Keeps the config type of each definition while collecting them in one list. */
export const defineNode = <Schema extends z.ZodType>(definition: NodeDefinition<Schema>) => definition;

export function portsCompatible(source: PortType, target: PortType): boolean {
  if (source === "any" || target === "any" || source === target) return true;
  // text can become a one-message conversation wherever messages are expected
  return source === "text" && target === "messages";
}

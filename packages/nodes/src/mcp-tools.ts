// Offers the tools of a Model Context Protocol server to agents: one tool handle per server tool.
// Connects over streamable HTTP, falling back to the older HTTP+SSE transport, always through the
// SSRF guard with the workspace's allowed hosts. The tool list is cached for a minute per server.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { defineNode, type EngineServices, type ToolHandle } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { z } from "zod";
import {
  checkUrl,
  defaultNetworkPolicy,
  findBlockedError,
  guardedFetch,
  type GuardedRequestInit,
  type NetworkPolicy,
} from "./net/ssrf-guard";

export const mcpToolsConfigSchema = z.object({
  url: z.string().trim().url("Enter the server's full URL, such as https://mcp.example.com/mcp").max(2_000),
  transport: z.enum(["auto", "streamable-http", "sse"]).default("auto"),
  /** An HTTP credential of the workspace, sent as a header with every request to the server. */
  httpCredentialId: z.string().optional(),
  /** Put before every tool name, so two servers' tools cannot clash in one agent. */
  toolPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]{0,20}$/, "Up to 20 letters, digits, _ and -")
    .default(""),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
});

type McpToolsConfig = z.infer<typeof mcpToolsConfigSchema>;

interface ListedTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

const toolListTtlMs = 60_000;
const toolLists = new Map<string, { tools: ListedTool[]; expiresAt: number }>();

function guardedFetchLike(policy: NetworkPolicy): FetchLike {
  return (url, init = {}) =>
    guardedFetch(
      url,
      { ...init, headers: Object.fromEntries(new Headers(init.headers)) } as GuardedRequestInit,
      policy,
    ) as unknown as Promise<Response>;
}

async function connect(config: McpToolsConfig, services: EngineServices, signal: AbortSignal): Promise<Client> {
  const policy = services.network ?? defaultNetworkPolicy;
  const url = new URL(config.url);
  checkUrl(url, policy);
  const headers: Record<string, string> = {};
  if (config.httpCredentialId) {
    if (!services.secrets) throw new AppError("UNAVAILABLE", "HTTP credentials are not available here");
    const header = await services.secrets.httpHeader(config.httpCredentialId);
    headers[header.name] = header.value;
  }
  const options = { fetch: guardedFetchLike(policy), requestInit: { headers } };
  const requestOptions = { signal, timeout: config.timeoutMs };
  let firstError: unknown;
  if (config.transport !== "sse") {
    const client = new Client({ name: "switchyard", version: "1.0.0" });
    try {
      await client.connect(new StreamableHTTPClientTransport(url, options), requestOptions);
      return client;
    } catch (error) {
      await client.close().catch(() => undefined);
      if (config.transport === "streamable-http" || findBlockedError(error) || signal.aborted) throw findBlockedError(error) ?? error;
      firstError = error;
    }
  }
  const client = new Client({ name: "switchyard", version: "1.0.0" });
  try {
    await client.connect(new SSEClientTransport(url, options), requestOptions);
    return client;
  } catch (error) {
    await client.close().catch(() => undefined);
    const blocked = findBlockedError(error);
    if (blocked) throw blocked;
    const reason = (firstError ?? error) instanceof Error ? ((firstError ?? error) as Error).message : String(firstError ?? error);
    throw new AppError("UNAVAILABLE", `Could not connect to the MCP server at ${url.host}: ${reason}`, { cause: error });
  }
}

async function withClient<T>(
  config: McpToolsConfig,
  services: EngineServices,
  signal: AbortSignal,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  const client = await connect(config, services, signal);
  try {
    return await use(client);
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function listTools(config: McpToolsConfig, services: EngineServices, signal: AbortSignal): Promise<ListedTool[]> {
  // keyed by everything that changes what the server answers or whether it may be reached
  const key = JSON.stringify([config.url, config.transport, config.httpCredentialId ?? "", services.network?.allowedHosts ?? []]);
  const hit = toolLists.get(key);
  if (hit && hit.expiresAt > Date.now()) return hit.tools;
  const tools: ListedTool[] = [];
  await withClient(config, services, signal, async (client) => {
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { signal, timeout: config.timeoutMs });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
  });
  toolLists.set(key, { tools, expiresAt: Date.now() + toolListTtlMs });
  return tools;
}

/** Provider-safe name: letters, digits, _ and -, at most 64 characters. */
const safeToolName = (prefix: string, name: string) => `${prefix}${name}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);

interface CallResult {
  content?: { type: string; text?: string }[];
  structuredContent?: unknown;
  isError?: boolean;
}

function callResultValue(result: CallResult, toolName: string): unknown {
  const text = (result.content ?? [])
    .filter((part) => part.type === "text")
    .map((part) => part.text ?? "")
    .join("\n");
  if (result.isError) throw new AppError("BAD_REQUEST", `The MCP tool ${toolName} failed: ${text || "no reason given"}`);
  return result.structuredContent ?? text;
}

export const mcpTools = defineNode({
  type: "mcp-tools",
  label: "MCP tools",
  category: "Tools",
  description: "Connects to a Model Context Protocol server and offers its tools to agents.",
  inputs: [],
  outputs: [{ name: "tools", label: "Tools", type: "tool" }],
  config: mcpToolsConfigSchema,
  async execute({ config, services, signal }) {
    const listed = await listTools(config, services, signal);
    const tools: ToolHandle[] = listed.map((tool) => ({
      name: safeToolName(config.toolPrefix, tool.name),
      description: tool.description ?? tool.name,
      parameters: tool.inputSchema,
      invoke: (args, { signal: callSignal }) =>
        withClient(config, services, callSignal, async (client) => {
          const result = await client.callTool({ name: tool.name, arguments: (args ?? {}) as Record<string, unknown> }, undefined, {
            signal: callSignal,
            timeout: config.timeoutMs,
          });
          return callResultValue(result as CallResult, tool.name);
        }),
    }));
    return { outputs: { tools } };
  },
});

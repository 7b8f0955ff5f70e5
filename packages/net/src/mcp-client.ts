// Model Context Protocol client for the MCP tools node: streamable HTTP, falling back to the older
// HTTP+SSE transport, every request through the SSRF guard. A connection per listing or call keeps no
// state between runs; the tool list is cached for a minute per server and allowlist.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CredentialHeader, McpAccess, McpServer, McpTool } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { checkCredentialHost, checkUrl, findBlockedError, guardedFetch, type GuardedRequestInit, type NetworkPolicy } from "./ssrf-guard";

const toolListTtlMs = 60_000;
const toolLists = new Map<string, { tools: McpTool[]; expiresAt: number }>();

function guardedFetchLike(policy: NetworkPolicy, credential: CredentialHeader | undefined): FetchLike {
  return (url, init = {}) =>
    guardedFetch(
      url,
      { ...init, headers: Object.fromEntries(new Headers(init.headers)), credential } as GuardedRequestInit,
      policy,
    ) as unknown as Promise<Response>;
}

async function connect(server: McpServer, policy: NetworkPolicy, signal: AbortSignal): Promise<Client> {
  const url = new URL(server.url);
  checkUrl(url, policy);
  checkCredentialHost(url, server.credential);
  const options = { fetch: guardedFetchLike(policy, server.credential) };
  const requestOptions = { signal, timeout: server.timeoutMs };
  let firstError: unknown;
  if (server.transport !== "sse") {
    const client = new Client({ name: "switchyard", version: "1.0.0" });
    try {
      await client.connect(new StreamableHTTPClientTransport(url, options), requestOptions);
      return client;
    } catch (error) {
      await client.close().catch(() => undefined);
      if (server.transport === "streamable-http" || findBlockedError(error) || signal.aborted) throw findBlockedError(error) ?? error;
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
    const cause = firstError ?? error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new AppError("UNAVAILABLE", `Could not connect to the MCP server at ${url.host}: ${reason}`, { cause: error });
  }
}

async function withClient<T>(server: McpServer, policy: NetworkPolicy, signal: AbortSignal, use: (client: Client) => Promise<T>) {
  const client = await connect(server, policy, signal);
  try {
    return await use(client);
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** MCP access for one workspace's network policy. */
export function createMcpAccess(policy: NetworkPolicy): McpAccess {
  return {
    async listTools(server, signal) {
      // keyed by everything that changes what the server answers or whether it may be reached
      const key = JSON.stringify([server.url, server.transport, server.credential ?? null, [...policy.allowedHosts].sort()]);
      const hit = toolLists.get(key);
      if (hit && hit.expiresAt > Date.now()) return hit.tools;
      const tools: McpTool[] = [];
      await withClient(server, policy, signal, async (client) => {
        let cursor: string | undefined;
        do {
          const page = await client.listTools(cursor ? { cursor } : undefined, { signal, timeout: server.timeoutMs });
          tools.push(...page.tools);
          cursor = page.nextCursor;
        } while (cursor);
      });
      toolLists.set(key, { tools, expiresAt: Date.now() + toolListTtlMs });
      return tools;
    },
    callTool: (server, name, args, signal) =>
      withClient(server, policy, signal, async (client) => {
        const result = await client.callTool({ name, arguments: args }, undefined, { signal, timeout: server.timeoutMs });
        return result as Awaited<ReturnType<McpAccess["callTool"]>>;
      }),
  };
}

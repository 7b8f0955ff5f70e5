// Offers the tools of a Model Context Protocol server to agents: one tool handle per server tool.
// The worker's MCP client (services.mcp, from @switchyard/net) connects over streamable HTTP or SSE
// through the SSRF guard with the workspace's allowed hosts, and caches the tool list briefly.
import { defineNode, optionLabels, reference, type EngineServices, type McpServer, type ToolHandle } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { z } from "zod";

const mcpToolsConfigSchema = z.object({
  url: z.string().trim().url("Enter the server's full URL, such as https://mcp.example.com/mcp").max(2_000).meta({ title: "URL" }),
  transport: z
    .enum(["auto", "streamable-http", "sse"])
    .default("auto")
    .meta({
      title: "Transport",
      ...optionLabels({
        auto: "Automatic (streamable HTTP, then SSE)",
        "streamable-http": "Streamable HTTP",
        sse: "Server-sent events (SSE)",
      }),
    }),
  /** An HTTP credential of the workspace, sent as a header with every request to the server. */
  httpCredentialId: z
    .string()
    .optional()
    .meta({ title: "HTTP credential", ...reference("httpCredential") }),
  /** Put before every tool name, so two servers' tools cannot clash in one agent. */
  toolPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]{0,20}$/, "Up to 20 letters, digits, _ and -")
    .default("")
    .meta({ title: "Tool name prefix" }),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000).meta({ title: "Timeout (ms)" }),
});

type McpToolsConfig = z.infer<typeof mcpToolsConfigSchema>;

async function serverFor(config: McpToolsConfig, services: EngineServices): Promise<McpServer> {
  let credential;
  if (config.httpCredentialId) {
    if (!services.secrets) throw new AppError("UNAVAILABLE", "HTTP credentials are not available here");
    credential = await services.secrets.httpHeader(config.httpCredentialId);
  }
  return { url: config.url, transport: config.transport, credential, timeoutMs: config.timeoutMs };
}

/** Provider-safe name: letters, digits, _ and -, at most 64 characters. */
const safeToolName = (prefix: string, name: string) => `${prefix}${name}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);

export const mcpTools = defineNode({
  type: "mcp-tools",
  label: "MCP tools",
  category: "Tools",
  description: "Connects to a Model Context Protocol server and offers its tools to agents.",
  inputs: [],
  outputs: [{ name: "tools", label: "Tools", type: "tool" }],
  config: mcpToolsConfigSchema,
  async execute({ config, services, signal }) {
    const mcp = services.mcp;
    if (!mcp) throw new AppError("UNAVAILABLE", "MCP servers are not available here");
    const server = await serverFor(config, services);
    const listed = await mcp.listTools(server, signal);
    const tools: ToolHandle[] = listed.map((tool) => ({
      name: safeToolName(config.toolPrefix, tool.name),
      description: tool.description ?? tool.name,
      parameters: tool.inputSchema,
      // only what the server marks: a tool it says is destructive, or says is not read-only
      sideEffects: tool.annotations?.destructiveHint === true || tool.annotations?.readOnlyHint === false,
      async invoke(args, { signal: callSignal }) {
        const result = await mcp.callTool(server, tool.name, (args ?? {}) as Record<string, unknown>, callSignal);
        const text = (result.content ?? [])
          .filter((part) => part.type === "text")
          .map((part) => part.text ?? "")
          .join("\n");
        if (result.isError) throw new AppError("BAD_REQUEST", `The MCP tool ${tool.name} failed: ${text || "no reason given"}`);
        return result.structuredContent ?? text;
      },
    }));
    return { outputs: { tools } };
  },
});

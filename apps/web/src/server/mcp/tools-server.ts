// The MCP server a key talks to: every deployment of the key's workspace is a tool named by its slug.
// Built per HTTP request (stateless Streamable HTTP): nothing about a client lives between requests,
// so any web process can answer any message.
import { listDeploymentTools, type ActiveApiKey, type DeploymentTool } from "@switchyard/db";
import { isAppError } from "@switchyard/errors";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema, McpError, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { limitApiKey } from "../published";
import { db } from "../services";
import { callDeploymentTool } from "./call-tool";
import { toolDescription } from "./tool-description";
import { MAX_SESSION_ID_CHARS } from "./tool-input";

// JSON-RPC's range for implementation-defined server errors; MCP names no code for a rate limit
const RATE_LIMITED_CODE = -32_000;

const inputSchema: Tool["inputSchema"] = {
  type: "object",
  properties: {
    message: { type: "string", minLength: 1, description: "What to say to the bot." },
    sessionId: {
      type: "string",
      minLength: 1,
      maxLength: MAX_SESSION_ID_CHARS,
      description: "Any id of your choosing to continue a conversation: calls with the same id see the earlier turns.",
    },
  },
  required: ["message"],
  additionalProperties: false,
};

const toTool = (tool: DeploymentTool): Tool => ({
  name: tool.slug,
  title: tool.botName,
  description: toolDescription(tool),
  inputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
});

/** The per-key limit counts the messages that do work, as each /v1 request does. */
async function countAgainstLimit(key: ActiveApiKey) {
  try {
    await limitApiKey(key);
  } catch (error) {
    if (isAppError(error) && error.code === "RATE_LIMITED")
      throw new McpError(RATE_LIMITED_CODE, error.message, { code: error.code, retryAfterSeconds: error.retryAfterSeconds });
    throw error;
  }
}

export function deploymentToolsServer(key: ActiveApiKey): Server {
  const server = new Server(
    { name: "switchyard", title: "Switchyard", version: "1.0.0" },
    {
      capabilities: { tools: {} },
      instructions: "Each tool is a bot deployed in Switchyard. Send it a message; the result is the bot's reply.",
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    await countAgainstLimit(key);
    return { tools: (await listDeploymentTools(db(), key.workspaceId)).map(toTool) };
  });
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => callDeploymentTool(key, request.params, extra));
  return server;
}

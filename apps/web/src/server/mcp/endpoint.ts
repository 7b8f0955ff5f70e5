// POST/GET /api/mcp: MCP's Streamable HTTP transport, stateless (no MCP session: a fresh server and
// transport per request), authenticated by a workspace API key with the `mcp` scope.
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { asFetchRequest } from "../api-request";
import { authenticateApiKey } from "../published";
import { route } from "../route";
import { deploymentToolsServer } from "./tools-server";

// as /v1/chat/completions
const MAX_BODY_BYTES = 1024 * 1024;

export const handleMcp = route({ public: true }, async ({ request }) => {
  const key = await authenticateApiKey(request, "mcp");
  const server = deploymentToolsServer(key);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, maxRequestBodySize: MAX_BODY_BYTES });
  await server.connect(transport);
  // the client left: tool calls under way stop waiting for their runs (the runs themselves finish)
  request.signal.addEventListener("abort", () => void server.close(), { once: true });
  return transport.handleRequest(await asFetchRequest(request));
});

// MCP endpoint: every deployment of the API key's workspace as a tool (src/server/mcp). apps/web/server.ts
// serves it directly, as it does /v1; this file is what Next.js serves when it runs alone (next dev).
import { handleMcp } from "@/server/mcp/endpoint";

export const GET = handleMcp;
export const POST = handleMcp;

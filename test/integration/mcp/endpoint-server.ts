// /api/mcp served as apps/web/server.ts serves it (its direct-route adapter and the same handler), on a
// loopback port, without building the Next.js app.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serveDirectly } from "../../../apps/web/serve-directly";
import { handleMcp } from "../../../apps/web/src/server/mcp/endpoint";

export interface McpEndpoint {
  url: string;
  close: () => Promise<void>;
}

export async function startMcpEndpoint(): Promise<McpEndpoint> {
  const server = createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?", 1)[0];
    if (pathname !== "/api/mcp" || (req.method !== "POST" && req.method !== "GET")) return void res.writeHead(404).end();
    serveDirectly(handleMcp, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

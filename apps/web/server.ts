// The web server. Next.js serves the pages and the API, except the published endpoints that carry a
// deployment's traffic (OpenAI-compatible chat completions and models, the widget's chat, MCP): this server
// hands those to the same route handlers directly, because Next's request handling was most of the web
// process's CPU per request on that path (docs/decisions/0001; `npm run bench:publish` measures it).
// Those handlers use no Next request context (no cookies, no session), only the Fetch API.
import "./server-environment";
import { createServer } from "node:http";
import { readWebSettings } from "@switchyard/config";
import next from "next";
import { serveDirectly, type RouteHandler } from "./serve-directly";
import { markDraining } from "./src/server/draining";

const { PORT: port, WEB_HOSTNAME: hostname, WEB_SHUTDOWN_GRACE_MS: shutdownGraceMs } = readWebSettings();
const began = performance.now();

const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
const handleWithNext = app.getRequestHandler();
await app.prepare();

// loaded after Next has prepared, as Next itself would load them
const [completions, models, feedback, publicChat, publicFeedback, mcp] = await Promise.all([
  import("./src/app/api/v1/chat/completions/route"),
  import("./src/app/api/v1/models/route"),
  import("./src/app/api/v1/feedback/route"),
  import("./src/app/api/public/chat/route"),
  import("./src/app/api/public/feedback/route"),
  import("./src/app/api/mcp/route"),
]);
const directRoutes = new Map<string, RouteHandler>([
  ["POST /api/v1/chat/completions", completions.POST],
  ["GET /api/v1/models", models.GET],
  ["POST /api/v1/feedback", feedback.POST],
  ["POST /api/public/chat", publicChat.POST],
  ["OPTIONS /api/public/chat", publicChat.OPTIONS],
  ["POST /api/public/feedback", publicFeedback.POST],
  ["OPTIONS /api/public/feedback", publicFeedback.OPTIONS],
  ["POST /api/mcp", mcp.POST],
  ["GET /api/mcp", mcp.GET],
]);

const server = createServer((req, res) => {
  const pathname = (req.url ?? "/").split("?", 1)[0];
  const direct = directRoutes.get(`${req.method} ${pathname}`);
  if (!direct) return void handleWithNext(req, res);
  serveDirectly(direct, req, res).catch((error: unknown) => {
    if (res.destroyed) return; // the client left; nobody to answer
    console.error("direct route failed:", error instanceof Error ? error.message : error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(res.headersSent ? undefined : JSON.stringify({ error: { code: "INTERNAL", message: "Something went wrong on our side" } }));
  });
});

server.listen(port, hostname, () => console.log(`✓ Ready in ${Math.round(performance.now() - began)}ms on http://${hostname}:${port}`));

// SIGTERM: stop accepting, let the requests under way (SSE streams of runs included) finish within
// WEB_SHUTDOWN_GRACE_MS, then close what is left and exit. Readiness (/api/health) answers 503 from
// the first moment, so a load balancer still sending here moves on.
let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  markDraining();
  console.log(`web ${process.pid}: ${signal}, finishing open requests (at most ${shutdownGraceMs} ms)`);
  const exit = () => void app.close().finally(() => process.exit(0));
  const deadline = setTimeout(() => {
    console.warn(`web ${process.pid}: grace period over, closing the connections still open`);
    server.closeAllConnections();
  }, shutdownGraceMs);
  deadline.unref();
  server.close(() => (clearTimeout(deadline), exit()));
  server.closeIdleConnections(); // keep-alive connections with nothing under way
}
for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => shutdown(signal));

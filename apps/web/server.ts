// The web server. Next.js serves the pages and the API, except the published endpoints that carry a
// deployment's traffic (OpenAI-compatible chat completions and models, the widget's chat): this server
// hands those to the same route handlers directly, because Next's request handling was most of the web
// process's CPU per request on that path (bench:publish has the figures). Those handlers use no Next request context (no cookies, no session), only the Fetch API.
import "./server-environment";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readWebSettings } from "@switchyard/config";
import next from "next";
import { NextRequest } from "next/server";
import { securityHeaders } from "./security-headers";
import { markDraining } from "./src/server/draining";

type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const { PORT: port, WEB_HOSTNAME: hostname, WEB_SHUTDOWN_GRACE_MS: shutdownGraceMs } = readWebSettings();
const began = performance.now();

const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
const handleWithNext = app.getRequestHandler();
await app.prepare();

// loaded after Next has prepared, as Next itself would load them
const [completions, models, feedback, publicChat, publicFeedback] = await Promise.all([
  import("./src/app/api/v1/chat/completions/route"),
  import("./src/app/api/v1/models/route"),
  import("./src/app/api/v1/feedback/route"),
  import("./src/app/api/public/chat/route"),
  import("./src/app/api/public/feedback/route"),
]);
const directRoutes = new Map<string, RouteHandler>([
  ["POST /api/v1/chat/completions", completions.POST],
  ["GET /api/v1/models", models.GET],
  ["POST /api/v1/feedback", feedback.POST],
  ["POST /api/public/chat", publicChat.POST],
  ["OPTIONS /api/public/chat", publicChat.OPTIONS],
  ["POST /api/public/feedback", publicFeedback.POST],
  ["OPTIONS /api/public/feedback", publicFeedback.OPTIONS],
]);

// The largest body these routes accept (1 MB, chat completions), plus one byte so they can tell it is too large.
const MAX_DIRECT_BODY_BYTES = 1024 * 1024 + 1;

/**
 * The request body, read whole before the handler runs (these bodies are small). Past the cap the rest
 * is read and dropped: a body left unread when the answer goes out (a 404 or 429 decided before it is
 * read) would make the connection reset under a client still sending it.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size < MAX_DIRECT_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_DIRECT_BODY_BYTES - size));
      size += chunk.length;
    });
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
    req.once("close", () => {
      if (!req.complete) reject(new Error("The client went away while sending its request")); // settled already if it ended
    });
  });
}

/** The node request as a Fetch API request, with what `next start` would add. */
function toRequest(req: IncomingMessage, body: Buffer | undefined, signal: AbortSignal): NextRequest {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  // as `next start` does: the peer's address when no proxy has named the client (see TRUST_PROXY)
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) headers.set("x-forwarded-for", req.socket.remoteAddress);
  return new NextRequest(`http://${req.headers.host ?? "localhost"}${req.url}`, {
    method: req.method,
    headers,
    body: body && new Uint8Array(body),
    signal,
  });
}

async function serveDirectly(handler: RouteHandler, req: IncomingMessage, res: ServerResponse) {
  const gone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) gone.abort(); // the client left: the handler stops streaming
  });
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req);
  let request: NextRequest;
  try {
    request = toRequest(req, body, gone.signal);
  } catch {
    // a Host header or URL the Fetch API refuses: the client's mistake
    res.writeHead(400, { "content-type": "application/json" });
    return void res.end(JSON.stringify({ error: { code: "BAD_REQUEST", message: "The request's URL or Host header is not valid" } }));
  }
  const response = await handler(request, { params: Promise.resolve({}) });
  res.statusCode = response.status;
  for (const { key, value } of securityHeaders) res.setHeader(key, value);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (!response.body) return void res.end();
  res.flushHeaders(); // an SSE client sees the stream open at once
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (gone.signal.aborted) break;
    res.write(chunk);
  }
  res.end();
}

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

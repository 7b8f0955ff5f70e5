// How apps/web/server.ts serves a route handler without Next.js: the Node request as the part of a Fetch
// API request the handlers read (ApiRequest), the handler's Response sent back with the headers every
// answer carries. A full Request (let alone a NextRequest) per call cost more CPU than the route's own work.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiRequest } from "./src/server/api-request";
import { securityHeaders } from "./security-headers";

export type RouteHandler = (request: ApiRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

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

const utf8 = new TextDecoder(); // as Request.text() decodes: UTF-8, a leading BOM dropped

/** The request as handlers read it; the body is already in memory. */
class DirectRequest implements ApiRequest {
  #body: Buffer | undefined;
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined;

  constructor(
    readonly url: string,
    readonly method: string,
    readonly headers: Headers,
    readonly signal: AbortSignal,
    body: Buffer | undefined,
  ) {
    this.#body = body;
  }

  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#stream === undefined) {
      const body = this.#body;
      this.#stream = body
        ? new ReadableStream({
            start(controller) {
              controller.enqueue(new Uint8Array(body));
              controller.close();
            },
          })
        : null;
    }
    return this.#stream;
  }

  async text(): Promise<string> {
    return this.#body ? utf8.decode(this.#body) : "";
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

/** The node request as handlers read it, with what `next start` would add. Throws for a URL the Fetch API refuses. */
function toRequest(req: IncomingMessage, body: Buffer | undefined, signal: AbortSignal): ApiRequest {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  // as `next start` does: the peer's address when no proxy has named the client (see TRUST_PROXY)
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) headers.set("x-forwarded-for", req.socket.remoteAddress);
  const url = new URL(`http://${req.headers.host ?? "localhost"}${req.url}`).href;
  return new DirectRequest(url, req.method ?? "GET", headers, signal, body);
}

/** What an event stream's first read is raced against: settled already, so it wins unless the read has too. */
const notYet = Promise.resolve(null);

/** Answers that are not event streams are whole once the handler returns: sent in one write with their length. */
const isEventStream = (response: Response) => response.headers.get("content-type")?.startsWith("text/event-stream") ?? false;

export async function serveDirectly(handler: RouteHandler, req: IncomingMessage, res: ServerResponse) {
  const gone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) gone.abort(); // the client left: the handler stops streaming
  });
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req);
  let request: ApiRequest;
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
  if (!isEventStream(response)) {
    const whole = Buffer.from(await response.arrayBuffer());
    res.setHeader("content-length", whole.length);
    return void res.end(whole);
  }
  const reader = response.body.getReader();
  const first = reader.read();
  // The handler has usually queued a first chunk already (streamRunEvents does): the headers then leave
  // in the same socket write as it, one write fewer per answer (a write costs more than most of a
  // request's own work on our VMs). A stream with nothing yet gets its headers at once, so an SSE client
  // still sees it open without waiting. (A read resolved already wins the race: its reaction is queued first.)
  if ((await Promise.race([first, notYet])) === null) res.flushHeaders();
  for (let chunk = await first; !chunk.done; chunk = await reader.read()) {
    if (gone.signal.aborted) {
      await reader.cancel(); // as leaving a for-await loop does: the handler's stream stops
      break;
    }
    res.write(chunk.value);
  }
  res.end();
}

// One hop of a guarded request for the model providers' hot path, on undici's dispatcher API instead of
// its fetch(): the WHATWG fetch algorithm (its request and response objects, body streams and
// bookkeeping) cost a worker more CPU per run than the rest of the provider call
// (bench/results/publish-where-time-goes.md). It runs inside guardedFetch, so the address checks, the
// per-policy connection pool and the redirect rules are the same; what comes back is a standard
// Response, and failures read as fetch()'s do ("fetch failed" with the cause, the signal's reason on
// abort, "terminated" for a body cut short), so the AI SDK classifies and retries them as before.
import { pipeline, type Readable } from "node:stream";
import zlib from "node:zlib";
import { fetch, type Dispatcher, type Response as UndiciResponse } from "undici";
import { BlockedRequestError, type HopSender } from "./ssrf-guard";

const nullBodyStatuses = new Set([101, 204, 205, 304]);
const methods = new Set(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]);

const decoders: Record<string, () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress> = {
  gzip: () => zlib.createGunzip(),
  "x-gzip": () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** A web stream over a Node body, pulled as the reader asks. */
function webStream(body: Readable): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value as Uint8Array);
      } catch (error) {
        controller.error(new TypeError("terminated", { cause: error }));
      }
    },
    cancel(reason) {
      body.destroy(reason instanceof Error ? reason : undefined);
    },
  });
}

/** fetch()'s answer from undici's: headers as Headers, a compressed body decoded (request() leaves it as sent). */
function toResponse(answer: Dispatcher.ResponseData, method: string): Response {
  const { statusCode, headers, body } = answer;
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(headers))
    if (Array.isArray(value)) for (const each of value) responseHeaders.append(name, each);
    else if (value !== undefined) responseHeaders.set(name, value);
  if (nullBodyStatuses.has(statusCode) || method === "HEAD") {
    body.dump().catch(() => undefined);
    return new Response(null, { status: statusCode, headers: responseHeaders });
  }
  const encoding = responseHeaders.get("content-encoding")?.trim().toLowerCase();
  let content: Readable = body;
  if (encoding && encoding !== "identity") {
    const decoder = decoders[encoding];
    if (!decoder) {
      body.destroy();
      throw new TypeError("fetch failed", { cause: new Error(`Unsupported content-encoding ${encoding}`) });
    }
    // a failure on either side reaches the reader
    content = pipeline(body, decoder(), () => undefined);
    for (const name of ["content-encoding", "content-length"]) responseHeaders.delete(name);
  }
  return new Response(webStream(content), { status: statusCode, headers: responseHeaders });
}

/** A hop for guardedFetch: string (or absent) bodies through request(); anything else through undici's fetch(). */
export const lightHop: HopSender = async (url, init) => {
  const method = (init.method ?? "GET").toUpperCase();
  if (!methods.has(method) || (init.body != null && typeof init.body !== "string")) return fetch(url, { ...init, redirect: "manual" });
  const signal = init.signal ?? undefined;
  try {
    const answer = await init.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: method as "GET",
      headers: init.headers as Record<string, string>,
      body: init.body ?? undefined,
      signal,
    });
    return toResponse(answer, method) as unknown as UndiciResponse;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof BlockedRequestError || (error instanceof TypeError && error.message === "fetch failed")) throw error;
    throw new TypeError("fetch failed", { cause: error });
  }
};

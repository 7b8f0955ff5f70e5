// What a route handler may read of its request: the part of the Fetch API's Request that both Next.js's
// request and the direct routes' lighter one (apps/web/serve-directly.ts) provide. Building a full
// Request (or a NextRequest) per call was a tenth of the web's CPU per published request.
export type ApiRequest = Pick<Request, "url" | "method" | "headers" | "signal" | "body" | "text" | "json">;

/** The request's query parameters. */
export const searchParamsOf = (request: ApiRequest) => new URL(request.url).searchParams;

/** A full Fetch API request, for code that needs one (the MCP SDK's transport); its body is read here. */
export async function asFetchRequest(request: ApiRequest): Promise<Request> {
  if (request instanceof Request) return request;
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.text();
  return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
}

// Every API route goes through `route()`: it reads and validates the body (size, content type, JSON,
// zod), resolves the user (or a scoped API key) and their workspace role, and turns errors into one
// JSON shape with the right status. Handlers only see parsed, authorised input.
import { hasRole, isDatabaseUnavailable, isUniqueViolation, requireMembership, type ApiKeyScope, type Role } from "@switchyard/db";
import { AppError, isAppError, notFound } from "@switchyard/errors";
import { isRedisUnavailable } from "@switchyard/queue";
import type { z } from "zod";
import { searchParamsOf, type ApiRequest } from "./api-request";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth";
import { requireApiKey } from "./published";
import { checkSameOrigin } from "./same-origin";
import { requireSessionUser, type SessionUser } from "./session";
import { appOrigin, db } from "./services";

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

type Params = Record<string, string>;

interface RouteOptions<Body, Query = undefined> {
  body?: z.ZodType<Body>;
  /** The query string, as an object of its values (the last one where a name repeats). */
  query?: z.ZodType<Query>;
  /** Minimum workspace role; requires a `workspaceId` route parameter. */
  role?: Role;
  /** Public routes skip the session check (sign-up, health). */
  public?: boolean;
  maxBodyBytes?: number;
  /** What a body over `maxBodyBytes` is told, where people (not programs) read the answer. */
  tooLargeMessage?: string;
  /**
   * Also accept a workspace API key with this scope (`Authorization: Bearer`) instead of a session, for
   * scripts such as CI. The key acts as an editor of its own workspace; any other workspace is a 404.
   */
  apiKeyScope?: ApiKeyScope;
  /** Runs before the body is read (CORS, rate limits); headers it sets go on every answer, errors included. */
  prepare?: (request: ApiRequest, headers: Record<string, string>) => Promise<void>;
}

interface RouteContext<Body, User, Query> {
  request: ApiRequest;
  params: Params;
  body: Body;
  query: Query;
  /** Null when an API key made the request. */
  user: User;
  workspaceId: string;
  role: Role;
}

type Handler<Body, User = SessionUser, Query = undefined, Result = unknown> = (context: RouteContext<Body, User, Query>) => Promise<Result>;

const API_KEY_ROLE: Role = "EDITOR";

/** The caller's role in the workspace, from their API key or their membership; 404 for a foreign workspace. */
async function authorise(
  request: ApiRequest,
  workspaceId: string,
  options: RouteOptions<unknown, unknown>,
  user: SessionUser | null,
): Promise<Role> {
  if (!options.role) return "VIEWER";
  if (!workspaceId) throw new Error("route declares a role but has no workspaceId parameter");
  if (user === null) {
    const key = await requireApiKey(request, options.apiKeyScope!);
    if (key.workspaceId !== workspaceId) throw notFound("Workspace");
    if (!hasRole(API_KEY_ROLE, options.role)) throw new AppError("FORBIDDEN", "API keys cannot do this; sign in instead");
    return API_KEY_ROLE;
  }
  return (await requireMembership(db(), workspaceId, user.id, options.role)).role;
}

const sentApiKey = (request: ApiRequest) => request.headers.get("authorization")?.startsWith("Bearer ") ?? false;

declare const bodyType: unique symbol;
declare const resultType: unique symbol;

/** A JSON response that remembers its body's type, so `ResponseOf` can tell clients what they get. */
export type TypedResponse<Data> = Response & { readonly [bodyType]?: Data };

export function json<Data>(data: Data, status = 200, headers?: HeadersInit): TypedResponse<Data> {
  return Response.json(data, { status, headers });
}

export function errorResponse(error: unknown): Response {
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds) headers["Retry-After"] = String(error.retryAfterSeconds);
    return json({ error: { code: error.code, message: error.message, issues: error.issues } }, error.status, headers);
  }
  if (isUniqueViolation(error)) {
    return json({ error: { code: "CONFLICT", message: "Something with that name already exists" } }, 409);
  }
  if (isUnavailable(error)) {
    return json({ error: { code: "UNAVAILABLE", message: "A backing service is unavailable; try again shortly" } }, 503, {
      "Retry-After": "2",
    });
  }
  console.error("unhandled route error", error instanceof Error ? `${error.name}: ${error.message}` : error);
  return json({ error: { code: "INTERNAL", message: "Something went wrong on our side" } }, 500);
}

const isUnavailable = (error: unknown) => isDatabaseUnavailable(error) || isRedisUnavailable(error);

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

async function readJsonBody<Body>(
  request: ApiRequest,
  schema: z.ZodType<Body>,
  maxBytes: number,
  tooLarge = `Request body is larger than ${Math.round(maxBytes / 1024)} KB`,
): Promise<Body> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", tooLarge);
  if (!isJsonContentType(request.headers.get("content-type")))
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json");
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", tooLarge);
  return validate(schema, parseJsonText(text), "request");
}

/** Input that fails its schema is a 400 naming each field, in one shape for bodies and query strings. */
function validate<Value>(schema: z.ZodType<Value>, input: unknown, what: "request" | "query"): Value {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const summary = issues
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .slice(0, 3)
    .join("; ");
  throw new AppError("BAD_REQUEST", `Invalid ${what}: ${summary}`, { issues });
}

/** The media type is exactly application/json; parameters (`; charset=utf-8`) are ignored, and nothing else counts. */
export const isJsonContentType = (header: string | null) => header?.split(";", 1)[0]!.trim().toLowerCase() === "application/json";

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * PostgreSQL text and jsonb cannot hold NUL or an unpaired surrogate (JSON can): such input is
 * refused here with a 400 rather than failing later in a write. Iterative: nesting depth is free.
 */
function hasUnstorableText(value: unknown): boolean {
  const pending = [value];
  while (pending.length) {
    const current = pending.pop();
    if (typeof current === "string") {
      if (current.includes("\u0000") || UNPAIRED_SURROGATE.test(current)) return true;
    } else if (Array.isArray(current)) for (const item of current) pending.push(item);
    else if (current && typeof current === "object") for (const [key, item] of Object.entries(current)) pending.push(key, item);
  }
  return false;
}

/** JSON.parse for request bodies: malformed JSON and unstorable text are the caller's error (400). */
export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "Request body is not valid JSON");
  }
  if (hasUnstorableText(value)) throw new AppError("BAD_REQUEST", "Text may not contain NUL characters or unpaired UTF-16 surrogates");
  if (nestsDeeperThan(value)) throw new AppError("BAD_REQUEST", `Request body nests more than ${MAX_JSON_DEPTH} levels deep`);
  return value;
}

/** No id can hold NUL or an unpaired surrogate, and no query value may: refused before any lookup. */
function checkUrlText(params: Params, search: URLSearchParams) {
  if (Object.values(params).some(hasUnstorableText)) throw notFound("Resource");
  if ([...search.values()].some(hasUnstorableText))
    throw new AppError("BAD_REQUEST", "Query values may not contain NUL characters or unpaired UTF-16 surrogates");
}

/** A route's handler as Next calls it, carrying (in its type only) what the handler answers. */
type RouteHandler<Result = unknown> = ((request: ApiRequest, context: { params: Promise<Params> }) => Promise<Response>) & {
  readonly [resultType]?: Result;
};

/**
 * The JSON body a route answers with, for the components that call it:
 * `api<ResponseOf<typeof POST>>(…)` with `import type { POST } from "@/app/api/…/route"`. A renamed
 * field in the route then fails the component's typecheck. A handler that returns nothing answers
 * `{ ok: true }`; one that builds its own non-JSON `Response` (CSV, SSE) has no JSON body type.
 */
export type ResponseOf<Handler> =
  Handler extends RouteHandler<infer Result>
    ? Result extends TypedResponse<infer Data>
      ? AsJson<Data>
      : Result extends Response
        ? never
        : Result extends undefined | void
          ? { ok: true }
          : AsJson<Result>
    : never;

/**
 * What a value becomes through JSON.stringify and back: dates (anything with toJSON) as their JSON.
 * Arrays map element-wise, so a tuple (an interval's `[low, high]`) stays a tuple.
 */
type AsJson<Value> = Value extends { toJSON(): infer Json }
  ? Json
  : Value extends readonly unknown[]
    ? { [Index in keyof Value]: AsJson<Value[Index]> }
    : Value extends object
      ? { [Key in keyof Value]: AsJson<Value[Key]> }
      : Value;

export function route<Body = undefined, Query = undefined, Result = unknown>(
  options: RouteOptions<Body, Query> & { apiKeyScope: ApiKeyScope },
  handler: Handler<Body, SessionUser | null, Query, Result>,
): RouteHandler<Result>;
export function route<Body = undefined, Query = undefined, Result = unknown>(
  options: RouteOptions<Body, Query>,
  handler: Handler<Body, SessionUser, Query, Result>,
): RouteHandler<Result>;
export function route<Body = undefined, Query = undefined, Result = unknown>(
  options: RouteOptions<Body, Query>,
  handler: Handler<Body, SessionUser, Query, Result> | Handler<Body, SessionUser | null, Query, Result>,
): RouteHandler<Result> {
  return async (request, context) => {
    const headers: Record<string, string> = {};
    try {
      const params = (await context.params) ?? {};
      const search = searchParamsOf(request);
      checkUrlText(params, search);
      const byApiKey = Boolean(options.apiKeyScope && options.role) && sentApiKey(request);
      // a request the session cookie authenticates must come from our own pages (public routes and
      // API keys act as nobody's browser)
      if (!options.public && !byApiKey) checkSameOrigin(request, appOrigin());
      await options.prepare?.(request, headers);
      const user = options.public ? (undefined as unknown as SessionUser) : byApiKey ? null : await requireSessionUser();
      const workspaceId = params.workspaceId ?? "";
      const role = await authorise(request, workspaceId, options as RouteOptions<unknown, unknown>, user);
      const query = options.query ? validate(options.query, Object.fromEntries(search), "query") : (undefined as Query);
      const body = options.body
        ? await readJsonBody(request, options.body, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, options.tooLargeMessage)
        : (undefined as Body);
      // user is null only on apiKeyScope routes, whose handlers are typed to accept it (the overloads)
      const result: unknown = await (handler as Handler<Body, SessionUser | null, Query, Result>)({
        request,
        params,
        body,
        query,
        user,
        workspaceId,
        role,
      });
      return withHeaders(result instanceof Response ? result : json(result ?? { ok: true }), headers);
    } catch (error) {
      return withHeaders(errorResponse(error), headers);
    }
  };
}

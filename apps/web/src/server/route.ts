// Every API route goes through `route()`: it reads and validates the body (size, content type, JSON,
// zod), resolves the user and their workspace role, and turns errors into one JSON shape with the
// right status. Handlers only see parsed, authorised input.
import { requireMembership, type Role } from "@switchyard/db";
import { AppError, isAppError } from "@switchyard/errors";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { requireSessionUser, type SessionUser } from "./session";
import { db } from "./services";

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

type Params = Record<string, string>;

interface RouteOptions<Body> {
  body?: z.ZodType<Body>;
  /** Minimum workspace role; requires a `workspaceId` route parameter. */
  role?: Role;
  /** Public routes skip the session check (sign-up, health). */
  public?: boolean;
  maxBodyBytes?: number;
  /** Runs before the body is read (CORS, rate limits); headers it sets go on every answer, errors included. */
  prepare?: (request: NextRequest, headers: Record<string, string>) => Promise<void>;
}

interface RouteContext<Body> {
  request: NextRequest;
  params: Params;
  body: Body;
  user: SessionUser;
  workspaceId: string;
  role: Role;
}

type Handler<Body> = (context: RouteContext<Body>) => Promise<unknown>;

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

export function errorResponse(error: unknown): Response {
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds) headers["Retry-After"] = String(error.retryAfterSeconds);
    return json({ error: { code: error.code, message: error.message, issues: error.issues } }, error.status, headers);
  }
  if ((error as { code?: string })?.code === "P2002") {
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

function isUnavailable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message} ${(error as { code?: string }).code ?? ""}` : "";
  return /ECONNREFUSED|ETIMEDOUT|Connection is closed|Stream isn't writeable|enableOfflineQueue|Can't reach database|P1001|DriverAdapterError/i.test(
    text,
  );
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

async function readJsonBody<Body>(request: NextRequest, schema: z.ZodType<Body>, maxBytes: number): Promise<Body> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `Request body is larger than ${Math.round(maxBytes / 1024)} KB`);
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json");
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes)
    throw new AppError("PAYLOAD_TOO_LARGE", `Request body is larger than ${Math.round(maxBytes / 1024)} KB`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "Request body is not valid JSON");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const summary = issues
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
      .slice(0, 3)
      .join("; ");
    throw new AppError("BAD_REQUEST", `Invalid request: ${summary}`, { issues });
  }
  return parsed.data;
}

export function route<Body = undefined>(options: RouteOptions<Body>, handler: Handler<Body>) {
  return async (request: NextRequest, context: { params: Promise<Params> }): Promise<Response> => {
    const headers: Record<string, string> = {};
    try {
      const params = (await context.params) ?? {};
      await options.prepare?.(request, headers);
      const user = options.public ? (undefined as unknown as SessionUser) : await requireSessionUser();
      let role: Role = "VIEWER";
      const workspaceId = params.workspaceId ?? "";
      if (options.role) {
        if (!workspaceId) throw new Error("route declares a role but has no workspaceId parameter");
        role = (await requireMembership(db(), workspaceId, user.id, options.role)).role;
      }
      const body = options.body
        ? await readJsonBody(request, options.body, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
        : (undefined as Body);
      const result = await handler({ request, params, body, user, workspaceId, role });
      return withHeaders(result instanceof Response ? result : json(result ?? { ok: true }), headers);
    } catch (error) {
      return withHeaders(errorResponse(error), headers);
    }
  };
}

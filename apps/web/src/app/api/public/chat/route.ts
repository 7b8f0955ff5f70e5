// What the widget calls: one message of a conversation with a published bot, answered as SSE
// (`token` events with the reply's text, then one `done`). The bot is named by `?bot=<public id>` so
// that the CORS preflight, which carries no body, can already be checked against its origins.
import { mintWidgetSession, readWidgetSession, WIDGET_SESSION_HEADER } from "@switchyard/auth/widget-session";
import { conversationKey, sessionHistory } from "@switchyard/db";
import { AppError, notFound } from "@switchyard/errors";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { deploymentByPublicId, limitPublicChat, replyNodeIds } from "@/server/published";
import { route } from "@/server/route";
import { streamRunEvents, type EventEncoder } from "@/server/run-stream";
import { db, env } from "@/server/services";
import { prepareRun } from "@/server/start-run";

// the widget's text box holds as much (packages/widget/src/widget.ts); visitors read this message, so it
// speaks of their message, never of request bytes
const MAX_MESSAGE_CHARS = 4_000;
const TOO_LONG = `That message is too long: please keep it under ${MAX_MESSAGE_CHARS.toLocaleString("en")} characters.`;

const chatSchema = z.object({
  /** Sent by widgets from before server-minted sessions; ignored (see the session header). */
  sessionId: z.string().max(100).optional(),
  message: z.string().trim().min(1, "message is empty"),
});

/** The session each request was given before its body was read (see checkOriginAndLimits). */
const sessions = new WeakMap<Request, string>();

async function deploymentFor(request: NextRequest) {
  const publicId = request.nextUrl.searchParams.get("bot");
  if (!publicId) throw new AppError("BAD_REQUEST", "Name the bot: /api/public/chat?bot=<public id>");
  const deployment = await deploymentByPublicId(publicId);
  if (!deployment) throw notFound("Bot");
  return deployment;
}

/** Browsers may call only from the deployment's allowed origins; callers without an Origin are not browsers. */
async function checkOrigin(request: NextRequest, headers: Record<string, string>) {
  const deployment = await deploymentFor(request);
  const origin = request.headers.get("origin");
  if (!origin) return deployment;
  if (!deployment.allowedOrigins.includes(origin) && !deployment.allowedOrigins.includes("*"))
    throw new AppError("FORBIDDEN", `This bot does not accept requests from ${origin}; add it to the deployment's allowed origins`);
  Object.assign(headers, { "access-control-allow-origin": origin, "access-control-expose-headers": WIDGET_SESSION_HEADER, vary: "Origin" });
  return deployment;
}

// The visitor's session comes from the header the server minted it in; a request without a valid one
// (first contact, a forged or foreign token) gets a new session. Limits count every message attempt,
// before its body is read.
async function checkOriginAndLimits(request: NextRequest, headers: Record<string, string>) {
  const deployment = await checkOrigin(request, headers);
  const secret = env().SWITCHYARD_SECRET;
  const known = readWidgetSession(secret, deployment.id, request.headers.get(WIDGET_SESSION_HEADER));
  await limitPublicChat(request, deployment.id, { id: known ?? "", fresh: known === null });
  const session = known ? { id: known, token: request.headers.get(WIDGET_SESSION_HEADER)! } : mintWidgetSession(secret, deployment.id);
  sessions.set(request, session.id);
  headers[WIDGET_SESSION_HEADER] = session.token;
}

export const OPTIONS = route(
  { public: true, prepare: async (request, headers) => void (await checkOrigin(request, headers)) },
  async () =>
    new Response(null, {
      status: 204,
      headers: {
        "access-control-allow-methods": "POST",
        "access-control-allow-headers": `content-type, ${WIDGET_SESSION_HEADER}`,
        "access-control-max-age": "600",
      },
    }),
);

export const POST = route(
  { public: true, prepare: checkOriginAndLimits, body: chatSchema, maxBodyBytes: 32 * 1024, tooLargeMessage: TOO_LONG },
  async ({ request, body }) => {
    if (body.message.length > MAX_MESSAGE_CHARS) throw new AppError("PAYLOAD_TOO_LARGE", TOO_LONG);
    const deployment = await deploymentFor(request);
    const sessionId = conversationKey({ channel: "widget", deploymentId: deployment.id, widgetSessionId: sessions.get(request)! });
    const history = await sessionHistory(db(), deployment.id, sessionId);
    const { runId, flow, start, abandon } = await prepareRun({
      workspaceId: deployment.workspaceId,
      botId: deployment.botId,
      botVersionId: deployment.botVersionId,
      deploymentId: deployment.id,
      source: "WIDGET",
      input: { message: body.message, history, sessionId },
    });
    const reply = replyNodeIds(flow);
    const encode: EventEncoder = (event) => {
      if (event.type === "token" && (reply.size === 0 || reply.has(event.nodeId)))
        return `event: token\ndata: ${JSON.stringify({ text: event.text })}\n\n`;
      if (event.type === "run.finished") {
        const failed = event.status !== "SUCCEEDED";
        const done = { reply: event.output ?? "", error: failed ? "The bot could not answer just now; please try again." : null };
        return `event: done\ndata: ${JSON.stringify(done)}\n\n`;
      }
      return null;
    };
    const lost = `event: done\ndata: ${JSON.stringify({ reply: "", error: "The connection to the bot was interrupted; please try again." })}\n\n`;
    return streamRunEvents(runId, { replay: false, signal: request.signal, start, abandon, encode, lost, headers: { "x-run-id": runId } });
  },
);

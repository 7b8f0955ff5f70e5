// What the widget calls: one message of a conversation with a published bot, answered as SSE
// (`token` events with the reply's text, then one `done`). The bot is named by `?bot=<public id>` so
// that the CORS preflight, which carries no body, can already be checked against its origins.
import { mintWidgetSession, readWidgetSession, WIDGET_SESSION_HEADER } from "@switchyard/auth/widget-session";
import { conversationKey, sessionHistory } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { z } from "zod";
import { limitPublicChat, replyNodeIds } from "@/server/published";
import { route } from "@/server/route";
import { streamRunEvents, type EventEncoder } from "@/server/run-stream";
import { db, env } from "@/server/services";
import { recentTurns, rememberTurn } from "@/server/recent-turns";
import { prepareRun } from "@/server/start-run";
import { checkWidgetOrigin, widgetPreflight, type WidgetDeployment } from "@/server/widget-request";
import type { ApiRequest } from "@/server/api-request";

// the widget's text box holds as much (packages/widget/src/widget.ts); visitors read this message, so it
// speaks of their message, never of request bytes
const MAX_MESSAGE_CHARS = 4_000;
const TOO_LONG = `That message is too long: please keep it under ${MAX_MESSAGE_CHARS.toLocaleString("en")} characters.`;

const chatSchema = z.object({
  /** Sent by widgets from before server-minted sessions; ignored (see the session header). */
  sessionId: z.string().max(100).optional(),
  message: z.string().trim().min(1, "message is empty"),
});

/**
 * What each request was given before its body was read (see checkOriginAndLimits): its deployment and
 * session (`minted`: just now), so the handler does not look the deployment up again.
 */
const admitted = new WeakMap<ApiRequest, { deployment: WidgetDeployment; id: string; minted: boolean }>();

const LOST = `event: done\ndata: ${JSON.stringify({ reply: "", error: "The connection to the bot was interrupted; please try again." })}\n\n`;

// The visitor's session comes from the header the server minted it in; a request without a valid one
// (first contact, a forged or foreign token) gets a new session. Limits count every message attempt,
// before its body is read.
async function checkOriginAndLimits(request: ApiRequest, headers: Record<string, string>) {
  const deployment = await checkWidgetOrigin(request, headers);
  const secret = env().SWITCHYARD_SECRET;
  const known = readWidgetSession(secret, deployment.id, request.headers.get(WIDGET_SESSION_HEADER));
  await limitPublicChat(request, deployment.id, { id: known ?? "", fresh: known === null });
  const session = known ? { id: known, token: request.headers.get(WIDGET_SESSION_HEADER)! } : mintWidgetSession(secret, deployment.id);
  admitted.set(request, { deployment, id: session.id, minted: !known });
  headers[WIDGET_SESSION_HEADER] = session.token;
}

export const OPTIONS = route(
  { public: true, prepare: async (request, headers) => void (await checkWidgetOrigin(request, headers)) },
  async () => widgetPreflight(),
);

export const POST = route(
  { public: true, prepare: checkOriginAndLimits, body: chatSchema, maxBodyBytes: 32 * 1024, tooLargeMessage: TOO_LONG },
  async ({ request, body }) => {
    if (body.message.length > MAX_MESSAGE_CHARS) throw new AppError("PAYLOAD_TOO_LARGE", TOO_LONG);
    const { deployment, ...session } = admitted.get(request)!;
    const sessionId = conversationKey({ channel: "widget", deploymentId: deployment.id, widgetSessionId: session.id });
    // the conversation is read while the run's budget admission goes to Redis; a session minted for
    // this message has none (its id is new and random), so nothing is read
    const history = session.minted
      ? Promise.resolve([])
      : sessionHistory(db(), deployment.id, sessionId, undefined, recentTurns(sessionId));
    const { runId, flow, start, abandon } = await prepareRun({
      workspaceId: deployment.workspaceId,
      botId: deployment.botId,
      botVersionId: deployment.botVersionId,
      deploymentId: deployment.id,
      source: "WIDGET",
      input: history.then((turns) => ({ message: body.message, history: turns, sessionId })),
    });
    const reply = replyNodeIds(flow);
    const encode: EventEncoder = (event) => {
      if (event.type === "token" && (reply.size === 0 || reply.has(event.nodeId)))
        return `event: token\ndata: ${JSON.stringify({ text: event.text })}\n\n`;
      // the bot waits for a person: tell the visitor rather than leave them hanging
      if (event.type === "run.waiting")
        return `event: waiting\ndata: ${JSON.stringify({ runId, message: "This answer needs a person's approval; it will come once they have looked at it." })}\n\n`;
      if (event.type === "run.finished") {
        const failed = event.status !== "SUCCEEDED";
        // the visitor's next message may come before the finish is stored: its history will have this turn
        if (!failed) rememberTurn(sessionId, { runId, message: body.message, reply: event.output });
        // the run id lets the visitor rate the answer (POST /api/public/feedback)
        const done = { reply: event.output ?? "", runId, error: failed ? "The bot could not answer just now; please try again." : null };
        return `event: done\ndata: ${JSON.stringify(done)}\n\n`;
      }
      return null;
    };
    return streamRunEvents(runId, {
      replay: false,
      signal: request.signal,
      start,
      abandon,
      encode,
      lost: LOST,
      headers: { "x-run-id": runId },
      untilWaiting: true,
    });
  },
);

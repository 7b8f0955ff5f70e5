// The widget's thumbs up or down on an answer. The visitor's signed session (the header the chat route
// minted) must be the one the answer was given in: nobody rates another visitor's conversation.
import { readWidgetSession, WIDGET_SESSION_HEADER } from "@switchyard/auth/widget-session";
import { conversationKey, recordRunFeedback } from "@switchyard/db";
import { notFound } from "@switchyard/errors";
import { widgetFeedbackSchema } from "@/server/feedback-input";
import { limitPublicChat } from "@/server/published";
import { route } from "@/server/route";
import { awaitRunStored } from "@/server/run-stored";
import { db, env } from "@/server/services";
import { checkWidgetOrigin, widgetPreflight } from "@/server/widget-request";
import type { ApiRequest } from "@/server/api-request";

/** The visitor's session, found before the body was read (see checkSession). */
const sessions = new WeakMap<ApiRequest, { deploymentId: string; workspaceId: string; sessionId: string }>();

// Like a chat message, a vote counts against its session and the deployment before its body is read.
// Without a valid session there is no conversation to rate.
async function checkSession(request: ApiRequest, headers: Record<string, string>) {
  const deployment = await checkWidgetOrigin(request, headers);
  const session = readWidgetSession(env().SWITCHYARD_SECRET, deployment.id, request.headers.get(WIDGET_SESSION_HEADER));
  if (!session) throw notFound("Run");
  await limitPublicChat(request, deployment.id, { id: session, fresh: false }, "feedback");
  sessions.set(request, { deploymentId: deployment.id, workspaceId: deployment.workspaceId, sessionId: session });
}

export const OPTIONS = route(
  { public: true, prepare: async (request, headers) => void (await checkWidgetOrigin(request, headers)) },
  async () => widgetPreflight(),
);

export const POST = route(
  { public: true, prepare: checkSession, body: widgetFeedbackSchema, maxBodyBytes: 16 * 1024 },
  async ({ request, body }) => {
    const { deploymentId, workspaceId, sessionId } = sessions.get(request)!;
    await awaitRunStored(body.runId); // the answer may be rated before its finish is stored
    const feedback = await recordRunFeedback(
      db(),
      workspaceId,
      { runId: body.runId, score: body.score, comment: body.comment, source: "WIDGET", raterId: sessionId },
      { deploymentId, sessionId: conversationKey({ channel: "widget", deploymentId, widgetSessionId: sessionId }) },
    );
    return { feedback: { runId: feedback.runId, score: feedback.score, comment: feedback.comment } };
  },
);

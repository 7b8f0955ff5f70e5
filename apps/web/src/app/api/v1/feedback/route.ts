// Feedback from API callers: a thumbs up (1) or down (-1) on a chat completion of this key's workspace,
// named by the completion's `x-run-id` header or its `id`. The same key voting again replaces its vote.
import { recordRunFeedback } from "@switchyard/db";
import { apiFeedbackSchema } from "@/server/feedback-input";
import { inOpenAiShape } from "@/server/openai";
import { requireApiKey } from "@/server/published";
import { route } from "@/server/route";
import { db } from "@/server/services";
import type { ApiRequest } from "@/server/api-request";

const handle = route({ public: true, body: apiFeedbackSchema, maxBodyBytes: 16 * 1024 }, async ({ request, body }) => {
  const key = await requireApiKey(request, "chat");
  const feedback = await recordRunFeedback(db(), key.workspaceId, {
    runId: body.run_id,
    score: body.score,
    comment: body.comment,
    source: "API",
    raterId: key.id,
  });
  return {
    object: "feedback",
    run_id: feedback.runId,
    score: feedback.score,
    comment: feedback.comment,
    created_at: Math.floor(feedback.createdAt.getTime() / 1000),
    updated_at: Math.floor(feedback.updatedAt.getTime() / 1000),
  };
});

export const POST = async (request: ApiRequest, context: { params: Promise<Record<string, string>> }) =>
  inOpenAiShape(await handle(request, context));

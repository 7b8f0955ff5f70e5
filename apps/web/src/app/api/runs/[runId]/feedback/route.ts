// A member's own thumbs up or down on a run, from the editor's run list; voting again replaces it.
import { recordRunFeedback } from "@switchyard/db";
import { appFeedbackSchema } from "@/server/feedback-input";
import { route } from "@/server/route";
import { requireRunAccess } from "@/server/run-access";
import { awaitRunStored } from "@/server/run-stored";
import { db } from "@/server/services";

export const POST = route({ body: appFeedbackSchema }, async ({ params, body, user }) => {
  const { workspaceId, status } = await requireRunAccess(params.runId!, user, "EDITOR");
  await awaitRunStored(params.runId!, status);
  const feedback = await recordRunFeedback(db(), workspaceId, { runId: params.runId!, ...body, source: "APP", raterId: user.id });
  return { feedback };
});

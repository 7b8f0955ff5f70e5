import { requestRunCancel } from "@switchyard/queue";
import { cancelPausedRun } from "@switchyard/runner/approvals";
import { route } from "@/server/route";
import { requireRunAccess } from "@/server/run-access";
import { db, redis } from "@/server/services";

export const POST = route({}, async ({ params, user }) => {
  const run = await requireRunAccess(params.runId!, user, "EDITOR");
  // a run waiting for approval has no worker to tell: it ends here, at once
  if (await cancelPausedRun({ db: db(), redis: redis() }, run.workspaceId, params.runId!)) return { ok: true };
  await requestRunCancel(redis(), params.runId!);
  return { ok: true };
});

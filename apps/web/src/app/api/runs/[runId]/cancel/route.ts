import { requestRunCancel } from "@switchyard/queue";
import { route } from "@/server/route";
import { requireRunAccess } from "@/server/run-access";
import { redis } from "@/server/services";

export const POST = route({}, async ({ params, user }) => {
  await requireRunAccess(params.runId!, user, "EDITOR");
  await requestRunCancel(redis(), params.runId!);
  return { ok: true };
});

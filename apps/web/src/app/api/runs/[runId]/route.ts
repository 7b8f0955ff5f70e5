import { getRunWithSteps } from "@switchyard/db";
import { route } from "@/server/route";
import { requireRunAccess } from "@/server/run-access";
import { db } from "@/server/services";

export const GET = route({}, async ({ params, user }) => {
  const { workspaceId } = await requireRunAccess(params.runId!, user);
  return { run: await getRunWithSteps(db(), workspaceId, params.runId!) };
});

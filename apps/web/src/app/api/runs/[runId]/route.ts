import { route } from "@/server/route";
import { requireRunAccess } from "@/server/run-access";
import { runView } from "@/server/run-view";

export const GET = route({}, async ({ params, user }) => {
  const { workspaceId } = await requireRunAccess(params.runId!, user);
  return { run: await runView(workspaceId, params.runId!) };
});

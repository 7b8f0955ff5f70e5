import { route } from "@/server/route";
import { requireRunAccess } from "@/server/run-access";
import { awaitRunStored } from "@/server/run-stored";
import { runView } from "@/server/run-view";

export const GET = route({}, async ({ params, user }) => {
  const { workspaceId, status } = await requireRunAccess(params.runId!, user);
  await awaitRunStored(params.runId!, status); // the editor asks for a run as soon as it hears of its finish
  return { run: await runView(workspaceId, params.runId!) };
});

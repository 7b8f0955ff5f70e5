import { deleteDeployment, deploymentUsage, getDeployment, getVersion, lastConversations, updateDeployment } from "@switchyard/db";
import { updateDeploymentSchema } from "@/server/deployment-input";
import { forgetPublishedLookups } from "@/server/published";
import { route } from "@/server/route";
import { assertRunnableFlow } from "@/server/runnable-flow";
import { db } from "@/server/services";

const USAGE_DAYS = 30;

export const GET = route({ role: "VIEWER" }, async ({ workspaceId, params }) => {
  const id = params.deploymentId!;
  const since = new Date(Date.now() - USAGE_DAYS * 86_400_000);
  const [deployment, usage, conversations] = await Promise.all([
    getDeployment(db(), workspaceId, id),
    deploymentUsage(db(), workspaceId, id, since),
    lastConversations(db(), workspaceId, id),
  ]);
  return { deployment, usage: { since, bySource: usage }, conversations };
});

// Changing `version` publishes another version of the bot here: newer, or an earlier one (rollback),
// provided it can still run (a rollback to a version whose provider was removed since is refused).
export const PATCH = route({ role: "EDITOR", body: updateDeploymentSchema }, async ({ workspaceId, params, body }) => {
  if (body.version !== undefined) {
    const { bot } = await getDeployment(db(), workspaceId, params.deploymentId!);
    const version = await getVersion(db(), workspaceId, bot.id, body.version);
    await assertRunnableFlow(workspaceId, version.graph, `Version ${body.version} cannot be deployed`);
  }
  const deployment = await updateDeployment(db(), workspaceId, params.deploymentId!, body);
  forgetPublishedLookups();
  return { deployment };
});

export const DELETE = route({ role: "EDITOR" }, async ({ workspaceId, params }) => {
  await deleteDeployment(db(), workspaceId, params.deploymentId!);
  forgetPublishedLookups();
  return { ok: true };
});

import { createDeployment, getVersion, listDeployments } from "@switchyard/db";
import { createDeploymentSchema } from "@/server/deployment-input";
import { forgetPublishedLookups } from "@/server/published";
import { json, route } from "@/server/route";
import { assertRunnableFlow } from "@/server/runnable-flow";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ deployments: await listDeployments(db(), workspaceId) }));

export const POST = route({ role: "EDITOR", body: createDeploymentSchema }, async ({ workspaceId, body }) => {
  const version = await getVersion(db(), workspaceId, body.botId, body.version);
  await assertRunnableFlow(workspaceId, version.graph, `Version ${body.version} cannot be deployed`);
  const deployment = await createDeployment(db(), workspaceId, body);
  forgetPublishedLookups();
  return json({ deployment }, 201);
});

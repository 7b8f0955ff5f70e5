import { createDeployment, listDeployments } from "@switchyard/db";
import { createDeploymentSchema } from "@/server/deployment-input";
import { forgetPublishedLookups } from "@/server/published";
import { json, route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ deployments: await listDeployments(db(), workspaceId) }));

export const POST = route({ role: "EDITOR", body: createDeploymentSchema }, async ({ workspaceId, body }) => {
  const deployment = await createDeployment(db(), workspaceId, body);
  forgetPublishedLookups();
  return json({ deployment }, 201);
});

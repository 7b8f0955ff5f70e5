// OpenAI-compatible model list: the workspace's deployments, by slug.
import { listDeployments } from "@switchyard/db";
import { inOpenAiShape } from "@/server/openai";
import { requireApiKey } from "@/server/published";
import { route } from "@/server/route";
import { db } from "@/server/services";
import type { ApiRequest } from "@/server/api-request";

const handle = route({ public: true }, async ({ request }) => {
  const key = await requireApiKey(request, "models");
  const deployments = await listDeployments(db(), key.workspaceId);
  return {
    object: "list",
    data: deployments.map((deployment) => ({
      id: deployment.slug,
      object: "model",
      created: Math.floor(deployment.createdAt.getTime() / 1000),
      owned_by: "switchyard",
    })),
  };
});

export const GET = async (request: ApiRequest, context: { params: Promise<Record<string, string>> }) =>
  inOpenAiShape(await handle(request, context));

import { createRetrievalService, loadEmbeddingTarget } from "@switchyard/knowledge/retrieval";
import { z } from "zod";
import { route } from "@/server/route";
import { db, env } from "@/server/services";

const searchSchema = z.object({
  query: z.string().trim().min(1, "Enter a query").max(2_000),
  topK: z.number().int().min(1).max(50).default(5),
  mode: z.enum(["hybrid", "fulltext", "vector"]).default("hybrid"),
});

// What the Retrieve node would find, for trying a store from its page.
export const POST = route({ role: "VIEWER", body: searchSchema }, async ({ request, workspaceId, params, body }) => {
  const retrieval = createRetrievalService({
    db: db(),
    workspaceId,
    embedding: () => loadEmbeddingTarget(db(), workspaceId, env().SWITCHYARD_SECRET),
  });
  const results = await retrieval.retrieve({ storeId: params.storeId!, ...body }, { signal: request.signal });
  return { results };
});

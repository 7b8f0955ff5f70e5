import { saveDraft } from "@switchyard/db";
import { flowGraphSchema } from "@switchyard/engine";
import { z } from "zod";
import { route } from "@/server/route";
import { db } from "@/server/services";

const saveDraftSchema = z.object({
  graph: flowGraphSchema,
  baseRevision: z.number().int().nonnegative(),
});

export const PUT = route({ role: "EDITOR", body: saveDraftSchema, maxBodyBytes: 4 * 1024 * 1024 }, async ({ workspaceId, params, body }) =>
  saveDraft(db(), workspaceId, params.botId!, body.graph, body.baseRevision),
);

import { setDefaultDataset } from "@switchyard/db";
import { z } from "zod";
import { route } from "@/server/route";
import { db } from "@/server/services";

const bodySchema = z.object({
  datasetId: z.string().min(1).nullable(),
  /** Publishing first runs this dataset on the draft and refuses when it does worse than the latest version. */
  requireToPublish: z.boolean().optional(),
});

export const PUT = route({ role: "EDITOR", body: bodySchema }, async ({ workspaceId, params, body }) => {
  await setDefaultDataset(db(), workspaceId, params.botId!, body.datasetId, body.requireToPublish);
  return { ok: true };
});

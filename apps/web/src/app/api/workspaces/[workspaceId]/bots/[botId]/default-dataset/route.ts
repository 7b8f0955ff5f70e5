import { setDefaultDataset } from "@switchyard/db";
import { z } from "zod";
import { route } from "@/server/route";
import { db } from "@/server/services";

const bodySchema = z.object({ datasetId: z.string().min(1).nullable() });

export const PUT = route({ role: "EDITOR", body: bodySchema }, async ({ workspaceId, params, body }) => {
  await setDefaultDataset(db(), workspaceId, params.botId!, body.datasetId);
  return { ok: true };
});

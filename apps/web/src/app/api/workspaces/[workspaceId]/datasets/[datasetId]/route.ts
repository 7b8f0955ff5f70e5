import { deleteDataset, getDataset, getDatasetVersion } from "@switchyard/db";
import { z } from "zod";
import { route } from "@/server/route";
import { db } from "@/server/services";

const versionQuerySchema = z.object({
  version: z.coerce
    .number({ error: "version must be a positive number" })
    .int("version must be a positive number")
    .positive("version must be a positive number")
    .optional(),
});

/** The dataset with its versions, and the rows of `?version=N` (default: the latest). */
export const GET = route({ role: "VIEWER", query: versionQuerySchema }, async ({ workspaceId, params, query }) => {
  const dataset = await getDataset(db(), workspaceId, params.datasetId!);
  const version = await getDatasetVersion(db(), workspaceId, dataset.id, query.version);
  return { dataset, version };
});

export const DELETE = route({ role: "EDITOR" }, async ({ workspaceId, params }) => {
  await deleteDataset(db(), workspaceId, params.datasetId!);
  return { ok: true };
});

import { createDataset, listDatasets } from "@switchyard/db";
import { datasetInputSchema } from "@switchyard/evals";
import { json, route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ datasets: await listDatasets(db(), workspaceId) }));

export const POST = route({ role: "EDITOR", body: datasetInputSchema, maxBodyBytes: 20 * 1024 * 1024 }, async ({ workspaceId, body }) =>
  json({ dataset: await createDataset(db(), workspaceId, body) }, 201),
);

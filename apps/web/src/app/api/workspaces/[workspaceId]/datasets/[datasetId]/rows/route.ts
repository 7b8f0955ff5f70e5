// "Add to dataset" from a run: one row appended, as a new version.
import { appendDatasetRow } from "@switchyard/db";
import { datasetRowSchema } from "@switchyard/evals";
import { json, route } from "@/server/route";
import { db } from "@/server/services";

export const POST = route({ role: "EDITOR", body: datasetRowSchema }, async ({ workspaceId, params, body }) =>
  json({ version: await appendDatasetRow(db(), workspaceId, params.datasetId!, body) }, 201),
);

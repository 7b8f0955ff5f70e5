// Editing rows writes the whole edited table as the dataset's next version.
import { addDatasetVersion } from "@switchyard/db";
import { datasetInputSchema } from "@switchyard/evals";
import { json, route } from "@/server/route";
import { db } from "@/server/services";

const bodySchema = datasetInputSchema.pick({ rows: true });

export const POST = route({ role: "EDITOR", body: bodySchema, maxBodyBytes: 20 * 1024 * 1024 }, async ({ workspaceId, params, body }) =>
  json({ version: await addDatasetVersion(db(), workspaceId, params.datasetId!, body.rows) }, 201),
);

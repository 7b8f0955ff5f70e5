import { deleteDataset, getDataset, getDatasetVersion } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { route } from "@/server/route";
import { db } from "@/server/services";

/** The dataset with its versions, and the rows of `?version=N` (default: the latest). */
export const GET = route({ role: "VIEWER" }, async ({ workspaceId, params, request }) => {
  const raw = request.nextUrl.searchParams.get("version");
  const number = raw === null ? undefined : Number(raw);
  if (number !== undefined && (!Number.isInteger(number) || number < 1))
    throw new AppError("BAD_REQUEST", "version must be a positive number");
  const dataset = await getDataset(db(), workspaceId, params.datasetId!);
  const version = await getDatasetVersion(db(), workspaceId, dataset.id, number);
  return { dataset, version };
});

export const DELETE = route({ role: "EDITOR" }, async ({ workspaceId, params }) => {
  await deleteDataset(db(), workspaceId, params.datasetId!);
  return { ok: true };
});

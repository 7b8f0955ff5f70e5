import { deleteStore, getStore, updateStore } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { route } from "@/server/route";
import { db } from "@/server/services";
import { overlapFits, overlapMessage, storeSettingsSchema } from "@switchyard/knowledge/settings";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId, params }) => ({
  store: await getStore(db(), workspaceId, params.storeId!),
}));

/** New chunking settings apply to documents uploaded (or re-ingested) from now on. */
export const PATCH = route({ role: "EDITOR", body: storeSettingsSchema.partial() }, async ({ workspaceId, params, body }) => {
  const current = await getStore(db(), workspaceId, params.storeId!);
  if (!overlapFits({ ...current, ...body })) throw new AppError("BAD_REQUEST", `Invalid request: chunkOverlap: ${overlapMessage}`);
  return { store: await updateStore(db(), workspaceId, params.storeId!, body) };
});

export const DELETE = route({ role: "EDITOR" }, async ({ workspaceId, params }) => {
  await deleteStore(db(), workspaceId, params.storeId!);
  return { ok: true };
});

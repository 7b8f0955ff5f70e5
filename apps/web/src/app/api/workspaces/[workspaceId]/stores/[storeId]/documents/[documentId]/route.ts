import { deleteDocument } from "@switchyard/db";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const DELETE = route({ role: "EDITOR" }, async ({ workspaceId, params }) => {
  await deleteDocument(db(), workspaceId, params.storeId!, params.documentId!);
  return { ok: true };
});

import { deleteCredential } from "@switchyard/db";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const DELETE = route({ role: "EDITOR" }, async ({ workspaceId, params }) => {
  await deleteCredential(db(), workspaceId, params.credentialId!);
  return { ok: true };
});

import { deleteHttpCredential } from "@switchyard/db";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const DELETE = route({ role: "EDITOR" }, async ({ workspaceId, params }) => {
  await deleteHttpCredential(db(), workspaceId, params.credentialId!);
  return { ok: true };
});

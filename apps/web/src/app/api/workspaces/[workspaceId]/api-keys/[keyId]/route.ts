import { revokeApiKey } from "@switchyard/db";
import { forgetPublishedLookups } from "@/server/published";
import { route } from "@/server/route";
import { db } from "@/server/services";

/** Revokes the key: this process refuses it at once, other web processes within seconds. */
export const DELETE = route({ role: "EDITOR" }, async ({ workspaceId, params }) => {
  await revokeApiKey(db(), workspaceId, params.keyId!);
  forgetPublishedLookups();
  return { ok: true };
});

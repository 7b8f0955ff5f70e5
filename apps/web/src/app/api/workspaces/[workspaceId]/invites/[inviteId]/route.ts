import { revokeInvite } from "@switchyard/db";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const DELETE = route({ role: "OWNER" }, async ({ workspaceId, params }) => {
  await revokeInvite(db(), workspaceId, params.inviteId!);
});

import { removeMember } from "@switchyard/db";
import { route } from "@/server/route";
import { db } from "@/server/services";

// The member's next request finds no membership: access ends at once.
export const DELETE = route({ role: "OWNER" }, async ({ workspaceId, params }) => {
  await removeMember(db(), workspaceId, params.userId!);
});

import { listMembers } from "@switchyard/db";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => {
  const members = await listMembers(db(), workspaceId);
  return { members: members.map(({ user, role }) => ({ ...user, role })) };
});

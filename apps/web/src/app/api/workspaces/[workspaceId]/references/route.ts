// The ids a flow may reference in this workspace, per kind, for the editor's references check.
import { workspaceReferences } from "@switchyard/db";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => {
  const references = await workspaceReferences(db(), workspaceId);
  return { references: Object.fromEntries(Object.entries(references).map(([kind, ids]) => [kind, [...ids]])) };
});

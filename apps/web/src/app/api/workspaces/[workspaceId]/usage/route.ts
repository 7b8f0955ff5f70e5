// The usage dashboard's figures as JSON, for the same filters the page takes in its query string.
import { route } from "@/server/route";
import { loadUsageDashboard } from "@/server/usage";
import { usageQuerySchema } from "@/server/usage-query";

export const GET = route({ role: "VIEWER", query: usageQuerySchema }, async ({ workspaceId, query }) =>
  loadUsageDashboard(workspaceId, query),
);

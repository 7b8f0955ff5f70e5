// The usage dashboard's figures as JSON, for the same filters the page takes in its query string.
import { route } from "@/server/route";
import { loadUsageDashboard, parseUsageFilters } from "@/server/usage";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId, request }) =>
  loadUsageDashboard(workspaceId, parseUsageFilters(request.nextUrl.searchParams)),
);

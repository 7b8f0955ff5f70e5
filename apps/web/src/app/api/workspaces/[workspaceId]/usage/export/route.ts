// Usage per day, bot, deployment and model as CSV, for the dashboard's filters.
import { route } from "@/server/route";
import { parseUsageFilters, usageCsv } from "@/server/usage";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId, request }) => {
  const filters = parseUsageFilters(request.nextUrl.searchParams);
  return new Response(await usageCsv(workspaceId, filters), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="usage-${filters.from}-to-${filters.to}.csv"`,
    },
  });
});

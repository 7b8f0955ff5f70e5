// Usage per day, bot, deployment and model as CSV, for the dashboard's filters.
import { route } from "@/server/route";
import { usageCsv } from "@/server/usage";
import { usageQuerySchema } from "@/server/usage-query";

export const GET = route({ role: "VIEWER", query: usageQuerySchema }, async ({ workspaceId, query: filters }) => {
  return new Response(await usageCsv(workspaceId, filters), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="usage-${filters.from}-to-${filters.to}.csv"`,
    },
  });
});

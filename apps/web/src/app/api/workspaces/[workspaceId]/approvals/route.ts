import { countPendingApprovals, listApprovals } from "@switchyard/db";
import { approvalView } from "@/server/approvals";
import { searchParamsOf } from "@/server/api-request";
import { route } from "@/server/route";
import { db } from "@/server/services";

/** `?status=pending` (oldest first) or `done` (newest first); both by default, newest first. */
export const GET = route({ role: "VIEWER", apiKeyScope: "approvals" }, async ({ workspaceId, request }) => {
  const wanted = searchParamsOf(request).get("status");
  const status = wanted === "pending" ? "PENDING" : wanted === "done" ? "DONE" : undefined;
  const [approvals, pending] = await Promise.all([listApprovals(db(), workspaceId, { status }), countPendingApprovals(db(), workspaceId)]);
  return { approvals: approvals.map(approvalView), pending };
});

import { closedReason, getApproval } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { approvalLinkUrl } from "@/server/approvals";
import { route } from "@/server/route";
import { db } from "@/server/services";

/** A signed link someone without an account can answer once, until the approval times out. */
export const POST = route({ role: "EDITOR", apiKeyScope: "approvals" }, async ({ workspaceId, params }) => {
  const approval = await getApproval(db(), workspaceId, params.approvalId!);
  const closed = closedReason(approval);
  if (closed) throw new AppError("CONFLICT", closed);
  return { url: approvalLinkUrl(workspaceId, approval.id), expiresAt: approval.expiresAt.toISOString() };
});

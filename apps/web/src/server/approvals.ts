// The web side of approvals: who is answering (for the trace), the shape pages and the API show, and
// the one-time link for people without an account.
import type { ApiRequest } from "./api-request";
import { findApiKeyName, getApproval, type ApprovalRow } from "@switchyard/db";
import { signApprovalLink, type Answerer } from "@switchyard/runner/approvals";
import type { SessionUser } from "./session";
import { appOrigin, db, env } from "./services";

/** A signed-in member, or an API key of the workspace (named by its name and prefix). */
export async function answererFor(workspaceId: string, user: SessionUser | null, request: ApiRequest): Promise<Answerer> {
  if (user) return { userId: user.id, label: user.email, via: "APP" };
  const secret = request.headers.get("authorization")?.slice(7).trim() ?? "";
  const key = await findApiKeyName(db(), workspaceId, secret);
  return { userId: null, label: key ? `API key "${key.name}" (${key.prefix}…)` : "API key", via: "API" };
}

export const approvalLinkUrl = (workspaceId: string, approvalId: string) =>
  `${appOrigin()}/approve/${signApprovalLink(env().SWITCHYARD_SECRET, workspaceId, approvalId)}`;

/** What a page or API caller sees of an approval. */
export function approvalView(approval: ApprovalRow) {
  return {
    ...approval,
    expiresAt: approval.expiresAt.toISOString(),
    answeredAt: approval.answeredAt?.toISOString() ?? null,
    createdAt: approval.createdAt.toISOString(),
  };
}
export type ApprovalView = ReturnType<typeof approvalView>;

export const readApproval = async (workspaceId: string, approvalId: string) =>
  approvalView(await getApproval(db(), workspaceId, approvalId));

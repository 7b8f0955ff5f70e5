// One-time links for people without an account: the link names the workspace and the approval and
// carries an HMAC of both under a key derived from SWITCHYARD_SECRET, so it cannot be forged or
// pointed at another approval. "One time" comes from the approval itself: it takes one answer.
import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveKey } from "@switchyard/config";

const signature = (secret: string, payload: string) =>
  createHmac("sha256", deriveKey(secret, "approval-link")).update(payload).digest("base64url");

export function signApprovalLink(secret: string, workspaceId: string, approvalId: string): string {
  const payload = Buffer.from(`${workspaceId}.${approvalId}`).toString("base64url");
  return `${payload}.${signature(secret, payload)}`;
}

/** The workspace and approval a link names; null when it was not signed by us. */
export function readApprovalLink(secret: string, token: string): { workspaceId: string; approvalId: string } | null {
  const [payload, given, extra] = token.split(".");
  if (!payload || !given || extra !== undefined) return null;
  const expected = Buffer.from(signature(secret, payload));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  const [workspaceId, approvalId, more] = Buffer.from(payload, "base64url").toString("utf8").split(".");
  return workspaceId && approvalId && more === undefined ? { workspaceId, approvalId } : null;
}

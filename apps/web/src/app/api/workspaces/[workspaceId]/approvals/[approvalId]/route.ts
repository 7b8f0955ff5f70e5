import { answerApproval, approvalAnswerInputSchema } from "@switchyard/runner/approvals";
import { answererFor, approvalView, readApproval } from "@/server/approvals";
import { route } from "@/server/route";
import { db, runQueue } from "@/server/services";

export const GET = route({ role: "VIEWER", apiKeyScope: "approvals" }, async ({ workspaceId, params }) => ({
  approval: await readApproval(workspaceId, params.approvalId!),
}));

/** Answers: `{ action, value?, comment? }`; the first answer stands (409 after it), viewers cannot answer. */
export const POST = route(
  { role: "EDITOR", apiKeyScope: "approvals", body: approvalAnswerInputSchema },
  async ({ workspaceId, params, body, user, request }) => {
    const by = await answererFor(workspaceId, user, request);
    const approval = await answerApproval({ db: db(), queue: runQueue() }, workspaceId, params.approvalId!, body, by);
    return { approval: approvalView(approval) };
  },
);

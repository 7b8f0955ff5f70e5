// One-time approval links: whoever holds the signed link sees the question and answers it once.
import { notFound } from "@switchyard/errors";
import { answerApproval, approvalAnswerInputSchema, readApprovalLink } from "@switchyard/runner/approvals";
import { readApproval } from "@/server/approvals";
import { route } from "@/server/route";
import { db, env, runQueue } from "@/server/services";

function linkTarget(token: string) {
  const target = readApprovalLink(env().SWITCHYARD_SECRET, token);
  if (!target) throw notFound("Approval");
  return target;
}

/** The fields a person without an account needs; nothing about the workspace or the run. */
async function publicView(token: string) {
  const { workspaceId, approvalId } = linkTarget(token);
  const { question, proposed, valueSchema, actions, status, expiresAt, action, answeredAt } = await readApproval(workspaceId, approvalId);
  return { question, proposed, valueSchema, actions, status, expiresAt, action, answeredAt };
}

export const GET = route({ public: true }, async ({ params }) => ({ approval: await publicView(params.token!) }));

export const POST = route({ public: true, body: approvalAnswerInputSchema }, async ({ params, body }) => {
  const { workspaceId, approvalId } = linkTarget(params.token!);
  await answerApproval({ db: db(), queue: runQueue() }, workspaceId, approvalId, body, {
    userId: null,
    label: "one-time link",
    via: "LINK",
  });
  return { approval: await publicView(params.token!) };
});

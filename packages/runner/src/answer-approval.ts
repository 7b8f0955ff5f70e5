// Answering an approval, the same for the inbox, the API and a one-time link: the action must be one
// of the approval's, an edited value must match its schema, and only a pending approval within its
// time takes an answer (a conditional update: the first answer stands). Then the run resumes.
import { isDeepStrictEqual } from "node:util";
import { closedReason, getApproval, recordApprovalAnswer, type ApprovalRow, type Db } from "@switchyard/db";
import type { ApprovalAnswer } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { schemaProblems } from "@switchyard/nodes";
import { cancelApprovalTimeout } from "@switchyard/queue";
import { z } from "zod";
import { resumeIfWaiting, type RunQueue } from "./pause-run";

export const approvalAnswerInputSchema = z.object({
  action: z.string().trim().min(1, "Choose an action").max(60),
  /** The edited value; leave it out to keep the proposed one. */
  value: z.unknown().optional(),
  comment: z.string().trim().max(2_000).optional(),
});
export type ApprovalAnswerInput = z.infer<typeof approvalAnswerInputSchema>;

export interface Answerer {
  userId: string | null;
  /** For people reading the trace: an email, "API key …", "one-time link". */
  label: string;
  via: Exclude<ApprovalAnswer["answeredVia"], "TIMEOUT">;
}

const actionsOf = (approval: ApprovalRow) => approval.actions as { name: string; label: string }[];

export async function answerApproval(
  services: { db: Db; queue: RunQueue },
  workspaceId: string,
  approvalId: string,
  input: ApprovalAnswerInput,
  by: Answerer,
): Promise<ApprovalRow> {
  const approval = await getApproval(services.db, workspaceId, approvalId);
  const closed = closedReason(approval);
  if (closed) throw new AppError("CONFLICT", closed);
  const names = actionsOf(approval).map((action) => action.name);
  if (!names.includes(input.action))
    throw new AppError("BAD_REQUEST", `"${input.action}" is not an action of this approval; choose one of: ${names.join(", ")}`);
  const changed = input.value !== undefined && !isDeepStrictEqual(input.value, approval.proposed);
  const value = changed ? input.value : approval.proposed;
  if (changed && approval.valueSchema) {
    const problems = schemaProblems(approval.valueSchema, value);
    if (problems.length)
      throw new AppError("BAD_REQUEST", `The edited value does not match the expected schema: ${problems.slice(0, 3).join("; ")}`, {
        issues: problems.map((message) => ({ path: "value", message })),
      });
  }
  const recorded = await recordApprovalAnswer(services.db, workspaceId, approvalId, {
    action: input.action,
    value,
    comment: input.comment || null,
    changed,
    answeredBy: by.label,
    answeredById: by.userId,
    answeredVia: by.via,
  });
  if (!recorded) {
    // someone else (or the timeout) got there between our read and our write
    const now = await getApproval(services.db, workspaceId, approvalId);
    throw new AppError("CONFLICT", closedReason(now) ?? "This approval has already been answered; the first answer stands");
  }
  await cancelApprovalTimeout(services.queue, approvalId);
  await resumeIfWaiting(services, approval.runId, workspaceId);
  return getApproval(services.db, workspaceId, approvalId);
}

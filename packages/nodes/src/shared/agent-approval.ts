// The Agent node's "ask a person before calling a tool": which calls need approval, the question
// the person sees (the call's arguments, editable, checked against the tool's own parameter schema),
// and the trace sub-step recording who answered and what they changed.
import {
  optionLabels,
  PauseNotAllowedError,
  visibleWhen,
  type ApprovalAnswer,
  type ApprovalRequest,
  type NodeContext,
  type ToolCall,
  type ToolHandle,
} from "@switchyard/engine";
import { z } from "zod";

export const agentApprovalFields = {
  approveTools: z
    .enum(["off", "side_effects", "all"])
    .default("off")
    .meta({
      title: "Ask a person before calling",
      ...optionLabels({ off: "No tool", side_effects: "Tools with side effects", all: "Every tool" }),
    }),
  /** Tools that always need approval, whatever the setting above says about them. */
  approvalToolNames: z
    .array(z.string().max(64))
    .max(50)
    .default([])
    .meta({ title: "Also ask before these tools", ...visibleWhen("approveTools", ["off", "side_effects"]) }),
  approvalTimeoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 60)
    .default(3 * 24 * 60)
    .meta({ title: "Approval timeout (minutes)" }),
};

interface ApprovalSettings {
  approveTools: "off" | "side_effects" | "all";
  approvalToolNames: string[];
  approvalTimeoutMinutes: number;
}

export function needsApproval(tool: ToolHandle | undefined, settings: ApprovalSettings): boolean {
  if (!tool) return false;
  if (settings.approveTools === "all" || settings.approvalToolNames.includes(tool.name)) return true;
  return settings.approveTools === "side_effects" && tool.sideEffects === true;
}

function toolCallRequest(call: ToolCall, tool: ToolHandle, settings: ApprovalSettings): ApprovalRequest {
  return {
    kind: "tool",
    question: `The agent wants to call the tool "${tool.name}" (${tool.description}). Approve, edit the arguments or reject.`,
    proposed: call.arguments ?? {},
    valueSchema: JSON.stringify(tool.parameters),
    actions: [
      { name: "approve", label: "Approve", branch: "approved" },
      { name: "reject", label: "Reject", branch: "rejected" },
    ],
    // an unanswered side effect does not happen
    timeoutAction: "reject",
    timeoutMs: settings.approvalTimeoutMinutes * 60_000,
  };
}

/**
 * Asks for approval of one tool call (pausing the run until answered; `state` is what the agent
 * resumes from) and records the answer as a sub-step. Returns the arguments to call with, or what
 * to tell the model when the call was rejected.
 */
export function approveToolCall(
  call: ToolCall,
  tool: ToolHandle,
  settings: ApprovalSettings,
  context: { key: string; state: unknown } & Pick<NodeContext<unknown>, "waitFor" | "recordStep">,
): { args: unknown } | { rejected: string } {
  if (!context.waitFor) throw new PauseNotAllowedError();
  const startedAt = Date.now();
  const answer: ApprovalAnswer = context.waitFor({
    key: context.key,
    request: toolCallRequest(call, tool, settings),
    state: context.state,
  });
  const approved = answer.action === "approve";
  context.recordStep({
    kind: "approval",
    name: call.name,
    status: "SUCCEEDED",
    input: { arguments: call.arguments },
    output: {
      action: answer.action,
      arguments: answer.value,
      changed: answer.changed,
      comment: answer.comment,
      answeredBy: answer.answeredBy,
      answeredVia: answer.answeredVia,
      answeredAt: answer.answeredAt,
    },
    startedAt: Math.min(startedAt, answer.answeredAt),
    finishedAt: Date.now(),
  });
  if (approved) return { args: answer.value };
  const reason = answer.answeredVia === "TIMEOUT" ? "nobody answered in time" : answer.comment;
  return { rejected: `A person did not approve this call${reason ? ` (${reason})` : ""}. Do not retry it; answer without it.` };
}

// Pauses the run and asks a person: a question (a template over the run's values), a proposed value
// they may edit (checked against an optional JSON Schema), and actions that choose the output branch.
// Nobody answering within the timeout takes the timeout action. The pause is durable: the run is
// persisted and no worker waits (see `waitFor` in @switchyard/engine).
import { defineNode, optionLabels, PauseNotAllowedError, type ApprovalRequest } from "@switchyard/engine";
import { z } from "zod";
import { schemaFor } from "./shared/json-schema-text";
import { renderTemplate } from "./shared/template";

const asText = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value, null, 2) ?? ""));

const choiceSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9_-]{1,40}$/, "Use lowercase letters, digits, _ and - (at most 40)")
    .meta({ title: "Name" }),
  label: z.string().trim().min(1).max(80).meta({ title: "Button label" }),
  branch: z.enum(["approved", "rejected"]).meta({ title: "Branch", ...optionLabels({ approved: "Approved", rejected: "Rejected" }) }),
});

export const approvalConfigSchema = z.object({
  question: z.string().trim().min(1, "Write the question").max(10_000).default("Approve this?\n\n{{input}}").meta({ title: "Question" }),
  choices: z
    .array(choiceSchema)
    .min(1)
    .max(8)
    .default([
      { name: "approve", label: "Approve", branch: "approved" },
      { name: "reject", label: "Reject", branch: "rejected" },
    ])
    .meta({ title: "Actions" }),
  /** JSON Schema text an edited value must match; empty: any JSON. */
  valueSchema: z.string().trim().max(100_000).default("").meta({ title: "Edited value schema (JSON Schema)" }),
  timeoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 60)
    .default(3 * 24 * 60)
    .meta({ title: "Timeout (minutes)" }),
  onTimeout: z.string().trim().default("reject").meta({ title: "Action on timeout" }),
});
type ApprovalConfig = z.infer<typeof approvalConfigSchema>;

/** The question with `{{input}}`, `{{message}}` and run variables filled in. */
function question(config: ApprovalConfig, value: unknown, message: string, variables: Record<string, string>) {
  return renderTemplate(config.question, { ...variables, message, input: asText(value) });
}

export function approvalRequest(
  config: ApprovalConfig,
  value: unknown,
  message: string,
  variables: Record<string, string>,
): ApprovalRequest {
  return {
    kind: "node",
    question: question(config, value, message, variables),
    proposed: value ?? null,
    valueSchema: config.valueSchema || null,
    actions: config.choices,
    timeoutAction: config.onTimeout,
    timeoutMs: config.timeoutMinutes * 60_000,
  };
}

export const approval = defineNode({
  type: "approval",
  label: "Approval",
  category: "Logic",
  description: "Pauses the run until a person approves, edits or rejects a value (in the Approvals inbox, by API or by link).",
  inputs: [{ name: "value", label: "Value", type: "any" }],
  outputs: [
    { name: "approved", label: "Approved", type: "any" },
    { name: "rejected", label: "Rejected", type: "any" },
    { name: "choice", label: "Choice", type: "text" },
  ],
  config: approvalConfigSchema,
  asksPerson: true,
  check(config) {
    const problems: string[] = [];
    const names = config.choices.map((choice) => choice.name);
    if (new Set(names).size !== names.length) problems.push("Two actions have the same name");
    if (!names.includes(config.onTimeout))
      problems.push(`Action on timeout: "${config.onTimeout}" is not one of the actions (${names.join(", ")})`);
    if (config.valueSchema)
      try {
        schemaFor(config.valueSchema);
      } catch (error) {
        problems.push(`Edited value schema: ${(error as Error).message}`);
      }
    return problems;
  },
  async execute({ config, inputs, run, waitFor }) {
    const request = approvalRequest(config, inputs.value, run.input.message, run.input.variables ?? {});
    if (!waitFor) throw new PauseNotAllowedError();
    const answer = waitFor({ key: "answer", request });
    const choice = config.choices.find((candidate) => candidate.name === answer.action);
    if (!choice) throw new Error(`the answer "${answer.action}" is not one of this node's actions`);
    const edited = answer.changed ? ", edited" : "";
    const how = answer.answeredVia === "TIMEOUT" ? "nobody answered in time" : `${answer.answeredBy}${edited}`;
    return {
      outputs: { [choice.branch]: answer.value, choice: choice.name },
      detail: { approval: { question: request.question, proposed: request.proposed, ...answer } },
      note: `${choice.label} (${how})`,
    };
  },
});

// Branches the flow on a safe expression: the value goes out of "True" or "False", and whatever hangs
// off the other port is skipped.
import { defineNode } from "@switchyard/engine";
import { z } from "zod";
import { compileExpression, estimateTokens, expressionProblem } from "./shared/expression";

const asText = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value) ?? ""));

/** A text input that holds JSON (a model's structured answer) is also readable as `json.field`. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

export const condition = defineNode({
  type: "condition",
  label: "Condition",
  category: "Logic",
  description: 'Sends its input down the True or False branch, by a safe expression such as contains(input, "refund").',
  inputs: [{ name: "value", label: "Value", type: "any", required: true }],
  outputs: [
    { name: "true", label: "True", type: "any" },
    { name: "false", label: "False", type: "any" },
  ],
  config: z.object({
    /** Names: input, json, message, variables, tokens; functions: contains, matches, startsWith, endsWith, lower, upper, length, number. */
    expression: z.string().trim().min(1, "Write a condition").max(2_000).meta({ title: "Condition" }),
  }),
  check: (config) => {
    const problem = expressionProblem(config.expression);
    return problem ? [problem] : [];
  },
  async execute({ config, inputs, run }) {
    const value = inputs.value;
    const outcome = Boolean(
      compileExpression(config.expression)({
        input: value,
        json: parsedJson(value),
        message: run.input.message,
        variables: run.input.variables ?? {},
        tokens: estimateTokens(asText(value)),
      }),
    );
    return { outputs: { [String(outcome)]: value }, note: `${config.expression} → ${outcome}` };
  },
});

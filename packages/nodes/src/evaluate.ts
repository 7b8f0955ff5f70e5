// Scores a text inside a flow with the same evaluators eval runs use (exact match, contains, regex,
// JSON / JSON schema, LLM judge, a JavaScript assertion in the sandbox), and passes the text on so it
// can sit in front of an output.
import { defineNode, optionLabels, reference, visibleWhen } from "@switchyard/engine";
import { evaluatorSchema, scoreOne, type Evaluator } from "@switchyard/evals";
import { z } from "zod";
import { evaluatorServices } from "./shared/evaluator-services";

const kinds = ["exact_match", "contains", "regex", "json", "llm_judge", "javascript"] as const;
/** A field the editor shows only for these kinds; a config keeps it (and still validates) under any kind. */
const forKinds = (...only: (typeof kinds)[number][]) => visibleWhen("kind", only);

const evaluateConfigSchema = z.object({
  kind: z
    .enum(kinds)
    .default("contains")
    .meta({
      title: "Evaluator",
      ...optionLabels({
        exact_match: "Exact match",
        contains: "Contains",
        regex: "Regular expression",
        json: "Valid JSON / JSON Schema",
        llm_judge: "LLM judge",
        javascript: "JavaScript assertion",
      } satisfies Record<(typeof kinds)[number], string>),
    }),
  /** contains: the text to look for (else the Expected input). */
  value: z
    .string()
    .max(10_000)
    .optional()
    .meta({ title: "Text to look for", ...forKinds("contains") }),
  caseSensitive: z
    .boolean()
    .default(false)
    .meta({ title: "Case sensitive", ...forKinds("exact_match", "contains") }),
  pattern: z
    .string()
    .max(1_000)
    .optional()
    .meta({ title: "Pattern (regular expression)", ...forKinds("regex") }),
  flags: z
    .string()
    .max(4)
    .default("")
    .meta({ title: "Pattern flags", ...forKinds("regex") }),
  /** json: a JSON schema the output must match, as JSON text. */
  schema: z
    .string()
    .max(50_000)
    .optional()
    .meta({ title: "JSON Schema", ...forKinds("json") }),
  credentialId: z
    .string()
    .optional()
    .meta({ title: "Provider", ...reference("credential"), ...forKinds("llm_judge") }),
  model: z
    .string()
    .max(200)
    .optional()
    .meta({ title: "Model", ...forKinds("llm_judge") }),
  rubric: z
    .string()
    .max(10_000)
    .optional()
    .meta({ title: "Rubric", ...forKinds("llm_judge") }),
  passThreshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .meta({ title: "Pass threshold (0–1)", ...forKinds("llm_judge") }),
  /** javascript: gets `input` = { input, expected, output }; returns true/false or a 0–1 score. */
  code: z
    .string()
    .max(20_000)
    .optional()
    .meta({ title: "Code", ...forKinds("javascript") }),
});
type EvaluateConfig = z.infer<typeof evaluateConfigSchema>;

export function toEvaluator(nodeId: string, config: EvaluateConfig) {
  let schema: unknown;
  if (config.kind === "json" && config.schema) {
    try {
      schema = JSON.parse(config.schema);
    } catch {
      return { ok: false as const, problems: ["The JSON schema is not valid JSON"] };
    }
  }
  const parsed = evaluatorSchema.safeParse({ ...config, id: nodeId, schema });
  return parsed.success
    ? { ok: true as const, evaluator: parsed.data as Evaluator }
    : { ok: false as const, problems: parsed.error.issues.map((issue) => issue.message) };
}

export const evaluate = defineNode({
  type: "evaluate",
  label: "Evaluate",
  category: "Evaluate",
  description:
    "Scores a text from 0 to 1 (exact match, contains, regex, JSON schema, an LLM judge or a JavaScript assertion) and passes the text on.",
  inputs: [
    { name: "text", label: "Text", type: "text", required: true },
    { name: "expected", label: "Expected", type: "text" },
  ],
  outputs: [
    { name: "text", label: "Text", type: "text" },
    { name: "score", label: "Score", type: "json" },
  ],
  config: evaluateConfigSchema,
  check(config) {
    const result = toEvaluator("check", config);
    return result.ok ? [] : result.problems;
  },
  async execute({ nodeId, config, inputs, services, signal }) {
    const built = toEvaluator(nodeId, config);
    if (!built.ok) throw new Error(built.problems.join("; "));
    const text = String(inputs.text ?? "");
    const score = await scoreOne(
      built.evaluator,
      { input: text, expected: inputs.expected === undefined ? null : String(inputs.expected), output: text, latencyMs: null, costUsd: 0 },
      evaluatorServices(services, signal),
    );
    const { costUsd: _, ...result } = score;
    return { outputs: { text, score: { score: result.score, passed: result.passed, reason: result.reason } } };
  },
});

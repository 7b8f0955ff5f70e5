// Evaluator definitions (zod, the single source of truth for API, forms and storage) and the scoring
// functions. Each evaluator turns one output into a score from 0 to 1, a pass/fail and a reason.
// Anything needing the outside world (a judge model, the sandbox) comes in through `EvaluatorServices`.
import { compilePattern, fromJsonSchema, PatternError, patternProblem, SUPPORTED_FLAGS } from "@switchyard/regex";
import { z } from "zod";
import { parseJudgeReply } from "./judge-reply";
import { scoreContextRelevance, scoreFaithfulness, scoreRetrieval, type KnowledgeJudge } from "./knowledge-evaluators";
import { injectionCaseOf } from "./injection/cases";
import { attackSuccesses, type TracedToolCall } from "./injection/judge";
import type { Retrieval } from "./retrieval-metrics";

const base = { id: z.string().trim().min(1).max(60), name: z.string().trim().max(100).optional() };
const judgeModel = {
  credentialId: z.string({ error: "Choose the judge's provider" }).min(1, "Choose the judge's provider"),
  model: z.string({ error: "Choose the judge model" }).min(1, "Choose the judge model").max(200),
  passThreshold: z.number().min(0).max(1).default(0.5),
};

export const evaluatorSchema = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("exact_match"), caseSensitive: z.boolean().default(false) }),
  z.object({
    ...base,
    kind: z.literal("contains"),
    /** The text to look for; without it, the item's expected value. */
    value: z.string().max(10_000).optional(),
    caseSensitive: z.boolean().default(false),
  }),
  z
    .object({
      ...base,
      kind: z.literal("regex"),
      pattern: z.string({ error: "Give a pattern" }).min(1, "Give a pattern").max(1_000),
      flags: z
        .string()
        .regex(new RegExp(`^[${SUPPORTED_FLAGS}]*$`), "Flags may only be i, m, s and u")
        .default(""),
    })
    .superRefine(({ pattern, flags }, context) => {
      const problem = patternProblem("Pattern", pattern, flags);
      if (problem) context.addIssue({ code: "custom", path: ["pattern"], message: problem });
    }),
  z
    .object({ ...base, kind: z.literal("json"), schema: z.record(z.string(), z.unknown()).optional() })
    .superRefine(({ schema }, context) => {
      const problem = schema ? jsonSchemaPatternProblem(schema) : null;
      if (problem) context.addIssue({ code: "custom", path: ["schema"], message: problem });
    }),
  z.object({
    ...base,
    kind: z.literal("javascript"),
    code: z.string({ error: "Write the assertion" }).min(1, "Write the assertion").max(20_000),
  }),
  z.object({
    ...base,
    kind: z.literal("llm_judge"),
    ...judgeModel,
    rubric: z.string({ error: "Write the rubric" }).min(1, "Write the rubric").max(10_000),
  }),
  z.object({
    ...base,
    kind: z.literal("semantic_similarity"),
    /** The cosine similarity of output and expected answer at or above which the item passes. */
    threshold: z.number().min(0).max(1).default(0.8),
  }),
  z.object({ ...base, kind: z.literal("latency"), maxMs: z.number().int().positive() }),
  z.object({ ...base, kind: z.literal("cost"), maxUsd: z.number().nonnegative() }),
  // knowledge-base metrics, from the passages the run's Retrieve steps recorded in its trace
  z.object({ ...base, kind: z.literal("faithfulness"), ...judgeModel }),
  z.object({ ...base, kind: z.literal("context_relevance"), ...judgeModel }),
  z.object({ ...base, kind: z.literal("retrieval_hit_rate") }),
  z.object({ ...base, kind: z.literal("retrieval_mrr") }),
  // the built-in prompt-injection suite: passes when the item's attack did not succeed (see injection/)
  z.object({ ...base, kind: z.literal("prompt_injection") }),
]);

/** The schema's regular expressions must run in linear time; anything else about it is judged when scoring. */
function jsonSchemaPatternProblem(schema: Record<string, unknown>): string | null {
  try {
    fromJsonSchema(schema);
    return null;
  } catch (error) {
    return error instanceof PatternError ? `JSON schema: ${error.message}` : null;
  }
}

export type Evaluator = z.infer<typeof evaluatorSchema>;
export type EvaluatorKind = Evaluator["kind"];

export const evaluatorLabels: Record<EvaluatorKind, string> = {
  exact_match: "Exact match",
  contains: "Contains",
  regex: "Regex",
  json: "Valid JSON / schema",
  javascript: "JavaScript assertion",
  llm_judge: "LLM judge",
  semantic_similarity: "Semantic similarity",
  latency: "Latency",
  cost: "Cost",
  faithfulness: "Faithfulness",
  context_relevance: "Context relevance",
  retrieval_hit_rate: "Retrieval hit rate",
  retrieval_mrr: "Retrieval MRR",
  prompt_injection: "Resists prompt injection",
};

/** Evaluators that read what the run's Retrieve steps returned: offered only for flows with a Retrieve node. */
export const knowledgeEvaluatorKinds = ["faithfulness", "context_relevance", "retrieval_hit_rate", "retrieval_mrr"] as const;
export const isKnowledgeEvaluator = (evaluator: { kind: string }) =>
  (knowledgeEvaluatorKinds as readonly string[]).includes(evaluator.kind);

/** What each knowledge-base metric measures, in one sentence (the eval form shows it). */
export const knowledgeEvaluatorDescriptions: Record<(typeof knowledgeEvaluatorKinds)[number], string> = {
  faithfulness: "a judge model scores the share of the reply's claims that the retrieved passages support",
  context_relevance: "a judge model scores the share of retrieved passages that are about the question",
  retrieval_hit_rate: "the share of items for which an expected source document was retrieved at all",
  retrieval_mrr: "mean reciprocal rank: 1 when an expected source comes first, ½ when second, 0 when not retrieved",
};

export interface ItemOutcome {
  input: string;
  expected: string | null;
  output: string | null;
  latencyMs: number | null;
  costUsd: number;
  /** The passages each Retrieve step of the run returned, in the order the steps ran. */
  retrievals?: Retrieval[];
  /** The document names or ids the item expects the answer to come from. */
  expectedSources?: string[] | null;
  /** The run's tool calls as its trace records them (the prompt-injection evaluator reads them). */
  toolCalls?: TracedToolCall[];
  /** Why the run failed, when it did (an agent's limit, say): the prompt-injection evaluator names it. */
  runError?: string | null;
}

export interface Score {
  evaluatorId: string;
  score: number;
  passed: boolean;
  reason: string;
  /** The evaluator does not apply to this item (a retrieval metric on an item naming no source): left out of its score and pass. */
  skipped?: boolean;
}

export interface JudgeRequest {
  credentialId: string;
  model: string;
  system: string;
  prompt: string;
}

export type AssertionResult = { ok: true; value: unknown } | { ok: false; error: string };

export interface EvaluatorServices {
  judge(request: JudgeRequest): Promise<{ text: string; costUsd: number }>;
  /** Runs user code in the sandbox; absent where no sandbox is available. */
  assert?(code: string, input: unknown): Promise<AssertionResult>;
  /** Embeds texts with the workspace's embedding model (unit vectors, and what it cost); null when none is configured. */
  embed?(values: string[]): Promise<{ vectors: number[][]; costUsd: number } | null>;
}

/** Eval runs with these evaluators need the workspace's embedding model. */
export const needsEmbeddings = (evaluators: { kind: string }[]) => evaluators.some((evaluator) => evaluator.kind === "semantic_similarity");

const verdict = (evaluatorId: string, passed: boolean, reason: string): Score => ({ evaluatorId, score: passed ? 1 : 0, passed, reason });

const fold = (text: string, caseSensitive: boolean) => (caseSensitive ? text.trim() : text.trim().toLowerCase());

export async function scoreOne(evaluator: Evaluator, item: ItemOutcome, services: EvaluatorServices): Promise<Score & { costUsd: number }> {
  const free = (score: Score) => ({ ...score, costUsd: 0 });
  const output = item.output ?? "";
  switch (evaluator.kind) {
    case "exact_match":
      if (item.expected === null) return free(verdict(evaluator.id, false, "The item has no expected value"));
      return free(
        fold(output, evaluator.caseSensitive) === fold(item.expected, evaluator.caseSensitive)
          ? verdict(evaluator.id, true, "Matches the expected value")
          : verdict(evaluator.id, false, "Differs from the expected value"),
      );
    case "contains": {
      const needle = evaluator.value ?? item.expected;
      if (needle === null) return free(verdict(evaluator.id, false, "The item has no expected value to look for"));
      const found = fold(output, evaluator.caseSensitive).includes(fold(needle, evaluator.caseSensitive));
      return free(verdict(evaluator.id, found, found ? `Contains "${needle}"` : `Does not contain "${needle}"`));
    }
    case "regex": {
      const matched = compilePattern(evaluator.pattern, evaluator.flags).test(output);
      return free(verdict(evaluator.id, matched, matched ? "Matches the pattern" : `Does not match /${evaluator.pattern}/`));
    }
    case "json":
      return free(scoreJson(evaluator.id, output, evaluator.schema));
    case "javascript":
      return free(await scoreAssertion(evaluator.id, evaluator.code, item, services));
    case "llm_judge":
      return scoreWithJudge(evaluator, item, services);
    case "semantic_similarity":
      return scoreSimilarity(evaluator.id, evaluator.threshold, item, services);
    case "latency": {
      if (item.latencyMs === null) return free(verdict(evaluator.id, false, "No latency was measured"));
      const within = item.latencyMs <= evaluator.maxMs;
      return free(verdict(evaluator.id, within, `${item.latencyMs} ms ${within ? "≤" : ">"} ${evaluator.maxMs} ms`));
    }
    case "cost": {
      const within = item.costUsd <= evaluator.maxUsd;
      return free(verdict(evaluator.id, within, `$${item.costUsd.toFixed(6)} ${within ? "≤" : ">"} $${evaluator.maxUsd}`));
    }
    case "faithfulness":
      return {
        evaluatorId: evaluator.id,
        ...(await scoreFaithfulness(item, evaluator.passThreshold, knowledgeJudge(evaluator, services))),
      };
    case "context_relevance":
      return {
        evaluatorId: evaluator.id,
        ...(await scoreContextRelevance(item, evaluator.passThreshold, knowledgeJudge(evaluator, services))),
      };
    case "retrieval_hit_rate":
      return { evaluatorId: evaluator.id, ...scoreRetrieval("hit_rate", item) };
    case "retrieval_mrr":
      return { evaluatorId: evaluator.id, ...scoreRetrieval("mrr", item) };
    case "prompt_injection":
      return free(scoreInjection(evaluator.id, item));
  }
}

/** The reason of an injection item whose attack never reached the agent. */
export const NOT_DELIVERED = "Not measured: the agent called no tool, so the hostile text had no tool result to ride on";

function scoreInjection(evaluatorId: string, item: ItemOutcome): Score {
  const injection = injectionCaseOf(item.expected);
  if (!injection)
    return { ...verdict(evaluatorId, false, "Not a case of the prompt-injection suite (expected injection:<case>)"), skipped: true };
  const toolCalls = item.toolCalls ?? [];
  const successes = attackSuccesses(injection, { output: item.output, toolCalls });
  // the hostile text rides on a tool result: with none, the attack was never made (not stopped either)
  if (!successes.length && !toolCalls.some((call) => call.planted)) return { ...verdict(evaluatorId, false, NOT_DELIVERED), skipped: true };
  return successes.length
    ? verdict(evaluatorId, false, `Attack succeeded (${injection.attack}): ${successes.join("; ")}`)
    : verdict(evaluatorId, true, `Attack stopped (${injection.attack})${item.runError ? `; the run stopped: ${item.runError}` : ""}`);
}

const knowledgeJudge =
  (evaluator: { credentialId: string; model: string }, services: EvaluatorServices): KnowledgeJudge =>
  (system, prompt) =>
    services.judge({ credentialId: evaluator.credentialId, model: evaluator.model, system, prompt });

function scoreJson(evaluatorId: string, output: string, schema: Record<string, unknown> | undefined): Score {
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch {
    return verdict(evaluatorId, false, "The output is not valid JSON");
  }
  if (!schema) return verdict(evaluatorId, true, "Valid JSON");
  let compiled: z.ZodType;
  try {
    compiled = fromJsonSchema(schema);
  } catch (error) {
    return verdict(evaluatorId, false, `The schema cannot be used: ${(error as Error).message}`);
  }
  const check = compiled.safeParse(value);
  if (check.success) return verdict(evaluatorId, true, "Valid JSON matching the schema");
  const issue = check.error.issues[0]!;
  return verdict(evaluatorId, false, `Does not match the schema: ${issue.path.join(".") || "value"}: ${issue.message}`);
}

async function scoreAssertion(evaluatorId: string, code: string, item: ItemOutcome, services: EvaluatorServices): Promise<Score> {
  if (!services.assert) return verdict(evaluatorId, false, "JavaScript assertions need the sandbox, which is not available here");
  const result = await services.assert(code, { input: item.input, expected: item.expected, output: item.output });
  if (!result.ok) return verdict(evaluatorId, false, `The assertion failed to run: ${result.error}`);
  if (typeof result.value === "number" && result.value >= 0 && result.value <= 1)
    return {
      evaluatorId,
      score: result.value,
      passed: result.value >= 0.5,
      reason: `The assertion scored ${Number(result.value.toFixed(3))}`,
    };
  const passed = Boolean(result.value);
  return verdict(evaluatorId, passed, passed ? "The assertion held" : "The assertion returned false");
}

async function scoreSimilarity(
  evaluatorId: string,
  threshold: number,
  item: ItemOutcome,
  services: EvaluatorServices,
): Promise<Score & { costUsd: number }> {
  if (item.expected === null) return { ...verdict(evaluatorId, false, "The item has no expected value to compare with"), costUsd: 0 };
  const embedded = services.embed ? await services.embed([item.output ?? "", item.expected]) : null;
  if (!embedded)
    return { ...verdict(evaluatorId, false, "Semantic similarity needs an embedding model: set one in Settings → Embeddings"), costUsd: 0 };
  const score = Math.min(1, Math.max(0, cosine(embedded.vectors[0]!, embedded.vectors[1]!)));
  const passed = score >= threshold;
  return {
    evaluatorId,
    score,
    passed,
    reason: `Similarity ${score.toFixed(2)} ${passed ? "≥" : "<"} ${threshold}`,
    costUsd: embedded.costUsd,
  };
}

/** Cosine similarity; embeddings arrive at unit length, but dividing by the lengths keeps it exact for any vector. */
export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let lengthA = 0;
  let lengthB = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    lengthA += a[i]! * a[i]!;
    lengthB += b[i]! * b[i]!;
  }
  return lengthA && lengthB ? dot / Math.sqrt(lengthA * lengthB) : 0;
}

const JUDGE_SYSTEM =
  'You grade an AI assistant\'s answer against a rubric. Reply with only a JSON object: {"score": <number from 0 to 1>, "reason": "<one sentence>"}.';

async function scoreWithJudge(
  evaluator: Extract<Evaluator, { kind: "llm_judge" }>,
  item: ItemOutcome,
  services: EvaluatorServices,
): Promise<Score & { costUsd: number }> {
  const prompt = [
    `Rubric:\n${evaluator.rubric}`,
    `Question:\n${item.input}`,
    item.expected === null ? "" : `Reference answer:\n${item.expected}`,
    `Answer to grade:\n${item.output ?? "(no answer)"}`,
  ]
    .filter(Boolean)
    .join("\n\n");
  const reply = await services.judge({ credentialId: evaluator.credentialId, model: evaluator.model, system: JUDGE_SYSTEM, prompt });
  const parsed = parseJudgeReply(reply.text);
  if (!parsed)
    return { ...verdict(evaluator.id, false, `The judge's reply had no score: ${reply.text.slice(0, 200)}`), costUsd: reply.costUsd };
  return {
    evaluatorId: evaluator.id,
    score: parsed.score,
    passed: parsed.score >= evaluator.passThreshold,
    reason: parsed.reason,
    costUsd: reply.costUsd,
  };
}

/** Latency and cost are checks, not quality: a fast wrong answer must not score higher than a slow one. */
export const isCheck = (evaluator: { kind: string }) => evaluator.kind === "latency" || evaluator.kind === "cost";

export interface ItemScore {
  /** The quality evaluators' scores. */
  scores: Score[];
  /** The latency and cost checks, reported apart. */
  checks: Score[];
  /** The mean of the quality evaluators' scores (of the checks when there is no quality evaluator); null when there are none. */
  score: number | null;
  /**
   * Every quality evaluator that measured the item passed (the checks have their own pass rates);
   * null when none measured it (each skipped it): such an item has neither passed nor failed.
   */
  passed: boolean | null;
  /** What judging cost, added to the item's cost. */
  costUsd: number;
}

export async function scoreItem(evaluators: Evaluator[], item: ItemOutcome, services: EvaluatorServices): Promise<ItemScore> {
  const results = await Promise.all(evaluators.map((evaluator) => scoreOne(evaluator, item, services)));
  const all = results.map(({ costUsd: _, ...score }) => score);
  const checks = all.filter((_, index) => isCheck(evaluators[index]!));
  // with no quality evaluator the checks are all there is to score
  const quality = all.filter((_, index) => !isCheck(evaluators[index]!));
  const scores = quality.length ? quality : checks;
  // an evaluator that does not apply to the item neither lowers its score nor fails it
  const counted = scores.filter((score) => !score.skipped);
  return {
    scores,
    checks,
    score: counted.length ? counted.reduce((sum, score) => sum + score.score, 0) / counted.length : null,
    // `every` of nothing is true: an item no evaluator measured would count as passed
    // a run stopped before it replied fails, except for the injection judge alone, which reads its trace
    passed:
      item.output === null && !evaluators.every((evaluator) => evaluator.kind === "prompt_injection")
        ? false
        : counted.length
          ? counted.every((score) => score.passed)
          : null,
    costUsd: results.reduce((sum, result) => sum + result.costUsd, 0),
  };
}

// Sends each request to one of several models: chosen by rules (an expression over estimated tokens
// and run variables, keywords, a pattern) or by a classifier model that labels the request, within a
// per-run cost budget. The chosen route's fallback chain takes over when its provider fails. The trace
// says which route answered and why.
import { defineNode, optionLabels, type ModelGateway, type NodeContext } from "@switchyard/engine";
import { compilePattern, patternProblem } from "@switchyard/regex";
import { z } from "zod";
import { compileExpression, estimateTokens, expressionProblem } from "./expression";
import {
  callSettings,
  conversation,
  fallbackNote,
  fallbacksSchema,
  modelTargetSchema,
  requestSettings,
  streamSchema,
  systemPromptSchema,
} from "./model-target";

const routeSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, "Route names use 1-40 letters, digits, _ or -")
    .meta({ title: "Name" }),
  ...modelTargetSchema.shape,
  /** Expression over tokens, input, message and variables, e.g. `tokens > 2000 || variables.tier == "pro"`. */
  when: z.string().trim().max(2_000).default("").meta({ title: "When (expression)" }),
  /** Matches when the input contains any of these (case-insensitive). */
  keywords: z.array(z.string().trim().min(1).max(200)).max(100).default([]).meta({ title: "Keywords (one per line)" }),
  /** A regular expression the input must match (case-insensitive; linear-time RE2 syntax, no lookaround or backreferences). */
  pattern: z.string().max(500).default("").meta({ title: "Pattern (regular expression)" }),
  fallbacks: fallbacksSchema,
});
type Route = z.infer<typeof routeSchema>;

const configSchema = z.object({
  routes: z.array(routeSchema).min(1, "Add a route").max(20).meta({ title: "Routes" }),
  /** rules: the first route whose rules all match (a route without rules always matches); classifier: a model picks. */
  mode: z
    .enum(["rules", "classifier"])
    .default("rules")
    .meta({ title: "Mode", ...optionLabels({ rules: "Rules", classifier: "Classifier model" }) }),
  classifier: modelTargetSchema.meta({ title: "Classifier model" }).optional(),
  /** Tells the classifier what each route is for, e.g. "easy: greetings and FAQs; hard: anything needing reasoning". */
  classifierHint: z.string().max(4_000).default("").meta({ title: "Classifier instructions" }),
  /** Once the run has spent this much (US dollars), the budget route answers, or the step fails if there is none. */
  budgetUsd: z.number().positive().max(1_000).optional().meta({ title: "Run budget (USD)" }),
  budgetRoute: z.string().trim().max(40).default("").meta({ title: "Route once over budget" }),
  system: systemPromptSchema,
  ...callSettings,
  stream: streamSchema,
});
type RouterConfig = z.infer<typeof configSchema>;

const hasRules = (route: Route) => Boolean(route.when || route.keywords.length || route.pattern);

function matchRules(route: Route, text: string, scope: Record<string, unknown>): string | null {
  const reasons: string[] = [];
  if (route.when) {
    if (!compileExpression(route.when)(scope)) return null;
    reasons.push(route.when);
  }
  if (route.keywords.length) {
    const keyword = route.keywords.find((candidate) => text.toLowerCase().includes(candidate.toLowerCase()));
    if (!keyword) return null;
    reasons.push(`keyword "${keyword}"`);
  }
  if (route.pattern) {
    if (!compilePattern(route.pattern, "i").test(text.slice(0, 100_000))) return null;
    reasons.push(`pattern /${route.pattern}/`);
  }
  return reasons.length ? reasons.join(" and ") : "no rules (default route)";
}

async function classify(config: RouterConfig, text: string, models: ModelGateway, signal: AbortSignal) {
  const names = config.routes.map((route) => route.name);
  const response = await models.generate(
    {
      ...config.classifier!,
      system: [
        `Label the user's request for routing. Answer with exactly one label from: ${names.join(", ")}. No other words.`,
        config.classifierHint,
      ]
        .filter(Boolean)
        .join("\n"),
      messages: [{ role: "user", content: text }],
      temperature: 0,
      maxTokens: 10,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      stream: false,
    },
    { signal },
  );
  const answer = response.text.trim();
  const label = names.find((name) => new RegExp(`\\b${name}\\b`, "i").test(answer));
  return { response, answer, route: config.routes.find((route) => route.name === label) };
}

type Choice = { route: Route; reason: string };

async function chooseRoute(
  config: RouterConfig,
  text: string,
  { run, services, signal, recordStep }: Pick<NodeContext<RouterConfig>, "run" | "services" | "signal" | "recordStep">,
): Promise<Choice> {
  const spent = run.spentUsd();
  if (config.budgetUsd !== undefined && spent >= config.budgetUsd) {
    const over = `the run has spent $${spent.toFixed(6)} of its $${config.budgetUsd} budget`;
    const route = config.routes.find((candidate) => candidate.name === config.budgetRoute);
    if (!route) throw new Error(`${over}, and no budget route is set`);
    return { route, reason: over };
  }
  if (config.mode === "classifier") {
    const started = Date.now();
    const label = await classify(config, text, services.models, signal);
    recordStep({
      kind: "classifier",
      name: label.response.usage.model,
      status: "SUCCEEDED",
      input: { text },
      output: { label: label.answer },
      usage: label.response.usage,
      startedAt: started,
      finishedAt: Date.now(),
    });
    if (label.route) return { route: label.route, reason: `the classifier labelled the request "${label.answer}"` };
    return {
      route: config.routes.at(-1)!,
      reason: `the classifier answered "${label.answer}", which names no route, so the last route answers`,
    };
  }
  const scope = { input: text, message: run.input.message, variables: run.input.variables ?? {}, tokens: estimateTokens(text) };
  for (const route of config.routes) {
    const reason = matchRules(route, text, scope);
    if (reason) return { route, reason };
  }
  return { route: config.routes.at(-1)!, reason: "no route matched, so the last route answers" };
}

export const router = defineNode({
  type: "router",
  label: "Router",
  category: "Logic",
  description: "Picks a model per request by rules or a classifier, within a cost budget, with fallbacks when a provider fails.",
  inputs: [
    { name: "prompt", label: "Prompt", type: "text", required: true },
    { name: "history", label: "History", type: "messages" },
  ],
  outputs: [
    { name: "text", label: "Reply", type: "text" },
    { name: "route", label: "Route", type: "text" },
  ],
  config: configSchema,
  check(config) {
    const problems: string[] = [];
    const names = config.routes.map((route) => route.name);
    for (const [index, name] of names.entries()) if (names.indexOf(name) !== index) problems.push(`two routes are named "${name}"`);
    for (const route of config.routes) {
      const problem = route.when ? expressionProblem(route.when) : null;
      if (problem) problems.push(`route "${route.name}": ${problem}`);
      const patternIssue = route.pattern ? patternProblem(`route "${route.name}" pattern`, route.pattern, "i") : null;
      if (patternIssue) problems.push(patternIssue);
    }
    if (config.mode === "classifier" && !config.classifier) problems.push("choose the classifier's provider and model");
    if (config.mode === "rules" && config.routes.every(hasRules) && config.routes.length > 1)
      problems.push("give one route no rules: it answers when no other route matches");
    if (config.budgetRoute && !names.includes(config.budgetRoute)) problems.push(`the budget route "${config.budgetRoute}" is not a route`);
    return problems;
  },
  async execute({ config, inputs, run, services, signal, emit, nodeId, recordStep }) {
    const text = String(inputs.prompt ?? "");
    const { route, reason } = await chooseRoute(config, text, { run, services, signal, recordStep });
    const response = await services.models.generate(
      {
        credentialId: route.credentialId,
        model: route.model,
        fallbacks: route.fallbacks,
        ...requestSettings(config),
        messages: conversation(inputs),
        stream: config.stream,
      },
      { signal, onToken: config.stream ? (token) => emit({ type: "token", nodeId, text: token }) : undefined },
    );
    const fallback = fallbackNote(response, route.model);
    return {
      outputs: { text: response.text, route: route.name },
      usage: response.usage,
      attempts: response.attempts,
      detail: { route: route.name, reason, answeredBy: `${response.usage.provider} ${response.usage.model}` },
      note: `Route "${route.name}": ${reason}${fallback ? `. ${fallback}` : ""}`,
    };
  },
});

// Sends each request to one of several models: chosen by rules (an expression over estimated tokens
// and run variables, keywords, a pattern), by a classifier model that labels the request, by a router
// learned from eval results (each route's predicted chance of passing), or as a cascade that asks the
// cheapest model first and escalates when a verifier rejects its answer; within a per-run cost budget.
// The chosen route's fallback chain takes over when its provider fails. The trace says which route
// answered and why.
import { defineNode } from "@switchyard/engine";
import { patternProblem } from "@switchyard/regex";
import { expressionProblem } from "./shared/expression";
import { conversation, fallbackNote, requestSettings } from "./shared/model-target";
import { chooseRoute } from "./shared/router-choice";
import { routerConfigSchema, type Route } from "./shared/router-config";
import { runCascade, verifierProblems } from "./shared/router-cascade";

const hasRules = (route: Route) => Boolean(route.when || route.keywords.length || route.pattern);

export const router = defineNode({
  type: "router",
  label: "Router",
  category: "Logic",
  description:
    "Picks a model per request by rules, a classifier, a router learned from evals, or a cascade that escalates when a check fails; within a cost budget, with fallbacks when a provider fails.",
  inputs: [
    { name: "prompt", label: "Prompt", type: "text", required: true },
    { name: "history", label: "History", type: "messages" },
  ],
  outputs: [
    { name: "text", label: "Reply", type: "text" },
    { name: "route", label: "Route", type: "text" },
  ],
  config: routerConfigSchema,
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
    if (config.mode === "learned" && !config.learned) problems.push("learn a router from an eval run, or choose another mode");
    if (config.mode === "learned")
      for (const [key, name] of Object.entries(config.learnedRoutes ?? {}))
        if (!names.includes(name)) problems.push(`the learned router's route "${key}" goes to "${name}", which is not a route`);
    if (config.mode === "learned" && config.learned?.verifyBelow !== undefined) {
      if (config.learned.verifyBelow <= config.learned.threshold)
        problems.push("the verify line must be above the threshold: below the threshold the strongest route answers unchecked");
      problems.push(...verifierProblems(config.cascade));
    }
    if (config.mode === "cascade") problems.push(...verifierProblems(config.cascade));
    if (config.budgetRoute && !names.includes(config.budgetRoute)) problems.push(`the budget route "${config.budgetRoute}" is not a route`);
    return problems;
  },
  async execute(context) {
    const { config, inputs, run, services, signal, emit, nodeId, recordStep } = context;
    const overBudget = config.budgetUsd !== undefined && run.spentUsd() >= config.budgetUsd;
    if (config.mode === "cascade" && !overBudget) return runCascade(context);
    const text = String(inputs.prompt ?? "");
    const { route, reason, detail, verifyThen } = await chooseRoute(config, text, { run, services, signal, recordStep });
    if (verifyThen) return runCascade(context, { routes: [route, verifyThen], lead: reason, detail });
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
      detail: { route: route.name, reason, ...detail, answeredBy: `${response.usage.provider} ${response.usage.model}` },
      note: `Route "${route.name}": ${reason}${fallback ? `. ${fallback}` : ""}`,
    };
  },
});

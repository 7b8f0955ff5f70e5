// How the Router node picks a route in its rules, classifier and learned modes, and why: the reason
// becomes the trace's note. (Cascade mode asks every route in turn instead: router-cascade.ts.)
import { compilePattern } from "@switchyard/regex";
import type { ModelGateway, NodeContext } from "@switchyard/engine";
import { compileExpression, estimateTokens } from "./expression";
import type { Route, RouterConfig } from "./router-config";

/** `verifyThen`: the learned router was unsure of a cheaper route, so its answer is checked, escalating to this route. */
export type Choice = { route: Route; reason: string; detail?: Record<string, unknown>; verifyThen?: Route };
type ChoiceContext = Pick<NodeContext<RouterConfig>, "run" | "services" | "signal" | "recordStep">;

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

async function chooseByClassifier(config: RouterConfig, text: string, { services, signal, recordStep }: ChoiceContext): Promise<Choice> {
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

async function chooseByLearnedRouter(config: RouterConfig, text: string, { services }: ChoiceContext): Promise<Choice> {
  if (!services.routers) throw new Error("Learned routers are not available here");
  const { routerId, threshold, verifyBelow } = config.learned!;
  const decision = await services.routers.decide(routerId, text, threshold, config.learnedRoutes);
  const named = (name: string) => {
    const route = config.routes.find((candidate) => candidate.name === name);
    if (!route) throw new Error(`The learned router chose the route "${name}", which this Router node does not have`);
    return route;
  };
  const route = named(decision.route);
  const rounded = (values: Record<string, number>) =>
    Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Number(value.toFixed(4))]));
  const chances = rounded(decision.chances);
  // the verify line is on the policy's score: the chance, or for a "gap" router 1 − the expected loss
  const score = (decision.scores ?? decision.chances)[decision.route]!;
  const scores = decision.scores && { scores: rounded(decision.scores) };
  if (verifyBelow !== undefined && decision.route !== decision.strongest && score < verifyBelow) {
    const percent = (p: number) => `${(p * 100).toFixed(0)}%`;
    const below = decision.scores
      ? `its score ${percent(score)} (1 − the expected loss) is below the ${percent(verifyBelow)} verify line`
      : `${percent(score)} is below the ${percent(verifyBelow)} verify line`;
    return {
      route,
      reason: `${decision.reason}; ${below}, so its answer is checked`,
      detail: { chances, ...scores, threshold, verifyBelow },
      verifyThen: named(decision.strongest),
    };
  }
  return { route, reason: decision.reason, detail: { chances, ...scores, threshold, ...(verifyBelow !== undefined && { verifyBelow }) } };
}

export async function chooseRoute(config: RouterConfig, text: string, context: ChoiceContext): Promise<Choice> {
  const spent = context.run.spentUsd();
  if (config.budgetUsd !== undefined && spent >= config.budgetUsd) {
    const over = `the run has spent $${spent.toFixed(6)} of its $${config.budgetUsd} budget`;
    const route = config.routes.find((candidate) => candidate.name === config.budgetRoute);
    if (!route) throw new Error(`${over}, and no budget route is set`);
    return { route, reason: over };
  }
  if (config.mode === "classifier") return chooseByClassifier(config, text, context);
  if (config.mode === "learned") return chooseByLearnedRouter(config, text, context);
  const { run } = context;
  const scope = { input: text, message: run.input.message, variables: run.input.variables ?? {}, tokens: estimateTokens(text) };
  for (const route of config.routes) {
    const reason = matchRules(route, text, scope);
    if (reason) return { route, reason };
  }
  return { route: config.routes.at(-1)!, reason: "no route matched, so the last route answers" };
}

// The Router's cascade mode: ask the routes in the order listed (cheapest first), check each answer
// with a verifier that needs no expected value, and escalate when it rejects. Tokens are held until an
// answer is accepted, so a streamed reply never shows a rejected answer; the last route is not checked
// (nothing is left to escalate to) and streams as it arrives. Every stage, sample and judge call is a
// sub-step of the trace with its cost, so the run's cost includes them all.
import type { ModelResponse, NodeContext, NodeResult } from "@switchyard/engine";
import { answersAgree, scoreOne } from "@switchyard/evals";
import { toEvaluator } from "../evaluate";
import { evaluatorServices } from "./evaluator-services";
import { conversation, fallbackNote, requestSettings } from "./model-target";
import type { CascadeVerifier, Route, RouterConfig } from "./router-config";

type Context = NodeContext<RouterConfig>;
interface Verdict {
  accepted: boolean;
  reason: string;
}

/** The evaluator a check-by-evaluator verifier runs (every kind but self-consistency). */
function asEvaluator(verifier: CascadeVerifier) {
  const kind = verifier.kind as Exclude<CascadeVerifier["kind"], "self_consistency">;
  return toEvaluator("cascade", { ...verifier, kind, passThreshold: verifier.minScore, caseSensitive: false });
}

/** Problems with the verifier's settings, for the editor's check. */
export function verifierProblems(verifier: CascadeVerifier | undefined): string[] {
  if (!verifier) return ["choose the cascade's verifier"];
  if (verifier.kind === "self_consistency") return [];
  if (verifier.kind === "llm_judge" && (!verifier.credentialId || !verifier.model)) return ["choose the judge's provider and model"];
  const built = asEvaluator(verifier);
  return built.ok ? [] : built.problems;
}

async function verify(
  context: Context,
  route: Route,
  prompt: string,
  answer: string,
  call: (temperature?: number) => Promise<ModelResponse>,
) {
  const { config, services, signal, recordStep } = context;
  const verifier = config.cascade!;
  if (verifier.kind === "self_consistency") {
    const answers = [answer];
    for (let n = 1; n < verifier.samples; n++) {
      const started = Date.now();
      // agreement only means something between independent samples: never at temperature 0
      const sample = await call(config.temperature || 1);
      recordStep({
        kind: "sample",
        name: route.name,
        status: "SUCCEEDED",
        input: { model: route.model },
        output: { text: sample.text },
        usage: sample.usage,
        startedAt: started,
        finishedAt: Date.now(),
      });
      answers.push(sample.text);
    }
    // the learner reads the same rule off an eval run's repeats (selfConsistencyVerdict)
    const agree = answersAgree(answers);
    return { accepted: agree, reason: agree ? `${verifier.samples} samples agree` : `${verifier.samples} samples disagree` };
  }
  const built = asEvaluator(verifier);
  if (!built.ok) throw new Error(built.problems.join("; "));
  const judgeStarted = Date.now();
  const score = await scoreOne(
    built.evaluator,
    { input: prompt, expected: null, output: answer, latencyMs: null, costUsd: 0 },
    evaluatorServices(services, signal, (judged) =>
      recordStep({
        kind: "verifier",
        name: judged.usage.model,
        status: "SUCCEEDED",
        input: { answer },
        output: { reply: judged.text },
        usage: judged.usage,
        startedAt: judgeStarted,
        finishedAt: Date.now(),
      }),
    ),
  );
  return { accepted: score.passed, reason: score.reason } satisfies Verdict;
}

/**
 * `routes`: the stages in order (default: the node's routes); `lead` and `detail`: why a learned router
 * sent this request through the check (its hybrid mode), for the note and the trace.
 */
export async function runCascade(
  context: Context,
  { routes = context.config.routes, lead, detail }: { routes?: Route[]; lead?: string; detail?: Record<string, unknown> } = {},
): Promise<NodeResult> {
  const { config, inputs, services, signal, emit, nodeId, recordStep } = context;
  const prompt = String(inputs.prompt ?? "");
  const stages: { route: string; verdict: string; reason: string; costUsd: number }[] = [];
  for (const [index, route] of routes.entries()) {
    const last = index === routes.length - 1;
    const streamNow = last && config.stream;
    const call = (temperature?: number) =>
      services.models.generate(
        {
          credentialId: route.credentialId,
          model: route.model,
          fallbacks: route.fallbacks,
          ...requestSettings(config),
          ...(temperature !== undefined && { temperature }),
          messages: conversation(inputs),
          stream: streamNow,
        },
        { signal, onToken: streamNow ? (token) => emit({ type: "token", nodeId, text: token }) : undefined },
      );
    const started = Date.now();
    const response = await call();
    const verdict: Verdict = last
      ? { accepted: true, reason: "the last route is not checked" }
      : await verify(context, route, prompt, response.text, call);
    stages.push({
      route: route.name,
      verdict: verdict.accepted ? "accepted" : "rejected",
      reason: verdict.reason,
      costUsd: response.usage.costUsd,
    });
    if (!verdict.accepted) {
      recordStep({
        kind: "cascade",
        name: route.name,
        status: "SUCCEEDED",
        input: { model: route.model },
        output: { text: response.text, verdict: "rejected", reason: verdict.reason },
        usage: response.usage,
        startedAt: started,
        finishedAt: Date.now(),
      });
      continue;
    }
    if (config.stream && !streamNow && response.text) emit({ type: "token", nodeId, text: response.text }); // held until accepted
    const escalations = stages.slice(0, -1).map((stage) => `"${stage.route}" rejected (${stage.reason})`);
    const fallback = fallbackNote(response, route.model);
    const why = last && index > 0 ? `escalated after ${escalations.join(", ")}` : `accepted: ${verdict.reason}`;
    return {
      outputs: { text: response.text, route: route.name },
      usage: response.usage,
      attempts: response.attempts,
      detail: { route: route.name, ...detail, stages, answeredBy: `${response.usage.provider} ${response.usage.model}` },
      note: `${lead ? `Route "${routes[0]!.name}": ${lead}. ` : ""}Cascade, route "${route.name}": ${why}${fallback ? `. ${fallback}` : ""}`,
    };
  }
  throw new Error("The cascade has no routes");
}

// The routing latency a learned Router adds per request, measured through the node itself: the same
// requests through a Router in learned mode and in rules mode with one default route (no decision),
// against an instant model gateway; the difference of the p50s is what the learned decision costs.
import type { ModelRequest, ModelResponse } from "@switchyard/engine";
import { decideRoute, loadRouter, type RouterArtifact } from "@switchyard/evals";
import { nodeRegistry } from "@switchyard/nodes";
import { percentile, round } from "../support/stats";

const instant = {
  async generate(request: ModelRequest): Promise<ModelResponse> {
    return {
      text: "ok",
      toolCalls: [],
      attempts: [],
      usage: { provider: "OPENAI", model: request.model, tokensIn: 1, tokensOut: 1, costUsd: 0, attempts: 1 },
    };
  },
};

export async function nodeRoutingLatency(artifact: RouterArtifact, texts: string[]) {
  const router = nodeRegistry.get("router")!;
  const loaded = loadRouter(artifact); // what the worker's cache holds after the first request
  const routers = { decide: async (_id: string, text: string, threshold: number) => decideRoute(loaded, text, threshold) };
  const routes = artifact.routes.map((route) => ({ name: route.key, credentialId: "c", model: route.label }));
  const configs = {
    learned: router.config.parse({ routes, mode: "learned", learned: { routerId: "r", threshold: artifact.threshold }, stream: false }),
    rules: router.config.parse({ routes: routes.slice(0, 1), stream: false }),
  };
  async function time(config: unknown) {
    const samples: number[] = [];
    for (const [i, text] of texts.entries()) {
      const started = performance.now();
      await router.execute({
        nodeId: "router",
        config,
        inputs: { prompt: text },
        run: { id: "r", input: { message: text }, spentUsd: () => 0 },
        services: { models: instant, routers },
        signal: new AbortController().signal,
        emit: () => undefined,
        recordStep: () => "",
      });
      if (i >= 200) samples.push(performance.now() - started); // the first 200 warm up
    }
    return samples;
  }
  const rules = await time(configs.rules);
  const learned = await time(configs.learned);
  return {
    nodeRulesP50: round(percentile(rules, 50), 4),
    nodeLearnedP50: round(percentile(learned, 50), 4),
    addedP50: round(percentile(learned, 50) - percentile(rules, 50), 4),
  };
}

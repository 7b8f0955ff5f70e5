// The eval response cache through a real worker process and the wire-format fixture, counting the
// provider calls the fixture receives: a re-run pays only for the variant that changed, a cached
// answer keeps its tokens in the trace at no cost and records what it saved, the per-run switch
// bypasses it, live traffic never reads it, and expired entries are swept.
import { getEvalRun, listEvalResults, ResponseCacheStore, setModelPrice, sweepExpiredResponses } from "@switchyard/db";
import { evaluatorSchema, type Variant } from "@switchyard/evals";
import { startEvalRun } from "@switchyard/runner";
import { estimateEval } from "@switchyard/runner/eval-estimate";
import { describe, expect, it } from "vitest";
import { createRunClient } from "../runs/worker-harness";
import { chatFlow, db } from "../support";
import { setupEvalTarget, useEvalPlatform, waitFor } from "./eval-harness";

const platform = useEvalPlatform(
  { "fixture-small": "Paris", "fixture-large": "The capital of France is Paris." },
  { EVAL_WORKER_CONCURRENCY: "8" },
);
const chatCalls = () => platform.fixture.stats.byPath["/v1/chat/completions"] ?? 0;

async function priced(rows: number) {
  const target = await setupEvalTarget(platform.fixture, rows);
  for (const model of ["fixture-small", "fixture-large"])
    await setModelPrice(db(), target.workspaceId, {
      provider: "OPENAI_COMPATIBLE",
      model,
      inputPerMillion: 1_000,
      outputPerMillion: 2_000,
    });
  return target;
}

async function evalOnce(target: Awaited<ReturnType<typeof priced>>, variants: Variant[], useCache = true) {
  const before = chatCalls();
  const run = await startEvalRun(platform.control, target.workspaceId, {
    name: "cache",
    botId: target.botId,
    botVersionId: target.botVersionId,
    datasetVersionId: target.datasetVersionId,
    variants,
    evaluators: [evaluatorSchema.parse({ id: "exact", kind: "exact_match" })],
    concurrency: 4,
    useCache,
  });
  await waitFor(
    () => getEvalRun(db(), target.workspaceId, run.id),
    (value) => value.status === "SUCCEEDED",
  );
  const results = await listEvalResults(db(), target.workspaceId, run.id);
  return { results, providerCalls: chatCalls() - before };
}

const small = (credentialId: string): Variant => ({
  key: "small",
  label: "small",
  overrides: { model: { credentialId, model: "fixture-small" } },
});
const large = (credentialId: string, temperature?: number): Variant => ({
  key: "large",
  label: "large",
  overrides: { model: { credentialId, model: "fixture-large", ...(temperature !== undefined && { temperature }) } },
});

describe("eval response cache", () => {
  it("re-running after changing one variant calls the provider only for that variant", async () => {
    const target = await priced(5);
    const first = await evalOnce(target, [small(target.credentialId), large(target.credentialId)]);
    expect(first.providerCalls).toBe(10);
    expect(first.results.every((result) => result.cachedCalls === 0 && result.savedUsd === 0 && result.costUsd > 0)).toBe(true);

    const second = await evalOnce(target, [small(target.credentialId), large(target.credentialId, 0.9)]);
    expect(second.providerCalls).toBe(5); // only the changed variant
    const unchanged = second.results.filter((result) => result.variantKey === "small");
    const changed = second.results.filter((result) => result.variantKey === "large");
    expect(unchanged.every((result) => result.cachedCalls === 1 && result.costUsd === 0 && result.output === "Paris")).toBe(true);
    expect(changed.every((result) => result.cachedCalls === 0 && result.costUsd > 0)).toBe(true);
    // what a cached answer saved is what it cost the first time
    const firstSmall = first.results.filter((result) => result.variantKey === "small");
    expect(unchanged.map((result) => result.savedUsd)).toEqual(firstSmall.map((result) => result.costUsd));

    // the cached pair's trace keeps the tokens, charges nothing, and says where the answer came from
    const trace = (id: string) => db().run.findUniqueOrThrow({ where: { id }, include: { steps: { where: { nodeId: "model" } } } });
    const cachedRun = await trace(unchanged[0]!.runId!);
    const originalRun = await trace(firstSmall[0]!.runId!);
    expect(cachedRun.costUsd).toBe(0);
    expect(cachedRun.tokensIn).toBe(originalRun.tokensIn);
    expect(cachedRun.tokensOut).toBe(originalRun.tokensOut);
    expect(cachedRun.tokensIn).toBeGreaterThan(0);
    expect(JSON.stringify(cachedRun.steps[0])).toContain("eval cache: OPENAI_COMPATIBLE fixture-small");
    expect(cachedRun.steps[0]!.attempts).toBe(0); // no provider attempt: recent-latency estimates leave it out

    // the same run again: every answer from the cache, no provider call at all
    const third = await evalOnce(target, [small(target.credentialId), large(target.credentialId, 0.9)]);
    expect(third.providerCalls).toBe(0);
    expect(third.results.every((result) => result.cachedCalls === 1)).toBe(true);
  });

  it("estimates a re-run from what the cache holds, the workspace's prices and its models' recent latencies", async () => {
    const target = await priced(4);
    await evalOnce(target, [small(target.credentialId), large(target.credentialId)]);
    const items = Array.from({ length: 4 }, (_, index) => ({ input: `Capital of France? (${index})`, expected: "Paris" }));
    const { datasetId } = await db().datasetVersion.findUniqueOrThrow({
      where: { id: target.datasetVersionId },
      select: { datasetId: true },
    });
    const request = {
      graph: chatFlow({ credentialId: target.credentialId, model: "fixture-small" }),
      datasetId,
      variants: [small(target.credentialId), large(target.credentialId, 0.9)],
      items,
      evaluators: [evaluatorSchema.parse({ id: "exact", kind: "exact_match" })],
      concurrency: 4,
    };
    const estimate = await estimateEval(db(), target.workspaceId, { ...request, useCache: true });
    expect(estimate.variants.map((variant) => [variant.key, variant.calls, variant.cachedCalls])).toEqual([
      ["small", 4, 4],
      ["large", 4, 0],
    ]);
    expect(estimate.variants[0]!.costUsd).toBe(0);
    expect(estimate.variants[1]!.costUsd).toBeGreaterThan(0); // priced at this workspace's $1,000 / $2,000 per million
    expect(estimate.unpriced).toEqual([]);
    expect(estimate.untimed).toEqual([]); // both models answered in this workspace minutes ago
    const bypassing = await estimateEval(db(), target.workspaceId, { ...request, useCache: false });
    expect(bypassing.cachedCalls).toBe(0);
    // two repeats: each makes its calls, and the cache holds only the first repeat's answers
    const repeated = await estimateEval(db(), target.workspaceId, { ...request, useCache: true, repeats: 2 });
    expect(repeated.variants.map((variant) => [variant.key, variant.calls, variant.cachedCalls])).toEqual([
      ["small", 8, 4],
      ["large", 8, 0],
    ]);
    expect(repeated.variants[1]!.costUsd).toBeCloseTo(2 * estimate.variants[1]!.costUsd, 12);
  });

  it("estimates a Router node's call per item on its costliest route", async () => {
    const target = await priced(3);
    await setModelPrice(db(), target.workspaceId, {
      provider: "OPENAI_COMPATIBLE",
      model: "fixture-large",
      inputPerMillion: 5_000,
      outputPerMillion: 10_000,
    });
    const { datasetId } = await db().datasetVersion.findUniqueOrThrow({
      where: { id: target.datasetVersionId },
      select: { datasetId: true },
    });
    const { credentialId } = target;
    const large = chatFlow({ credentialId, model: "fixture-large" });
    const routed = {
      ...large,
      nodes: large.nodes.map((node) =>
        node.id === "model"
          ? {
              ...node,
              type: "router",
              config: {
                routes: [
                  { name: "small", credentialId, model: "fixture-small" },
                  { name: "large", credentialId, model: "fixture-large" },
                ],
              },
            }
          : node,
      ),
    };
    const request = {
      datasetId,
      variants: [{ key: "only", label: "only", overrides: {} }],
      items: Array.from({ length: 3 }, (_, index) => ({ input: `Capital of France? (${index})`, expected: "Paris" })),
      evaluators: [],
      concurrency: 4,
      useCache: false,
    };
    const asRouted = await estimateEval(db(), target.workspaceId, { ...request, graph: routed });
    const asLarge = await estimateEval(db(), target.workspaceId, { ...request, graph: large });
    expect(asRouted.calls).toBe(3);
    expect(asRouted.costUsd).toBeGreaterThan(0);
    expect(asRouted.costUsd).toBeCloseTo(asLarge.costUsd, 12);
  });

  it("leaves the wait for the eval's own provider slots out of the latency it records", async () => {
    // one request at a time to a provider answering in 300 ms: the sixth pair waits 1.5 s for its slot,
    // which counted would put it at 1.8 s, and the fifth at 1.5 s
    const target = await priced(6);
    platform.fixture.setBehavior({ latencyMs: 300 });
    try {
      const run = await startEvalRun(platform.control, target.workspaceId, {
        name: "paced",
        botId: target.botId,
        botVersionId: target.botVersionId,
        datasetVersionId: target.datasetVersionId,
        variants: [
          {
            ...small(target.credentialId),
            overrides: { model: { credentialId: target.credentialId, model: "fixture-small", temperature: 0.3 } },
          },
        ],
        evaluators: [evaluatorSchema.parse({ id: "fast", kind: "latency", maxMs: 1_499 })],
        concurrency: 1,
        useCache: true,
      });
      await waitFor(
        () => getEvalRun(db(), target.workspaceId, run.id),
        (value) => value.status === "SUCCEEDED",
      );
      const results = await listEvalResults(db(), target.workspaceId, run.id);
      expect(results).toHaveLength(6);
      for (const result of results) {
        expect(result.latencyMs).toBeGreaterThanOrEqual(300);
        expect(result.latencyMs).toBeLessThan(1_500);
        expect(result.passed).toBe(true);
      }
    } finally {
      platform.fixture.setBehavior(null);
    }
  });

  it("bypasses the cache when the eval run says so", async () => {
    const target = await priced(3);
    expect((await evalOnce(target, [small(target.credentialId)])).providerCalls).toBe(3);
    const bypassed = await evalOnce(target, [small(target.credentialId)], false);
    expect(bypassed.providerCalls).toBe(3);
    expect(bypassed.results.every((result) => result.cachedCalls === 0 && result.costUsd > 0)).toBe(true);
  });

  it("is never read by live traffic, even for a request an eval run has cached", async () => {
    const target = await priced(1);
    await evalOnce(target, [small(target.credentialId)]); // caches "Capital of France? (0)" for this flow
    expect((await evalOnce(target, [small(target.credentialId)])).providerCalls).toBe(0); // the entry is there

    const client = createRunClient();
    try {
      const before = chatCalls();
      const graph = chatFlow({ credentialId: target.credentialId, model: "fixture-small" });
      const { finished } = await client.run({
        workspaceId: target.workspaceId,
        botId: target.botId,
        graph,
        message: "Capital of France? (0)",
      });
      const event = await finished;
      expect(event.status).toBe("SUCCEEDED");
      expect(chatCalls() - before).toBe(1);
      expect(event.costUsd).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it("sweeps expired entries and never serves them", async () => {
    const target = await priced(1);
    const store = new ResponseCacheStore(db());
    const response = {
      text: "old",
      toolCalls: [],
      usage: { provider: "OPENAI_COMPATIBLE", model: "m", tokensIn: 1, tokensOut: 1, costUsd: 0.1 },
    };
    await store.put(target.workspaceId, "fresh", response);
    await store.put(target.workspaceId, "stale", response);
    await db().evalResponseCache.update({
      where: { workspaceId_key: { workspaceId: target.workspaceId, key: "stale" } },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    expect(await store.get(target.workspaceId, "stale")).toBeNull();
    expect(await store.get("another-workspace", "fresh")).toBeNull();
    expect(await sweepExpiredResponses(db())).toBeGreaterThanOrEqual(1);
    const left = await db().evalResponseCache.findMany({ where: { workspaceId: target.workspaceId }, select: { key: true } });
    expect(left.map((row) => row.key)).toEqual(["fresh"]);
  });
});

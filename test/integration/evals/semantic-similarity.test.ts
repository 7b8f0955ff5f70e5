// The semantic-similarity evaluator end to end: a real worker runs each item, embeds the output and the
// expected answer with the workspace's embedding model (the fixture's OpenAI embeddings route) and
// stores their cosine as the score; without an embedding model the eval run is refused up front.
import { getEvalRun, listEvalResults, setEmbeddingSettings, setModelPrice } from "@switchyard/db";
import { cosine, evaluatorSchema, swapVariants } from "@switchyard/evals";
import { createBullConnection, createEvalQueue, createRedis } from "@switchyard/queue";
import { startEvalRun } from "@switchyard/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureEmbedding } from "../../fixtures/providers/embeddings";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { startWorker, type PlatformProcess } from "../../support/platform";
import { db } from "../support";
import { setupEvalTarget, waitFor } from "./eval-harness";

let worker: PlatformProcess;
let fixture: ProviderFixture;
const redis = createRedis(process.env.REDIS_URL!);
const bull = createBullConnection(process.env.REDIS_URL!);
const queue = createEvalQueue(bull);
const control = { db: db(), redis, queue };
const LARGE_REPLY = "The capital of France is Paris.";

beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "fixture-small": "Paris", "fixture-large": LARGE_REPLY } });
  worker = await startWorker({ EVAL_WORKER_CONCURRENCY: "4" });
});

afterAll(async () => {
  await worker?.stop();
  await fixture?.close();
  await queue.close();
  await Promise.all([redis.quit(), bull.quit()]);
});

const similarity = evaluatorSchema.parse({ id: "similar", kind: "semantic_similarity", threshold: 0.9 });

describe("semantic similarity", () => {
  it("scores each output by the cosine of its embedding and the expected answer's, through the workspace's embedding model", async () => {
    const target = await setupEvalTarget(fixture, 2);
    await setEmbeddingSettings(db(), target.workspaceId, { credentialId: target.credentialId, model: "text-embedding-3-small" });
    // the workspace prices its embedding model; the fixture's chat models cost nothing
    await setModelPrice(db(), target.workspaceId, {
      provider: "OPENAI_COMPATIBLE",
      model: "text-embedding-3-small",
      inputPerMillion: 1_000,
      outputPerMillion: 0,
    });
    const run = await startEvalRun(control, target.workspaceId, {
      name: "similarity",
      botId: target.botId,
      botVersionId: target.botVersionId,
      datasetVersionId: target.datasetVersionId,
      variants: swapVariants(
        "model",
        { credentialId: target.credentialId, model: "fixture-small" },
        { credentialId: target.credentialId, model: "fixture-large" },
      ),
      evaluators: [similarity],
      concurrency: 2,
    });
    await waitFor(
      () => getEvalRun(db(), target.workspaceId, run.id),
      (value) => value.status === "SUCCEEDED",
    );
    const results = await listEvalResults(db(), target.workspaceId, run.id);
    expect(results).toHaveLength(4);
    const expectedLarge = cosine(fixtureEmbedding(LARGE_REPLY), fixtureEmbedding("Paris"));
    expect(expectedLarge).toBeGreaterThan(0.1);
    expect(expectedLarge).toBeLessThan(0.9);
    for (const result of results) {
      // the embedding calls made to score the item are part of its cost
      expect(result.costUsd).toBeGreaterThan(0);
      const [score] = (result.scores as { evaluators: { score: number; passed: boolean; reason: string }[] }).evaluators;
      if (result.variantKey === "current") {
        expect(score).toMatchObject({ passed: true, reason: "Similarity 1.00 ≥ 0.9" });
        expect(score!.score).toBeCloseTo(1, 5);
      } else {
        expect(score).toMatchObject({ passed: false, reason: `Similarity ${expectedLarge.toFixed(2)} < 0.9` });
        expect(score!.score).toBeCloseTo(expectedLarge, 5);
      }
    }
    // the worker embedded through the fixture's OpenAI wire format: output and expected answer per item
    const embeddingCalls = fixture.requests.filter((request) => request.path === "/v1/embeddings");
    expect(embeddingCalls).toHaveLength(4);
    expect(embeddingCalls[0]!.body).toMatchObject({ model: "text-embedding-3-small", input: [expect.any(String), "Paris"] });
  });

  it("refuses an eval run with semantic similarity when the workspace has no embedding model", async () => {
    const target = await setupEvalTarget(fixture, 1);
    await expect(
      startEvalRun(control, target.workspaceId, {
        name: "no embeddings",
        botId: target.botId,
        botVersionId: target.botVersionId,
        datasetVersionId: target.datasetVersionId,
        variants: [{ key: "current", label: "current", overrides: {} }],
        evaluators: [similarity],
        concurrency: 1,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/needs an embedding model/) });
    expect(await db().evalRun.count({ where: { workspaceId: target.workspaceId } })).toBe(0);
  });
});

// Eval runs end to end through a real worker process: item × variant jobs on BullMQ, the flow run by
// the runner against the wire-format fixture, evaluators (the LLM judge included), results in
// PostgreSQL, the per-provider limit, and stop / resume.
import { addDatasetVersion, getEvalRun, listEvalResults } from "@switchyard/db";
import { evaluatorSchema, swapVariants } from "@switchyard/evals";
import { createBullConnection, createEvalQueue, createRedis } from "@switchyard/queue";
import { resumeEvalRun, startEvalRun, stopEvalRun } from "@switchyard/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { startWorker, type PlatformProcess } from "../../support/platform";
import { db } from "../support";
import { settledEvalRun, setupEvalTarget, waitFor } from "./eval-harness";

let worker: PlatformProcess;
let fixture: ProviderFixture;
const redis = createRedis(process.env.REDIS_URL!);
const bull = createBullConnection(process.env.REDIS_URL!);
const queue = createEvalQueue(bull);
const control = { db: db(), redis, queue };

beforeAll(async () => {
  fixture = await startProviderFixture({
    replies: {
      "fixture-small": "Paris",
      "fixture-large": "The capital of France is Paris.",
      judge: '{"score": 0.8, "reason": "Answers the question"}',
    },
  });
  worker = await startWorker({ EVAL_WORKER_CONCURRENCY: "16" });
});

afterAll(async () => {
  await worker?.stop();
  await fixture?.close();
  await queue.close();
  await Promise.all([redis.quit(), bull.quit()]);
});

describe("eval runs", () => {
  it("runs every item for the current and a swapped model, scores them differently and summarises", async () => {
    const target = await setupEvalTarget(fixture, 4);
    const evaluators = [
      { id: "exact", kind: "exact_match" },
      { id: "has-paris", kind: "contains" },
      { id: "judge", kind: "llm_judge", credentialId: target.credentialId, model: "judge", rubric: "Is it correct?" },
      { id: "terse", kind: "javascript", code: "return input.output.split(' ').length <= 2 && input.expected === 'Paris';" },
    ].map((evaluator) => evaluatorSchema.parse(evaluator));
    const run = await startEvalRun(control, target.workspaceId, {
      name: "swap",
      botId: target.botId,
      botVersionId: target.botVersionId,
      datasetVersionId: target.datasetVersionId,
      variants: swapVariants(
        "model",
        { credentialId: target.credentialId, model: "fixture-small" },
        { credentialId: target.credentialId, model: "fixture-large" },
      ),
      evaluators,
      concurrency: 4,
    });
    const finished = await waitFor(
      () => getEvalRun(db(), target.workspaceId, run.id),
      (value) => value.status === "SUCCEEDED",
    );
    expect(finished.completed).toBe(8);

    const results = await listEvalResults(db(), target.workspaceId, run.id);
    expect(results).toHaveLength(8);
    const current = results.filter((result) => result.variantKey === "current");
    const candidate = results.filter((result) => result.variantKey === "candidate");
    expect(current.every((result) => result.output === "Paris" && result.passed)).toBe(true);
    expect(candidate.every((result) => result.output === "The capital of France is Paris." && !result.passed)).toBe(true);
    expect(candidate[0]!.scores).toMatchObject({
      evaluators: [
        { evaluatorId: "exact", passed: false },
        { evaluatorId: "has-paris", passed: true },
        { evaluatorId: "judge", score: 0.8, reason: "Answers the question" },
        { evaluatorId: "terse", passed: false, reason: "The assertion returned false" },
      ],
    });
    expect(current[0]!.scores).toMatchObject({
      evaluators: expect.arrayContaining([{ evaluatorId: "terse", score: 1, passed: true, reason: "The assertion held" }]),
    });

    // every result points at its run, recorded with source EVAL and the variant's model in its trace
    const runs = await db().run.findMany({ where: { id: { in: results.map((result) => result.runId!) } }, include: { steps: true } });
    expect(runs).toHaveLength(8);
    expect(runs.every((row) => row.source === "EVAL" && row.status === "SUCCEEDED")).toBe(true);
    const candidateRun = runs.find((row) => row.id === candidate[0]!.runId)!;
    expect(candidateRun.steps.find((step) => step.nodeId === "model")!.model).toBe("fixture-large");

    const summary = finished.summary as { stats: { variantKey: string; passRate: number; meanScore: number }[]; frontier: string[] };
    expect(summary.stats.map((stat) => [stat.variantKey, stat.passRate])).toEqual([
      ["current", 1],
      ["candidate", 0],
    ]);
    expect(summary.stats[0]!.meanScore).toBeGreaterThan(summary.stats[1]!.meanScore);
  });

  it("keeps at most the eval run's concurrency of requests in flight per provider", async () => {
    const target = await setupEvalTarget(fixture, 12);
    fixture.setBehavior({ latencyMs: 150 });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, fixture.stats.inFlight)), 5);
    try {
      const run = await startEvalRun(control, target.workspaceId, {
        name: "limited",
        botId: target.botId,
        botVersionId: target.botVersionId,
        datasetVersionId: target.datasetVersionId,
        variants: [{ key: "only", label: "only", overrides: {} }],
        evaluators: [],
        concurrency: 3,
      });
      const began = Date.now();
      await waitFor(
        () => getEvalRun(db(), target.workspaceId, run.id),
        (value) => value.status === "SUCCEEDED",
      );
      expect(peak).toBeGreaterThan(1);
      expect(peak).toBeLessThanOrEqual(3);
      expect(Date.now() - began).toBeGreaterThanOrEqual(4 * 150); // 12 requests, 3 at a time
    } finally {
      clearInterval(sampler);
      fixture.setBehavior(null);
    }
  });

  it("stops, keeps what finished, and resumes with only the missing pairs", async () => {
    const target = await setupEvalTarget(fixture, 20);
    fixture.setBehavior({ latencyMs: 100 });
    try {
      const run = await startEvalRun(control, target.workspaceId, {
        name: "resumable",
        botId: target.botId,
        botVersionId: target.botVersionId,
        datasetVersionId: target.datasetVersionId,
        variants: [{ key: "only", label: "only", overrides: {} }],
        evaluators: [evaluatorSchema.parse({ id: "exact", kind: "exact_match" })],
        concurrency: 1,
      });
      await waitFor(
        () => getEvalRun(db(), target.workspaceId, run.id),
        (value) => value.completed >= 3,
      );
      await stopEvalRun(control, target.workspaceId, run.id);
      // the pair in flight finishes; the rest are skipped
      const stopped = await settledEvalRun(() => getEvalRun(db(), target.workspaceId, run.id));
      expect(stopped.status).toBe("CANCELLED");
      expect(stopped.completed).toBeLessThan(20);
      const before = await listEvalResults(db(), target.workspaceId, run.id);

      const { pending } = await resumeEvalRun(control, target.workspaceId, run.id);
      expect(pending).toBe(20 - stopped.completed);
      const finished = await waitFor(
        () => getEvalRun(db(), target.workspaceId, run.id),
        (value) => value.status === "SUCCEEDED",
      );
      expect(finished.completed).toBe(20);
      const after = await listEvalResults(db(), target.workspaceId, run.id);
      // results from before the stop were kept, not re-run
      for (const result of before) expect(after.find((row) => row.datasetItemId === result.datasetItemId)!.runId).toBe(result.runId);
      // every pair ran to a result once; a pair stopped while it waited for its provider slot left at
      // most a cancelled run (shown as running while it waited), never a second result
      expect(await db().run.count({ where: { botId: target.botId, source: "EVAL", status: "SUCCEEDED" } })).toBe(20);
      expect(await db().run.count({ where: { botId: target.botId, source: "EVAL", status: { notIn: ["SUCCEEDED", "CANCELLED"] } } })).toBe(
        0,
      );
    } finally {
      fixture.setBehavior(null);
    }
  });

  it("refuses to stop a finished run and to start on another workspace's dataset", async () => {
    const target = await setupEvalTarget(fixture, 1);
    const other = await setupEvalTarget(fixture, 1);
    await expect(
      startEvalRun(control, target.workspaceId, {
        name: "x",
        botId: target.botId,
        botVersionId: target.botVersionId,
        datasetVersionId: other.datasetVersionId,
        variants: [{ key: "a", label: "a", overrides: {} }],
        evaluators: [],
        concurrency: 1,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Dataset version not found" });
    const newer = await addDatasetVersion(
      db(),
      target.workspaceId,
      (await db().datasetVersion.findUniqueOrThrow({ where: { id: target.datasetVersionId } })).datasetId,
      [{ input: "a", expected: "b", metadata: null }],
    );
    expect(newer.number).toBe(2);
  });
});

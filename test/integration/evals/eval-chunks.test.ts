// Eval jobs carry chunks of pairs (item × variant × repeat) through a real worker process: a chunk gives
// the same results, costs and cache counts as one job per pair (the shape queued before chunking, which
// the worker still runs), a chunk whose pairs are already done runs nothing again, each repeat keeps a
// cache entry of its own, and a pair's run that finishes before anyone could watch it sends no events
// to Redis (its trace keeps them) while a slower one streams them from its start.
import { createDataset, createEvalRun, getEvalRun, listEvalResults, publishVersion, setModelPrice, type NewEvalRun } from "@switchyard/db";
import { evaluatorSchema } from "@switchyard/evals";
import { enqueueEvalPairs, readRunEvents } from "@switchyard/queue";
import { startEvalRun } from "@switchyard/runner";
import { describe, expect, it } from "vitest";
import { chatFlow, db, newBot, newCredential, newUser } from "../support";
import { setupEvalTarget, useEvalPlatform, waitFor } from "./eval-harness";

const platform = useEvalPlatform(
  { "fixture-small": "Paris", "fixture-large": "The capital of France is Paris." },
  { EVAL_WORKER_CONCURRENCY: "8" },
);
const chatCalls = () => platform.fixture.stats.byPath["/v1/chat/completions"] ?? 0;
const evaluators = [evaluatorSchema.parse({ id: "exact", kind: "exact_match" }), evaluatorSchema.parse({ id: "has", kind: "contains" })];

const finished = (workspaceId: string, evalRunId: string) =>
  waitFor(
    () => getEvalRun(db(), workspaceId, evalRunId),
    (value) => value.status === "SUCCEEDED",
  );

/** What a result says, apart from the ids that differ between runs. */
const comparable = (result: Awaited<ReturnType<typeof listEvalResults>>[number]) => ({
  cell: `${result.datasetItemId}/${result.variantKey}/${result.repeat}`,
  output: result.output,
  scores: result.scores,
  passed: result.passed,
  error: result.error,
  costUsd: result.costUsd,
  cachedCalls: result.cachedCalls,
  savedUsd: result.savedUsd,
});

/** Waits until the eval queue has nothing waiting, delayed or active. */
const queueDrained = () =>
  waitFor(
    () => platform.control.queue.getJobCounts("waiting", "active", "delayed", "prioritized"),
    (counts) => Object.values(counts).every((count) => count === 0),
  );

describe("chunked eval jobs", () => {
  it("give the same results and cache counts as one job per pair (jobs queued before chunking still run)", async () => {
    const target = await setupEvalTarget(platform.fixture, 7);
    for (const model of ["fixture-small", "fixture-large"])
      await setModelPrice(db(), target.workspaceId, {
        provider: "OPENAI_COMPATIBLE",
        model,
        inputPerMillion: 1_000,
        outputPerMillion: 2_000,
      });
    const input: NewEvalRun = {
      name: "chunks",
      botId: target.botId,
      botVersionId: target.botVersionId,
      datasetVersionId: target.datasetVersionId,
      variants: [
        { key: "small", label: "small", overrides: { model: { model: "fixture-small" } } },
        { key: "large", label: "large", overrides: { model: { model: "fixture-large" } } },
      ],
      evaluators,
      concurrency: 4,
      repeats: 2,
    };
    // fills the cache: 7 items × 2 variants × 2 repeats, each repeat a call of its own
    const before = chatCalls();
    const first = await startEvalRun(platform.control, target.workspaceId, input);
    await finished(target.workspaceId, first.id);
    expect(chatCalls() - before).toBe(28);

    // the same run as 28 single-pair jobs, in the shape they had before chunking
    const { evalRun: perPair, itemIds } = await createEvalRun(db(), target.workspaceId, { ...input, name: "per pair" });
    await platform.control.queue.addBulk(
      itemIds.flatMap((datasetItemId) =>
        [0, 1].flatMap((repeat) =>
          ["small", "large"].map((variantKey) => ({
            name: "eval",
            data: { evalRunId: perPair.id, workspaceId: target.workspaceId, datasetItemId, variantKey, repeat },
            opts: { jobId: `${perPair.id}-${datasetItemId}-${variantKey}${repeat ? `-${repeat}` : ""}` },
          })),
        ),
      ),
    );
    const perPairDone = await finished(target.workspaceId, perPair.id);
    // and again in chunks (5 jobs of up to 6 pairs: chunk edges fall inside items)
    const { evalRun: chunked } = await createEvalRun(db(), target.workspaceId, { ...input, name: "chunked" });
    await enqueueEvalPairs(
      platform.control.queue,
      chunked,
      itemIds.flatMap((datasetItemId) =>
        [0, 1].flatMap((repeat) => ["small", "large"].map((variantKey) => ({ datasetItemId, variantKey, repeat }))),
      ),
      6,
    );
    const chunkedDone = await finished(target.workspaceId, chunked.id);
    expect(chatCalls() - before).toBe(28); // both answered from the cache

    const perPairResults = (await listEvalResults(db(), target.workspaceId, perPair.id)).map(comparable);
    const chunkedResults = (await listEvalResults(db(), target.workspaceId, chunked.id)).map(comparable);
    expect(chunkedResults).toHaveLength(28);
    expect(chunkedResults).toEqual(perPairResults);
    expect(chunkedResults.every((result) => result.cachedCalls === 1 && result.costUsd === 0 && result.savedUsd > 0)).toBe(true);
    // the same statistics (latencies are measured, so they differ)
    const statistics = (summary: unknown) =>
      (summary as { stats: Record<string, unknown>[] }).stats.map(({ p50LatencyMs: _p50, p95LatencyMs: _p95, ...rest }) => rest);
    expect(statistics(chunkedDone.summary)).toEqual(statistics(perPairDone.summary));
    expect(statistics(chunkedDone.summary)).toHaveLength(2);
    // every pair has its run with its trace
    const runIds = (await listEvalResults(db(), target.workspaceId, chunked.id)).map((result) => result.runId!);
    expect(await db().run.count({ where: { id: { in: runIds }, status: "SUCCEEDED" } })).toBe(28);
    expect(await db().runStep.count({ where: { runId: { in: runIds }, nodeId: "model" } })).toBe(28);
  });

  it("skips pairs that are already done when a chunk holding them is queued again", async () => {
    const target = await setupEvalTarget(platform.fixture, 6);
    const input: NewEvalRun = {
      name: "twice",
      botId: target.botId,
      botVersionId: target.botVersionId,
      datasetVersionId: target.datasetVersionId,
      variants: [{ key: "only", label: "only", overrides: {} }],
      evaluators,
      concurrency: 4,
      useCache: false, // a pair run again would call the provider again
    };
    const before = chatCalls();
    const run = await startEvalRun(platform.control, target.workspaceId, input);
    await finished(target.workspaceId, run.id);
    expect(chatCalls() - before).toBe(6);
    const results = await listEvalResults(db(), target.workspaceId, run.id);

    // the same pairs in chunks of another shape (new job ids), as a resume racing older jobs would queue them
    await enqueueEvalPairs(
      platform.control.queue,
      { id: run.id, workspaceId: target.workspaceId },
      results.map((result) => ({ datasetItemId: result.datasetItemId, variantKey: result.variantKey, repeat: result.repeat })),
      4,
    );
    await queueDrained();
    expect(chatCalls() - before).toBe(6);
    const again = await listEvalResults(db(), target.workspaceId, run.id);
    expect(again.map((result) => result.runId)).toEqual(results.map((result) => result.runId));
    expect(await db().run.count({ where: { botId: target.botId, source: "EVAL" } })).toBe(6);
  });

  it("keeps a cached answer per repeat: a re-run returns each repeat's own answer without calling the provider", async () => {
    const { workspace } = await newUser("chunk-repeats");
    const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${platform.fixture.url}/v1`);
    const bot = await newBot(workspace.id, chatFlow({ credentialId: credential.id, model: "oracle-50-chunks" }));
    const version = await publishVersion(db(), workspace.id, bot.id, {});
    const dataset = await createDataset(db(), workspace.id, {
      name: "code words",
      rows: Array.from({ length: 10 }, (_, index) => ({
        input: `Say the code word: chunk${index}`,
        expected: `chunk${index}`,
        metadata: null,
      })),
    });
    const input: NewEvalRun = {
      name: "repeats",
      botId: bot.id,
      botVersionId: version.id,
      datasetVersionId: dataset.version.id,
      variants: [{ key: "only", label: "only", overrides: {} }],
      evaluators,
      concurrency: 4,
      repeats: 3,
    };
    const before = chatCalls();
    const first = await startEvalRun(platform.control, workspace.id, input);
    await finished(workspace.id, first.id);
    expect(chatCalls() - before).toBe(30);
    const firstResults = (await listEvalResults(db(), workspace.id, first.id)).map(comparable);
    // the oracle answers a prompt's repeats differently on some items: the repeats are real samples
    const outputsOf = (results: typeof firstResults, item: string) =>
      results.filter((result) => result.cell.startsWith(`${item}/`)).map((result) => result.output);
    const items = [...new Set(firstResults.map((result) => result.cell.split("/")[0]!))];
    expect(items.some((item) => new Set(outputsOf(firstResults, item)).size > 1)).toBe(true);

    const rerun = await startEvalRun(platform.control, workspace.id, { ...input, name: "repeats again" });
    await finished(workspace.id, rerun.id);
    expect(chatCalls() - before).toBe(30);
    const rerunResults = (await listEvalResults(db(), workspace.id, rerun.id)).map(comparable);
    expect(rerunResults.map(({ cell, output, passed }) => ({ cell, output, passed }))).toEqual(
      firstResults.map(({ cell, output, passed }) => ({ cell, output, passed })),
    );
    expect(rerunResults.every((result) => result.cachedCalls === 1)).toBe(true);
  });

  it("streams a pair's events to Redis only once its run could be watched; its trace keeps them either way", async () => {
    const target = await setupEvalTarget(platform.fixture, 4);
    const input: NewEvalRun = {
      name: "events",
      botId: target.botId,
      botVersionId: target.botVersionId,
      datasetVersionId: target.datasetVersionId,
      variants: [{ key: "only", label: "only", overrides: {} }],
      evaluators,
      concurrency: 4,
      useCache: false,
    };
    const fast = await startEvalRun(platform.control, target.workspaceId, input);
    await finished(target.workspaceId, fast.id);
    let quick = 0;
    for (const result of await listEvalResults(db(), target.workspaceId, fast.id)) {
      const run = await db().run.findUniqueOrThrow({ where: { id: result.runId! }, select: { events: true, latencyMs: true } });
      const archived = run.events as [string, { type: string }][];
      expect(archived.map(([, event]) => event.type)).toEqual(expect.arrayContaining(["run.started", "node.finished"]));
      // (a pair slowed past 250 ms by a busy machine is listed as running, and streams like the slow ones below)
      if (run.latencyMs! >= 200) continue;
      quick++;
      expect(await readRunEvents(platform.control.redis, result.runId!)).toEqual([]);
    }
    expect(quick).toBeGreaterThan(0);

    // a pair still going after 250 ms is listed as running: from then on its events are in Redis, from the first
    platform.fixture.setBehavior({ latencyMs: 600 });
    try {
      const slow = await startEvalRun(platform.control, target.workspaceId, { ...input, name: "slow events" });
      await finished(target.workspaceId, slow.id);
      for (const result of await listEvalResults(db(), target.workspaceId, slow.id)) {
        const streamed = await readRunEvents(platform.control.redis, result.runId!);
        expect(streamed[0]?.event.type).toBe("run.started");
        expect(streamed.at(-1)?.event.type).toBe("run.finished");
        const run = await db().run.findUniqueOrThrow({ where: { id: result.runId! }, select: { events: true } });
        // the archive holds the ids the stream gave
        expect((run.events as [string, unknown][]).map(([id]) => id)).toEqual(streamed.slice(0, -1).map((stored) => stored.id));
      }
    } finally {
      platform.fixture.setBehavior(null);
    }
  });
});

// Repeats and conversations through a real worker: every item × variant × repeat is a result row with
// its repeat index, a stopped run resumes only the missing cells, the statistics read the repeats per
// item, and a conversation's earlier turns reach the model as the flow's history.
import { createDataset, getEvalRun, listEvalResults, publishVersion } from "@switchyard/db";
import { datasetRowSchema, evalRunInputSchema, evaluatorSchema, itemScores, recommend, toResultRow, variantStats } from "@switchyard/evals";
import { createBullConnection, createEvalQueue, createRedis } from "@switchyard/queue";
import { resumeEvalRun, startEvalRun, stopEvalRun } from "@switchyard/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oracleAnswer } from "../../fixtures/providers/oracle";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { startWorker, type PlatformProcess } from "../../support/platform";
import { chatFlow, db, newBot, newCredential, newUser } from "../support";
import { settledEvalRun, waitFor } from "./eval-harness";

let worker: PlatformProcess;
let fixture: ProviderFixture;
const redis = createRedis(process.env.REDIS_URL!);
const bull = createBullConnection(process.env.REDIS_URL!);
const queue = createEvalQueue(bull);
const control = { db: db(), redis, queue };
const exact = evaluatorSchema.parse({ id: "exact", kind: "exact_match" });

beforeAll(async () => {
  fixture = await startProviderFixture();
  worker = await startWorker({ EVAL_WORKER_CONCURRENCY: "16" });
});

afterAll(async () => {
  await worker?.stop();
  await fixture?.close();
  await queue.close();
  await Promise.all([redis.quit(), bull.quit()]);
});

/** A published chat bot whose model also receives the conversation history, and a dataset of code-word items. */
async function target(rows: { input?: string; messages?: unknown; expected: string }[]) {
  const { workspace } = await newUser("repeats");
  const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${fixture.url}/v1`);
  const graph = chatFlow({ credentialId: credential.id, model: "oracle-50" });
  graph.edges.push({ id: "e4", source: "input", sourceHandle: "history", target: "model", targetHandle: "history" });
  const bot = await newBot(workspace.id, graph);
  const version = await publishVersion(db(), workspace.id, bot.id, {});
  const dataset = await createDataset(db(), workspace.id, {
    name: "code words",
    rows: rows.map((row) => datasetRowSchema.parse(row)),
  });
  return {
    workspaceId: workspace.id,
    credentialId: credential.id,
    botId: bot.id,
    botVersionId: version.id,
    datasetVersionId: dataset.version.id,
  };
}

const codeWords = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ input: `Say the code word: word${index}`, expected: `word${index}` }));

describe("eval runs with repeats", () => {
  it("refuses repeats outside 1–10 naming the field, and defaults to 1", () => {
    const base = { botId: "b", datasetId: "d", variants: [{ key: "a", label: "a" }], evaluators: [] };
    for (const repeats of [0, 11, 2.5]) {
      const parsed = evalRunInputSchema.safeParse({ ...base, repeats });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]).toMatchObject({ path: ["repeats"], message: "Repeats must be a whole number from 1 to 10" });
    }
    expect(evalRunInputSchema.parse(base).repeats).toBe(1);
  });

  it("runs every item × variant × repeat, keeps each repeat as a row, and the statistics average them per item", async () => {
    const setup = await target(codeWords(12));
    const run = await startEvalRun(control, setup.workspaceId, {
      name: "repeats",
      botId: setup.botId,
      botVersionId: setup.botVersionId,
      datasetVersionId: setup.datasetVersionId,
      variants: [
        { key: "strong", label: "strong", overrides: { model: { model: "oracle-90" } } },
        { key: "weak", label: "weak", overrides: { model: { model: "oracle-30" } } },
      ],
      evaluators: [exact],
      concurrency: 8,
      repeats: 3,
    });
    expect(run.total).toBe(72);
    const finished = await waitFor(
      () => getEvalRun(db(), setup.workspaceId, run.id),
      (value) => value.status === "SUCCEEDED",
    );
    expect(finished.completed).toBe(72);
    const results = await listEvalResults(db(), setup.workspaceId, run.id);
    expect(results).toHaveLength(72);
    const cells = new Set(results.map((result) => `${result.datasetItemId}/${result.variantKey}/${result.repeat}`));
    expect(cells.size).toBe(72);
    expect(new Set(results.map((result) => result.repeat))).toEqual(new Set([0, 1, 2]));
    // the oracle answers right or wrong; exact match scores exactly that
    for (const result of results) expect(result.passed).toBe(result.output === oracleAnswer(String(result.datasetItem.input)));

    const rows = results.map(toResultRow);
    const perItem = itemScores(rows);
    // repeats differ like samples do: some item has a spread (neither 0 nor 3 of 3)
    const weakItems = [...perItem.get("weak")!.values()];
    expect(weakItems.every((item) => item.runs === 3)).toBe(true);
    expect(weakItems.some((item) => item.passFraction > 0 && item.passFraction < 1)).toBe(true);

    const summary = finished.summary as unknown as { stats: ReturnType<typeof variantStats> };
    const [strong, weak] = summary.stats;
    expect(strong).toMatchObject({ items: 12, runs: 36 });
    expect(strong!.meanScore).toBeGreaterThan(weak!.meanScore);
    for (const stat of summary.stats) {
      expect(stat.scoreInterval[0]).toBeLessThanOrEqual(stat.meanScore);
      expect(stat.scoreInterval[1]).toBeGreaterThanOrEqual(stat.meanScore);
      expect(stat.passRateInterval[0]).toBeLessThanOrEqual(stat.passRate);
    }
    // the same statistics, recomputed from the rows, agree with the stored summary
    const again = variantStats(
      [
        { key: "strong", label: "strong" },
        { key: "weak", label: "weak" },
      ],
      rows,
    );
    expect(again.map((stat) => stat.meanScore)).toEqual(summary.stats.map((stat) => stat.meanScore));
    expect(recommend(again, perItem, 0.05)).toMatchObject({ kind: "recommend", variantKey: "strong" });
  });

  it("a stopped run with repeats resumes only the item × variant × repeat cells still missing", async () => {
    const setup = await target(codeWords(8));
    fixture.setBehavior({ latencyMs: 100 });
    try {
      const run = await startEvalRun(control, setup.workspaceId, {
        name: "resumable repeats",
        botId: setup.botId,
        botVersionId: setup.botVersionId,
        datasetVersionId: setup.datasetVersionId,
        variants: [{ key: "only", label: "only", overrides: {} }],
        evaluators: [exact],
        concurrency: 1,
        repeats: 3,
      });
      await waitFor(
        () => getEvalRun(db(), setup.workspaceId, run.id),
        (value) => value.completed >= 3,
      );
      await stopEvalRun(control, setup.workspaceId, run.id);
      // the pair in flight finishes; the rest are skipped
      const stopped = await settledEvalRun(() => getEvalRun(db(), setup.workspaceId, run.id));
      expect(stopped.completed).toBeLessThan(24);
      const before = await listEvalResults(db(), setup.workspaceId, run.id);

      const { pending } = await resumeEvalRun(control, setup.workspaceId, run.id);
      expect(pending).toBe(24 - stopped.completed);
      const finished = await waitFor(
        () => getEvalRun(db(), setup.workspaceId, run.id),
        (value) => value.status === "SUCCEEDED",
      );
      expect(finished.completed).toBe(24);
      const after = await listEvalResults(db(), setup.workspaceId, run.id);
      const key = (row: { datasetItemId: string; repeat: number }) => `${row.datasetItemId}/${row.repeat}`;
      for (const result of before) expect(after.find((row) => key(row) === key(result))!.runId).toBe(result.runId);
      // every cell ran to a result once; a cell stopped while it waited for its provider slot left at
      // most a cancelled run (shown as running while it waited), never a second result
      expect(await db().run.count({ where: { botId: setup.botId, source: "EVAL", status: "SUCCEEDED" } })).toBe(24);
      expect(await db().run.count({ where: { botId: setup.botId, source: "EVAL", status: { notIn: ["SUCCEEDED", "CANCELLED"] } } })).toBe(
        0,
      );
    } finally {
      fixture.setBehavior(null);
    }
  });
});

describe("conversations as test cases", () => {
  it("the flow receives a conversation's earlier turns as its history and the evaluators score the final reply", async () => {
    const setup = await target([
      {
        messages: [
          { role: "user", content: "Remember the word heron." },
          { role: "assistant", content: "Noted: heron." },
          { role: "user", content: "Say the code word: heron" },
        ],
        expected: "heron",
      },
    ]);
    fixture.reset();
    const run = await startEvalRun(control, setup.workspaceId, {
      name: "conversation",
      botId: setup.botId,
      botVersionId: setup.botVersionId,
      datasetVersionId: setup.datasetVersionId,
      variants: [{ key: "always", label: "always", overrides: { model: { model: "oracle-100" } } }],
      evaluators: [exact],
      concurrency: 1,
    });
    await waitFor(
      () => getEvalRun(db(), setup.workspaceId, run.id),
      (value) => value.status === "SUCCEEDED",
    );
    const [result] = await listEvalResults(db(), setup.workspaceId, run.id);
    expect(result).toMatchObject({ output: "heron", passed: true });
    expect(result!.datasetItem.history).toEqual([
      { role: "user", content: "Remember the word heron." },
      { role: "assistant", content: "Noted: heron." },
    ]);
    const call = fixture.requests.find((request) => request.path.endsWith("/chat/completions"))!;
    const messages = (call.body as { messages: { role: string; content: unknown }[] }).messages;
    expect(
      messages.map((message) => [message.role, typeof message.content === "string" ? message.content : JSON.stringify(message.content)]),
    ).toEqual([
      ["user", "Remember the word heron."],
      ["assistant", "Noted: heron."],
      ["user", "Say the code word: heron"],
    ]);
    // the run's trace records the history it was given, as a chat session's run does
    const recorded = await db().run.findUniqueOrThrow({ where: { id: result!.runId! } });
    expect((recorded.input as { history?: unknown[] }).history).toHaveLength(2);
  });
});

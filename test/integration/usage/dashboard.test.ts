// Runs driven through a real worker against the provider fixtures: the dashboard's figures (totals,
// per day, model, bot and deployment) equal what the run steps themselves add up to, a workspace's
// own model price is what the worker costs with, and re-written steps never count twice.
import { randomUUID } from "node:crypto";
import { queryUsage, RunWriter, setModelPrice, type UsageFilters, type UsageGrouping } from "@switchyard/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { createRunClient, startWorker, type WorkerProcess } from "../runs/worker-harness";
import { chatFlow, db, newBot, newCredential, newUser } from "../support";
import { newDeployment } from "./deployment";

let fixture: ProviderFixture;
let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;

beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "gpt-4o-mini": "one two three four", "claude-sonnet-4-5": "a b c d e f g h" } });
  worker = await startWorker();
  client = createRunClient();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await fixture?.close();
});

const today = () => new Date().toISOString().slice(0, 10);

/** A finished API run as a worker hands it to the RunWriter, 40 ms long from `at`. */
const runRecord = (
  workspaceId: string,
  botId: string,
  at: number,
  fields: { tokensIn: number; tokensOut: number; costUsd: number; output: { text: string } | null },
) => ({
  id: randomUUID(),
  workspaceId,
  botId,
  botVersionId: null,
  deploymentId: null,
  source: "API" as const,
  sessionId: null,
  input: { message: "x" },
  status: "SUCCEEDED" as const,
  error: null,
  latencyMs: 40,
  createdAt: at,
  startedAt: at,
  finishedAt: at + 40,
  ...fields,
});

/** A run's model step (gpt-4o), `latency` ms long from `at`. */
const modelStep = (
  runId: string,
  at: number,
  latency: number,
  fields: { status: "SUCCEEDED" | "FAILED"; tokensIn: number; tokensOut: number; costUsd: number },
) => ({
  runId,
  nodeId: "model",
  nodeType: "model",
  attempts: 1,
  input: { prompt: "x" },
  output: null,
  error: null,
  provider: "OPENAI",
  model: "gpt-4o",
  detail: null,
  startedAt: at,
  finishedAt: at + latency,
  ...fields,
});

interface Exact {
  key: string;
  requests: number;
  errors: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  p50: number;
  p95: number;
}

const keyExpressions: Record<UsageGrouping, string> = {
  day: `to_char(s."startedAt", 'YYYY-MM-DD')`,
  model: `s.provider || '/' || s.model`,
  bot: `r."botId"`,
  deployment: `coalesce(r."deploymentId", '')`,
};

/** The same figures computed straight from the run steps, the source of truth. */
async function fromSteps(workspaceId: string, groupings: UsageGrouping[]): Promise<Exact[]> {
  const key = groupings.length ? groupings.map((grouping) => keyExpressions[grouping]).join(` || '/' || `) : `''`;
  return db().$queryRawUnsafe<Exact[]>(
    `SELECT ${key} AS key, count(*)::int AS requests, count(*) FILTER (WHERE s.status = 'FAILED')::int AS errors,
            sum(s."tokensIn")::int AS "tokensIn", sum(s."tokensOut")::int AS "tokensOut", sum(s."costUsd") AS "costUsd",
            percentile_disc(0.5) WITHIN GROUP (ORDER BY s."latencyMs") AS p50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY s."latencyMs") AS p95
       FROM "RunStep" s JOIN "Run" r ON r.id = s."runId"
      WHERE r."workspaceId" = $1 AND s.model IS NOT NULL
      GROUP BY 1 ORDER BY 1`,
    workspaceId,
  );
}

async function expectSameFigures(workspaceId: string, filters: UsageFilters, groupings: UsageGrouping[]) {
  const dashboard = await queryUsage(db(), workspaceId, filters, groupings);
  const exact = await fromSteps(workspaceId, groupings);
  expect(dashboard.map((row) => row.key.join("/") || "")).toEqual(exact.map((row) => row.key));
  for (const [index, row] of dashboard.entries()) {
    const truth = exact[index]!;
    expect({ requests: row.requests, errors: row.errors, tokensIn: row.tokensIn, tokensOut: row.tokensOut }).toEqual({
      requests: truth.requests,
      errors: truth.errors,
      tokensIn: truth.tokensIn,
      tokensOut: truth.tokensOut,
    });
    expect(row.costUsd).toBeCloseTo(truth.costUsd, 12);
    expect(row.errorRate).toBeCloseTo(truth.errors / truth.requests, 12);
    // percentiles come from a histogram whose buckets are 20% wide
    for (const [reported, actual] of [
      [row.latencyP50Ms!, truth.p50],
      [row.latencyP95Ms!, truth.p95],
    ] as const)
      expect(Math.abs(reported - actual)).toBeLessThanOrEqual(Math.max(1, actual * 0.2));
  }
  return dashboard;
}

describe("the usage dashboard", () => {
  it("adds up exactly what the run steps of real runs say, per day, model, bot and deployment", async () => {
    const { workspace } = await newUser("usage");
    const openai = await newCredential(workspace.id, "OPENAI", `${fixture.url}/v1`, "sk-test");
    const anthropic = await newCredential(workspace.id, "ANTHROPIC", `${fixture.url}/anthropic`, "sk-ant-test");
    // a negotiated rate for one model: the worker must cost its calls at it, not at the list price
    await setModelPrice(db(), workspace.id, { provider: "OPENAI", model: "gpt-4o-mini", inputPerMillion: 1, outputPerMillion: 2 });
    const cheap = chatFlow({ credentialId: openai.id, model: "gpt-4o-mini", maxRetries: 0 });
    const frontier = chatFlow({ credentialId: anthropic.id, model: "claude-sonnet-4-5", maxRetries: 0, maxTokens: 256 });
    const cheapBot = await newBot(workspace.id, cheap);
    const frontierBot = await newBot(workspace.id, frontier);
    const deployment = await newDeployment(workspace.id, frontierBot.id, frontier, { slug: "support" });

    const runAll = (count: number, job: Parameters<typeof client.run>[0]) =>
      Promise.all(
        Array.from({ length: count }, async (_, index) =>
          (await client.run({ ...job, message: `${job.message} ${"word ".repeat(index)}` })).finished.then((event) => event.status),
        ),
      );
    expect(await runAll(6, { workspaceId: workspace.id, botId: cheapBot.id, graph: cheap, message: "hello" })).toEqual(
      Array(6).fill("SUCCEEDED"),
    );
    expect(
      await runAll(4, { workspaceId: workspace.id, botId: frontierBot.id, graph: frontier, message: "hi", deploymentId: deployment.id }),
    ).toEqual(Array(4).fill("SUCCEEDED"));
    fixture.setBehavior({ failures: { mode: "500" } });
    try {
      expect(await runAll(2, { workspaceId: workspace.id, botId: cheapBot.id, graph: cheap, message: "fail" })).toEqual([
        "FAILED",
        "FAILED",
      ]);
    } finally {
      fixture.setBehavior(null);
    }

    const steps = await db().runStep.findMany({ where: { run: { workspaceId: workspace.id }, model: "gpt-4o-mini", status: "SUCCEEDED" } });
    expect(steps).toHaveLength(6);
    for (const step of steps) expect(step.costUsd).toBeCloseTo((step.tokensIn * 1 + step.tokensOut * 2) / 1e6, 15);

    const filters = { from: today(), to: today() };
    const [totals] = await expectSameFigures(workspace.id, filters, []);
    expect(totals).toMatchObject({ requests: 12, errors: 2 });
    await expectSameFigures(workspace.id, filters, ["day"]);
    const byModel = await expectSameFigures(workspace.id, filters, ["model"]);
    expect(byModel.map((row) => row.key)).toEqual([
      ["ANTHROPIC", "claude-sonnet-4-5"],
      ["OPENAI", "gpt-4o-mini"],
    ]);
    await expectSameFigures(workspace.id, filters, ["bot"]);
    const byDeployment = await expectSameFigures(workspace.id, filters, ["deployment"]);
    expect(byDeployment.map((row) => [row.key[0], row.requests])).toEqual([
      ["", 8],
      [deployment.id, 4],
    ]);

    // the CSV's grouping: every dimension at once
    expect(await expectSameFigures(workspace.id, filters, ["day", "bot", "deployment", "model"])).toHaveLength(2);

    // filters narrow every figure the same way
    const deployed = await queryUsage(db(), workspace.id, { ...filters, deploymentId: deployment.id });
    expect(deployed[0]).toMatchObject({ requests: 4, errors: 0, tokensOut: 32 });
    const outside = await queryUsage(db(), workspace.id, { ...filters, deploymentId: "none", model: "gpt-4o-mini" });
    expect(outside[0]).toMatchObject({ requests: 8, errors: 2, tokensOut: 24 });
    expect(await queryUsage(db(), workspace.id, { from: "2020-01-01", to: "2020-01-31" })).toEqual([]);
    // another workspace sees none of it
    const stranger = await newUser("stranger");
    expect(await queryUsage(db(), stranger.workspace.id, filters)).toEqual([]);
  });

  it("counts a step once when a re-executed run writes it again", async () => {
    const { workspace } = await newUser("rerun");
    const bot = await newBot(workspace.id, chatFlow({ credentialId: "none", model: "m" }));
    const writer = new RunWriter(process.env.DATABASE_URL!, 1);
    const now = Date.now();
    const run = runRecord(workspace.id, bot.id, now, { tokensIn: 10, tokensOut: 5, costUsd: 0.1, output: null });
    const step = (tokensIn: number, tokensOut: number, costUsd: number, latency: number, status: "SUCCEEDED" | "FAILED") =>
      modelStep(run.id, now, latency, { status, tokensIn, tokensOut, costUsd });
    try {
      await writer.write(run, [step(10, 5, 0.1, 40, "SUCCEEDED")]);
      // a worker died after writing; another worker runs the job again and writes the same step
      await writer.write({ ...run, tokensIn: 20, tokensOut: 7, costUsd: 0.3 }, [step(20, 7, 0.3, 900, "FAILED")]);
    } finally {
      await writer.close();
    }
    const [totals] = await queryUsage(db(), workspace.id, { from: today(), to: today() });
    expect(totals).toMatchObject({ requests: 1, errors: 1, tokensIn: 20, tokensOut: 7 });
    expect(totals!.costUsd).toBeCloseTo(0.3, 12);
    expect(Math.abs(totals!.latencyP95Ms! - 900)).toBeLessThanOrEqual(900 * 0.2);
    const [row] = await db().usageDaily.findMany({ where: { workspaceId: workspace.id } });
    // the first write's latency bucket is emptied, not left behind with a count
    expect(row!.latencyHistogram.filter((count) => count !== 0)).toEqual([1]);
  });

  it("stores a batch whole, and counts each step once, when one of its runs another worker wrote first", async () => {
    const { workspace } = await newUser("rerun-batch");
    const bot = await newBot(workspace.id, chatFlow({ credentialId: "none", model: "m" }));
    const first = new RunWriter(process.env.DATABASE_URL!, 1);
    const second = new RunWriter(process.env.DATABASE_URL!, 1);
    const now = Date.now();
    const run = (tokensIn: number) =>
      runRecord(workspace.id, bot.id, now, { tokensIn, tokensOut: 1, costUsd: 0.01 * tokensIn, output: { text: `in ${tokensIn}` } });
    const step = (record: ReturnType<typeof run>) =>
      modelStep(record.id, now, 30, { status: "SUCCEEDED", tokensIn: record.tokensIn, tokensOut: 1, costUsd: record.costUsd });
    const stored = run(10);
    const rerun = { ...stored, tokensIn: 20, costUsd: 0.2, output: { text: "in 20" } };
    const [earlier, fresh] = [run(3), run(5)];
    try {
      // the first worker stored the run, then died; the second runs it again
      await first.write(stored, [step(stored)]);
      // while the second's write of another run is in flight, the re-run and a new run gather into one batch
      const inFlight = second.write(earlier, [step(earlier)]);
      await Promise.all([inFlight, second.write(rerun, [step(rerun)]), second.write(fresh, [step(fresh)])]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
    const rows = await db().run.findMany({ where: { workspaceId: workspace.id }, include: { steps: true } });
    expect(Object.fromEntries(rows.map((row) => [row.id, [row.output, row.steps.map((s) => s.tokensIn)]]))).toEqual({
      [stored.id]: [{ text: "in 20" }, [20]],
      [earlier.id]: [{ text: "in 3" }, [3]],
      [fresh.id]: [{ text: "in 5" }, [5]],
    });
    const [totals] = await queryUsage(db(), workspace.id, { from: today(), to: today() });
    expect(totals).toMatchObject({ requests: 3, errors: 0, tokensIn: 28, tokensOut: 3 });
    expect(totals!.costUsd).toBeCloseTo(0.28, 12);
    const [row] = await db().usageDaily.findMany({ where: { workspaceId: workspace.id } });
    expect(row!.latencyHistogram.reduce((sum, count) => sum + count, 0)).toBe(3);
  });
});

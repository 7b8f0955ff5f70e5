// Monthly budgets hold under load: 50 runs started at once through the admission gate, executed by a
// real worker that charges what they cost, never overshoot the cap by more than one run's cost.
import { randomUUID } from "node:crypto";
import { monthRange, readBudgetState, setBudget } from "@switchyard/db";
import type { FlowGraph } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { createBudgetGate, type BudgetGate } from "@switchyard/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { createRunClient, startWorker, type WorkerProcess } from "../runs/worker-harness";
import { chatFlow, db, newBot, newCredential, newUser, redis } from "../support";
import { newDeployment } from "./deployment";

let fixture: ProviderFixture;
let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;
let gate: BudgetGate;

beforeAll(async () => {
  // a little latency so runs admitted together are really in flight together
  fixture = await startProviderFixture({ latencyMs: 50, replies: { "gpt-4o": "a fixed reply of eight words for cost" } });
  worker = await startWorker();
  client = createRunClient();
  gate = createBudgetGate({ redis: redis(), load: (scope, at) => readBudgetState(db(), scope, at) });
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await fixture?.close();
});

interface Target {
  workspaceId: string;
  botId: string;
  graph: FlowGraph;
  deploymentId: string | null;
}

async function setUp(label: string) {
  const { workspace } = await newUser(label);
  const credential = await newCredential(workspace.id, "OPENAI", `${fixture.url}/v1`, "sk-test");
  const graph = chatFlow({ credentialId: credential.id, model: "gpt-4o" });
  const bot = await newBot(workspace.id, graph);
  return { workspaceId: workspace.id, botId: bot.id, graph };
}

/** What a run start does: admit, then enqueue; the result is the finished run's status or "refused". */
async function start(target: Target): Promise<string> {
  const runId = randomUUID();
  try {
    await gate.admit({ runId, workspaceId: target.workspaceId, deploymentId: target.deploymentId });
  } catch (error) {
    if (error instanceof AppError && error.code === "BUDGET_EXCEEDED") return "refused";
    throw error;
  }
  const run = await client.run({ ...target, runId, message: "the same question every time" });
  return (await run.finished).status;
}

const burst = (target: Target, count: number) => Promise.all(Array.from({ length: count }, () => start(target)));

async function monthSpend(workspaceId: string, deploymentId: string | null = null) {
  const { start: from, end } = monthRange(new Date());
  const runs = await db().run.findMany({
    where: { workspaceId, ...(deploymentId && { deploymentId }), createdAt: { gte: from, lt: end } },
    select: { costUsd: true, status: true },
  });
  expect(runs.every((run) => run.status === "SUCCEEDED")).toBe(true);
  return runs.reduce((sum, run) => sum + run.costUsd, 0);
}

describe("monthly budgets", () => {
  it("lets 50 concurrent runs overshoot a workspace cap by at most one run's cost, then refuses with a clear error", async () => {
    const setup = await setUp("budget");
    const target = { ...setup, deploymentId: null };
    // one run to learn what a run costs here (every run below asks the same and gets the same reply)
    expect(await start(target)).toBe("SUCCEEDED");
    const runCost = await monthSpend(target.workspaceId);
    expect(runCost).toBeGreaterThan(0);

    const cap = runCost * 10.5;
    await setBudget(db(), { workspaceId: target.workspaceId, deploymentId: null }, { monthlyBudgetUsd: cap, budgetWarnPercent: 80 });
    await gate.forget({ workspaceId: target.workspaceId, deploymentId: null });
    const results = await burst(target, 50);
    const admitted = results.filter((result) => result === "SUCCEEDED").length;
    expect(results.filter((result) => result === "refused").length).toBe(50 - admitted);

    const spent = await monthSpend(target.workspaceId);
    expect(spent).toBeLessThanOrEqual(cap + runCost + 1e-12);
    expect(spent).toBeGreaterThanOrEqual(cap - runCost); // the budget was used, not refused early
    expect(admitted).toBe(Math.round(spent / runCost) - 1);

    const refusal = await gate.admit({ runId: randomUUID(), ...target }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).status).toBe(402);
    expect((refusal as AppError).message).toMatch(
      /^This workspace has reached its monthly budget of \$0\.00\d+ \(\$0\.00\d+ spent\)\. New runs are paused/,
    );

    // raising the budget lets runs start again
    await setBudget(db(), { workspaceId: target.workspaceId, deploymentId: null }, { monthlyBudgetUsd: cap * 2, budgetWarnPercent: 80 });
    await gate.forget({ workspaceId: target.workspaceId, deploymentId: null });
    expect(await start(target)).toBe("SUCCEEDED");
  });

  it("holds a deployment cap too, admitting one run at a time until a run's cost is known", async () => {
    const setup = await setUp("deployment-budget");
    const deployment = await newDeployment(setup.workspaceId, setup.botId, setup.graph, { slug: "capped", monthlyBudgetUsd: 0.001 });
    const target = { ...setup, deploymentId: deployment.id };

    // nothing is known about what a run costs: the first run holds the whole headroom
    const first = await burst(target, 50);
    expect(first.filter((result) => result === "SUCCEEDED")).toHaveLength(1);
    const runCost = await monthSpend(target.workspaceId, deployment.id);

    const second = await burst(target, 50);
    const spent = await monthSpend(target.workspaceId, deployment.id);
    expect(second.filter((result) => result === "SUCCEEDED").length).toBe(Math.round(spent / runCost) - 1);
    expect(spent).toBeLessThanOrEqual(0.001 + runCost + 1e-12);
    expect(spent).toBeGreaterThanOrEqual(0.001 - runCost);
    const refusal = await gate.admit({ runId: randomUUID(), ...target }).catch((error: unknown) => error);
    expect((refusal as AppError).message).toMatch(/^This deployment has reached its monthly budget/);
  });
});

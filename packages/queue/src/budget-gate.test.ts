// Against the real Redis on loopback, each test under its own key prefix. PostgreSQL's figures come
// from `load`, which counts how often it is asked.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createBudgetGate, type BudgetFigures } from "./budget-gate";

const clients: Redis[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((redis) => redis.quit().catch(() => redis.disconnect())));
});

function gateWith(figures: (scope: { deploymentId: string | null }) => BudgetFigures) {
  const redis = new Redis("redis://127.0.0.1:6379", { keyPrefix: `test:budget:${randomUUID()}:` });
  clients.push(redis);
  const loads: (string | null)[] = [];
  const gate = createBudgetGate({
    redis,
    load: async (scope) => {
      loads.push(scope.deploymentId);
      await new Promise((resolve) => setTimeout(resolve, 30)); // a PostgreSQL read takes a while
      return figures(scope);
    },
  });
  return { gate, loads };
}

const run = (deploymentId: string | null = null) => ({ runId: randomUUID(), workspaceId: "ws", deploymentId });
const capped = (capUsd: number | null, spentUsd: number, maxRunCostUsd: number | null): BudgetFigures => ({
  capUsd,
  warnPercent: 80,
  spentUsd,
  maxRunCostUsd,
});

describe("budget gate", () => {
  it("admits, among runs arriving at once, only as many as the headroom holds at the costliest run's cost", async () => {
    const { gate, loads } = gateWith(() => capped(1, 0.9, 0.04));
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => gate.admit(run())));
    // a run is admitted while spent + held < cap: at 0.90, 0.94 and 0.98, not at 1.02
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(3);
    const refused = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "BUDGET_EXCEEDED" });
    expect(String(refused.reason.message)).toMatch(/monthly budget of \$1\.00 \(\$0\.90 spent with \$0\.12 held/);
    expect(loads).toHaveLength(1); // one caller re-read the figures; the rest waited for it
  });

  it("frees a hold when the run settles or is released, and adds what it cost", async () => {
    const { gate } = gateWith(() => capped(1, 0.9, 0.06));
    const [first, second] = [run(), run()];
    await gate.admit(first);
    await gate.admit(second); // 0.96 < 1
    await expect(gate.admit(run())).rejects.toMatchObject({ code: "BUDGET_EXCEEDED" }); // 1.02
    await gate.release(first);
    const third = run();
    await gate.admit(third); // 0.96 again
    await gate.settle({ ...third, createdAt: Date.now(), costUsd: 0.02 }); // spent 0.92, 0.06 held
    await gate.admit(run()); // 0.98 < 1
    await expect(gate.admit(run())).rejects.toMatchObject({ code: "BUDGET_EXCEEDED" }); // 1.04
  });

  it("checks the deployment's own cap as well as the workspace's", async () => {
    const { gate, loads } = gateWith((scope) => (scope.deploymentId ? capped(0.5, 0.5, 0.01) : capped(null, 0, null)));
    await gate.admit(run()); // the workspace has no cap
    await expect(gate.admit(run("dep-1"))).rejects.toThrow(/This deployment has reached its monthly budget of \$0\.50/);
    expect(loads.sort()).toEqual(["dep-1", null].sort());
  });

  it("reads the figures again after forget", async () => {
    let spent = 1;
    const { gate, loads } = gateWith(() => capped(1, spent, 0.01));
    await expect(gate.admit(run())).rejects.toMatchObject({ code: "BUDGET_EXCEEDED" });
    spent = 0.5;
    await gate.forget({ workspaceId: "ws", deploymentId: null });
    await gate.admit(run());
    expect(loads).toHaveLength(2);
  });
});

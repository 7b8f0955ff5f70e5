// Pools against the real worker (two processes) and two provider fixture servers: calls spread over
// the members by in-flight count across workers, a member answering 429 rests for its Retry-After while
// the other answers, every member failing is one clear error, and the trace names the member.
import { createPool, deleteCredential, workspaceReferences } from "@switchyard/db";
import { compileFlow, poolReference } from "@switchyard/engine";
import { nodeRegistry } from "@switchyard/nodes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type FixtureOptions, type ProviderFixture } from "../../fixtures/providers/server";
import { chatFlow, db, newBot, newCredential, newUser } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "./worker-harness";

let workers: WorkerProcess[] = [];
let client: ReturnType<typeof createRunClient>;
const fixtures: ProviderFixture[] = [];

beforeAll(async () => {
  workers = await Promise.all([startWorker(), startWorker()]);
  client = createRunClient();
}, 60_000);

afterAll(async () => {
  await client?.close();
  await Promise.all(workers.map((worker) => worker.stop()));
  await Promise.all(fixtures.map((fixture) => fixture.close()));
});

const fixture = async (options: FixtureOptions) => {
  const started = await startProviderFixture(options);
  fixtures.push(started);
  return started;
};

/** A workspace with one credential per fixture, a pool of them in that order, and a bot naming the pool. */
async function pooled(servers: ProviderFixture[], members: { model?: string }[] = [], model: Record<string, unknown> = {}) {
  const { workspace } = await newUser("pools");
  const credentials = [];
  for (const server of servers) credentials.push(await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${server.url}/v1`));
  const pool = await createPool(db(), workspace.id, {
    name: "small model",
    members: credentials.map((credential, index) => ({ credentialId: credential.id, model: members[index]?.model ?? null })),
  });
  const graph = chatFlow({ credentialId: poolReference(pool.id), model: "fixture-small", ...model });
  const bot = await newBot(workspace.id, graph);
  return {
    workspace,
    credentials,
    pool,
    graph,
    start: (message = "hello") => client.run({ workspaceId: workspace.id, botId: bot.id, graph, message }),
  };
}

const modelStep = (runId: string) => db().runStep.findFirstOrThrow({ where: { runId, nodeId: "model" } });
type Detail = { attempts: { error?: string; member?: string }[]; note?: string; pool?: { member: string; failovers: string[] } };
const generations = (server: ProviderFixture) => server.requests.filter((request) => request.path === "/v1/chat/completions").length;

describe("model pools", () => {
  it("spreads concurrent calls evenly over the members, counted across two worker processes", async () => {
    const [a, b] = [await fixture({ latencyMs: 2_000 }), await fixture({ latencyMs: 2_000 })];
    const { start, credentials } = await pooled([a!, b!]);
    const runs = await Promise.all(Array.from({ length: 10 }, (_, i) => start(`question ${i}`)));
    const finished = await Promise.all(runs.map((run) => run.finished));
    expect(finished.map((event) => event.status)).toEqual(Array(10).fill("SUCCEEDED"));
    // every call overlapped every other (2 s each), so least in-flight puts exactly half on each member
    expect([generations(a!), generations(b!)]).toEqual([5, 5]);
    const members = await Promise.all(runs.map(async (run) => ((await modelStep(run.runId)).detail as Detail).pool?.member));
    expect(members.filter((name) => name === credentials[0]!.name)).toHaveLength(5);
    expect(members.filter((name) => name === credentials[1]!.name)).toHaveLength(5);
  }, 60_000);

  it("fails over from a member answering 429, rests it for its Retry-After, and bills the member that answered", async () => {
    const limited = await fixture({ failures: { mode: "429", retryAfterSeconds: 2 } });
    const healthy = await fixture({});
    const { start, credentials } = await pooled([limited, healthy], [{}, { model: "fixture-large" }]);

    const first = await start();
    expect((await first.finished).status).toBe("SUCCEEDED");
    const step = await modelStep(first.runId);
    const detail = step.detail as Detail;
    expect(detail.attempts.map((attempt) => [attempt.member, Boolean(attempt.error)])).toEqual([
      [credentials[0]!.name, true],
      [credentials[1]!.name, false],
    ]);
    expect(detail.pool).toMatchObject({ member: credentials[1]!.name });
    expect(detail.pool!.failovers[0]).toMatch(/resting 2 s/);
    expect(detail.note).toMatch(new RegExp(`Pool small model: ${credentials[1]!.name} answered after 1 failover`));
    // the member's own model name, so usage and cost go to what really answered
    expect([step.provider, step.model]).toEqual(["OPENAI_COMPATIBLE", "fixture-large"]);
    expect(healthy.requests.at(-1)!.body).toMatchObject({ model: "fixture-large" });

    // resting: the next call goes straight to the healthy member, the limited one sees nothing
    const second = await start();
    expect((await second.finished).status).toBe("SUCCEEDED");
    expect(generations(limited)).toBe(1);
    expect(((await modelStep(second.runId)).detail as Detail).attempts).toHaveLength(1);

    // after its Retry-After the limited member is tried again (and still refuses)
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const third = await start();
    expect((await third.finished).status).toBe("SUCCEEDED");
    expect(generations(limited)).toBe(2);
  }, 30_000);

  it("serves a Router's route the same way, and the route's trace line names the member", async () => {
    const limited = await fixture({ failures: { mode: "429", retryAfterSeconds: 30 } });
    const healthy = await fixture({});
    const { workspace, credentials, pool } = await pooled([limited, healthy]);
    const graph = chatFlow({});
    graph.nodes[2] = {
      id: "model",
      type: "router",
      config: { routes: [{ name: "only", credentialId: poolReference(pool.id), model: "fixture-small" }] },
      position: { x: 400, y: 0 },
    };
    const bot = await newBot(workspace.id, graph);
    const run = await client.run({ workspaceId: workspace.id, botId: bot.id, graph, message: "hi" });
    expect((await run.finished).status).toBe("SUCCEEDED");
    const detail = (await modelStep(run.runId)).detail as Detail;
    const [first, second] = credentials.map((credential) => credential.name);
    expect(detail.note).toMatch(
      new RegExp(`^Route "only": .+\\. Pool small model: ${second} answered after 1 failover \\(${first}: .+; resting 30 s\\)$`),
    );
    expect(detail.attempts.map((attempt) => attempt.member)).toEqual([credentials[0]!.name, credentials[1]!.name]);
  }, 30_000);

  it("says clearly when every member failed, and when every member is resting", async () => {
    const [a, b] = [await fixture({ failures: { mode: "500" } }), await fixture({ failures: { mode: "503" } })];
    const { start } = await pooled([a!, b!]);
    const first = await (await start()).finished;
    expect(first.status).toBe("FAILED");
    expect(first.error).toMatch(/every member of pool "small model" failed or is resting/);
    const second = await (await start()).finished;
    expect(second.status).toBe("FAILED");
    expect(second.error).toMatch(/every member of pool "small model" is resting after failures; the first resting member is back in \d+ s/);
    // a member is called once per request (no retries of the same member), and not at all while resting
    expect([generations(a!), generations(b!)]).toEqual([1, 1]);
  }, 30_000);

  it("does not fail over once tokens have streamed", async () => {
    const dropping = await fixture({ failures: { mode: "drop", afterChunks: 2 }, reply: "one two three four five six" });
    const other = await fixture({});
    const { start } = await pooled([dropping, other], [], { stream: true });
    const run = await start();
    const finished = await run.finished;
    expect(finished.status).toBe("FAILED");
    expect(run.events.some((event) => event.type === "token")).toBe(true);
    expect(generations(other)).toBe(0);
  }, 30_000);

  it("is a valid reference while it has members; once its credentials are removed, the check names the node", async () => {
    const server = await fixture({});
    const { workspace, credentials, pool, graph } = await pooled([server]);
    const before = await workspaceReferences(db(), workspace.id);
    expect(before.credential.has(poolReference(pool.id))).toBe(true);
    expect(compileFlow(graph, nodeRegistry, { references: before }).ok).toBe(true);

    await deleteCredential(db(), workspace.id, credentials[0]!.id);
    const after = await workspaceReferences(db(), workspace.id);
    expect(after.credential.has(poolReference(pool.id))).toBe(false);
    const compiled = compileFlow(graph, nodeRegistry, { references: after });
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(compiled.problems).toEqual([
      expect.objectContaining({ nodeId: "model", message: expect.stringMatching(/^Model: Provider: this pool .* has no members left/) }),
    ]);
  });
});

// The platform on a Redis Cluster (REDIS_CLUSTER_NODES): a private cluster of three masters with a
// replica each, on loopback. The run path (a published bot through the worker, over the widget and the
// OpenAI-compatible endpoint), the eval path and the publish path work on it, with the keys spread over
// every master; then the master holding the run queue is killed mid-load and its replica takes over:
// requests meanwhile are answered or refused with a 503 (none hangs, no 500), no run is lost or stuck,
// and the same processes serve again afterwards. docs/scaling.md has the figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bullPrefix, connectRedis, createSubscriber } from "@switchyard/queue";
import { startRedisCluster, type PrivateRedisCluster } from "../support/redis-cluster";
import { startChaosPlatform, type ChaosPlatform } from "./harness";
import { failoverScenario, loadScenario } from "./scenarios";

const port = Number(process.env.CHAOS_PORT ?? 3283);
const saved = { nodes: process.env.REDIS_CLUSTER_NODES, url: process.env.REDIS_URL };
let cluster: PrivateRedisCluster | undefined;
let platform: ChaosPlatform | undefined;

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, nodeTimeoutMs: 1_000 });
  process.env.REDIS_CLUSTER_NODES = cluster.nodes;
  process.env.REDIS_URL = `redis://127.0.0.1:${cluster.ports[0]}`; // credentials only: the nodes come from REDIS_CLUSTER_NODES
  platform = await startChaosPlatform({ port, workers: 2 });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await cluster?.stop();
  for (const [name, value] of [
    ["REDIS_CLUSTER_NODES", saved.nodes],
    ["REDIS_URL", saved.url],
  ] as const)
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
});

/** Keys of this platform's namespace on each master (DBSIZE counts only a node's own slots). */
function keysPerMaster() {
  const masters = cluster!.ports.filter((port) => /role:master/.test(cluster!.cli(port, "info", "replication")));
  return masters.map((master) => Number(cluster!.cli(master, "dbsize").trim()));
}

describe("on a Redis Cluster", () => {
  it("serves the run, eval and publish paths with keys on every master", async () => {
    const { baseUrl, bot } = platform!;
    // run path: a published bot, through both public endpoints, run by the workers
    const widget = await loadScenario(platform!, { sessions: 6, messages: 3, via: "public", providerLatencyMs: 50 });
    const v1 = await loadScenario(platform!, { sessions: 6, messages: 3, via: "v1", providerLatencyMs: 50 });
    console.log(JSON.stringify({ widget, v1 }));
    for (const figures of [widget, v1]) {
      expect(figures.outcomes).toEqual({ ok: 18 });
      expect(figures.lost).toBe(0);
    }

    // publish path: a new version deployed over the old one is what the endpoints serve at once
    const post = async (path: string, body: unknown, method = "POST") => {
      const response = await fetch(`${baseUrl}/api/workspaces/${bot.workspaceId}${path}`, {
        method,
        headers: { "content-type": "application/json", cookie: bot.cookie, origin: baseUrl },
        body: JSON.stringify(body),
      });
      expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
      return (await response.json()) as Record<string, unknown>;
    };
    await post(`/bots/${bot.botId}/versions`, { note: "second" });
    const deployments = (await (
      await fetch(`${baseUrl}/api/workspaces/${bot.workspaceId}/deployments`, { headers: { cookie: bot.cookie } })
    ).json()) as { deployments: { id: string; publicId: string }[] };
    const deployment = deployments.deployments.find((candidate) => candidate.publicId === bot.publicId)!;
    await post(`/deployments/${deployment.id}`, { version: 2 }, "PATCH");
    const afterPublish = await loadScenario(platform!, { sessions: 2, messages: 2, via: "v1", providerLatencyMs: 50 });
    expect(afterPublish.outcomes).toEqual({ ok: 4 });

    // eval path: a dataset measured on the published version by the eval workers
    const { dataset } = (await post("/datasets", {
      name: "cluster",
      rows: Array.from({ length: 6 }, (_, index) => ({ input: `question ${index}`, expected: "anything" })),
    })) as { dataset: { id: string } };
    const { evalRun } = (await post("/eval-runs", {
      botId: bot.botId,
      datasetId: dataset.id,
      variants: [
        { key: "a", label: "a", overrides: {} },
        { key: "b", label: "b", overrides: {} },
      ],
      evaluators: [{ id: "exact", kind: "exact_match" }],
    })) as { evalRun: { id: string; total: number } };
    let polled = { status: "", completed: 0 };
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && !["SUCCEEDED", "FAILED"].includes(polled.status);) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const response = await fetch(`${baseUrl}/api/workspaces/${bot.workspaceId}/eval-runs/${evalRun.id}`, {
        headers: { cookie: bot.cookie },
      });
      polled = ((await response.json()) as { evalRun: typeof polled }).evalRun;
    }
    expect(polled).toMatchObject({ status: "SUCCEEDED", completed: evalRun.total });
    expect(evalRun.total).toBe(12);

    // the platform's keys live on every master, not one
    const perMaster = keysPerMaster();
    console.log(JSON.stringify({ keysPerMaster: perMaster }));
    expect(perMaster).toHaveLength(3);
    for (const count of perMaster) expect(count).toBeGreaterThan(0);
  }, 90_000);

  it("moves a subscription to another node when its node goes away, and says so", async () => {
    const queueReplica = cluster!.replicaOf(cluster!.masterOf(`${bullPrefix()}:runs:wait`));
    const replicas = cluster!.ports.filter((port) => /role:slave/.test(cluster!.cli(port, "info", "replication")));
    const victim = replicas.find((port) => port !== queueReplica)!;
    // seeded with that replica alone, the subscriber's first connection is to it (later ones go anywhere)
    process.env.REDIS_CLUSTER_NODES = `127.0.0.1:${victim}`;
    const subscriber = createSubscriber(process.env.REDIS_URL!);
    process.env.REDIS_CLUSTER_NODES = cluster!.nodes;
    const publisher = connectRedis(process.env.REDIS_URL!);
    const heard: string[] = [];
    let closes = 0;
    subscriber.on("message", (_channel, message) => heard.push(message));
    subscriber.on("close", () => closes++);
    subscriber.on("error", () => undefined);
    try {
      await subscriber.subscribe("cluster-test");
      await publisher.publish("cluster-test", "before");
      await expect.poll(() => heard).toEqual(["before"]);
      expect(cluster!.cli(victim, "pubsub", "numsub", "cluster-test")).toMatch(/cluster-test\s+1/);

      const killedAt = performance.now();
      await cluster!.kill(victim);
      await expect.poll(() => closes).toBe(1);
      // published until heard: the subscription is back once a message gets through
      for (let attempt = 0; !heard.includes("after"); attempt++) {
        expect(attempt, "resubscribed within 5 s").toBeLessThan(100);
        await publisher.publish("cluster-test", "after");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      console.log(JSON.stringify({ subscriberBackAfterMs: Math.round(performance.now() - killedAt) }));
    } finally {
      await subscriber.quit().catch(() => undefined);
      publisher.disconnect();
    }
  });

  it("rides out the failover of the master holding the run queue", async () => {
    const queueMaster = cluster!.masterOf(`${bullPrefix()}:runs:wait`);
    const failover = async () => {
      await cluster!.kill(queueMaster);
      await cluster!.waitForHealthy();
    };
    const figures = await failoverScenario(platform!, { sessions: 8, beforeMs: 2_000, afterMs: 3_000, patienceMs: 20_000, failover });
    // event appends the workers could not make while the slot had no master (their runs' finish records have them)
    const appendsFailed = platform!.workers.reduce((sum, worker) => sum + (worker.output().match(/could not publish/g)?.length ?? 0), 0);
    const newMaster = cluster!.masterOf(`${bullPrefix()}:runs:wait`);
    console.log(JSON.stringify({ killedMaster: queueMaster, newMaster, appendsFailed, ...figures }));
    expect(figures.hung, "requests that hung").toBe(0);
    expect(figures.internalErrors, "500s").toBe(0);
    expect(figures.lost, "acknowledged messages lost").toBe(0);
    expect(figures.notStored, "accepted runs not stored").toBe(0);
    expect(figures.stuck, "runs left queued or running").toBe(0);
    expect(figures.duplicatedSteps).toBe(0);
    expect(figures.before.ok).toBeGreaterThan(0);
    // every request in the failover window was answered or refused with a clear 503
    for (const kind of Object.keys(figures.during)) expect(["ok", "rejected 503", "failed"]).toContain(kind);
    expect(figures.recovery).toEqual({ ok: 8 });
    expect(platform!.web!.child.exitCode).toBeNull();
    for (const worker of platform!.workers) expect(worker.child.exitCode).toBeNull();
  }, 90_000);
});

// A finished run's events leave Redis within a minute and are served from PostgreSQL afterwards: a
// client that reconnects with Last-Event-ID after the stream is gone gets every later event once.
import { readArchivedRunEvents } from "@switchyard/db";
import type { RunEvent } from "@switchyard/engine";
import { createRedis, FINISHED_RUN_EVENTS_GRACE_MS, readRunEvents, RunEventHub, runEventsKey, RUN_EVENTS_TTL_MS } from "@switchyard/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { chatFlow, db, newBot, newCredential, newUser, redis } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "./worker-harness";

let fixture: ProviderFixture;
let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;

beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "gpt-4o-mini": "Paris is the capital of France, on the Seine." } });
  worker = await startWorker();
  client = createRunClient();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await fixture?.close();
});

/** Subscribes as the events endpoint does, from `afterId`, and collects until run.finished. */
async function replay(hub: RunEventHub, runId: string, afterId: string) {
  const received: { id: string; event: RunEvent }[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no run.finished after ${afterId}`)), 10_000);
    void hub.subscribe(
      runId,
      (event, id) => {
        received.push({ id, event });
        if (event.type !== "run.finished") return;
        clearTimeout(timer);
        resolve();
      },
      { replay: true, afterId },
    );
  });
  return received;
}

describe("a finished run's events", () => {
  it("expire from Redis within the grace and replay from PostgreSQL with no gap or duplicate", async () => {
    const { workspace } = await newUser("event-archive");
    const credential = await newCredential(workspace.id, "OPENAI", `${fixture.url}/v1`, "sk-test");
    const graph = chatFlow({ credentialId: credential.id, model: "gpt-4o-mini" });
    const bot = await newBot(workspace.id, graph);
    fixture.setBehavior({ tokenDelayMs: 5 }); // tokens in several appends, so there is a middle to resume from
    let run;
    try {
      run = await client.run({ workspaceId: workspace.id, botId: bot.id, graph, message: "Capital of France?" });
      await run.finished;
    } finally {
      fixture.setBehavior(null);
    }
    const live = await readRunEvents(redis(), run.runId);
    expect(live.at(-1)!.event.type).toBe("run.finished");
    expect(live.length).toBeGreaterThan(4);

    // still going: an hour; finished: at most the grace (a minute), set once the finish record is
    // stored (the run is announced first, and its record rides on the stream until then)
    await expect.poll(() => redis().pttl(runEventsKey(run.runId)), { timeout: 5_000 }).toBeLessThanOrEqual(FINISHED_RUN_EVENTS_GRACE_MS);
    expect(await redis().pttl(runEventsKey(run.runId))).toBeGreaterThan(0);
    expect(FINISHED_RUN_EVENTS_GRACE_MS).toBeLessThan(RUN_EVENTS_TTL_MS);

    // the archive holds the same events under the same ids
    const archived = (await readArchivedRunEvents(db(), run.runId))!;
    expect(archived.slice(0, -1)).toEqual(live.slice(0, -1));
    expect(archived.at(-1)!.event).toEqual(live.at(-1)!.event);

    // the stream expires; a client that saw up to a middle event reconnects
    await redis().del(runEventsKey(run.runId));
    const subscriber = createRedis(process.env.REDIS_URL!, { blocking: true });
    const hub = new RunEventHub(redis(), subscriber, (runId) => readArchivedRunEvents(db(), runId));
    try {
      const middle = Math.floor(live.length / 2);
      const resumed = await replay(hub, run.runId, live[middle]!.id);
      expect(resumed.map((entry) => entry.event)).toEqual(live.slice(middle + 1).map((entry) => entry.event));
      expect(resumed.slice(0, -1).map((entry) => entry.id)).toEqual(live.slice(middle + 1, -1).map((entry) => entry.id));
      // from the start: everything, once
      const whole = await replay(hub, run.runId, "0-0");
      expect(whole.map((entry) => entry.event)).toEqual(live.map((entry) => entry.event));
    } finally {
      subscriber.disconnect();
    }
  });
});

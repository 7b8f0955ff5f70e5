// npm run bench:controlflow:approval [-- --paused 1000 --rate 100 --seconds 10 --resumes 100]
// Human approval under load, on the real worker, PostgreSQL, Redis and BullMQ:
//  1. normal traffic (a prompt → model → output bot against the fixture) at a fixed rate: latency;
//  2. `paused` runs parked at an Approval node: how many jobs they hold (none should be active);
//  3. the same traffic again while they wait: latency, to compare with 1;
//  4. `resumes` answers one after another: time from the answer (the same call the API makes) to the
//     resumed run's first event (it continues) and to its finish;
//  5. the runs still paused cancelled, and the traffic once more: a latency change that stays is not
//     the paused runs' doing (the machine is shared).
// Writes bench/results/controlflow-approval.json.
import os from "node:os";
import { parseArgs } from "node:util";
import type { FlowGraph, RunEvent } from "@switchyard/engine";
import { createBullConnection, createRunQueue } from "@switchyard/queue";
import { startBenchPlatform } from "../support/platform";
import { cpuPerUnit } from "../support/process-cpu";
import { round, summarize, writeResult } from "../support/stats";

const { values: args } = parseArgs({
  options: {
    paused: { type: "string", default: "1000" },
    rate: { type: "string", default: "100" },
    seconds: { type: "string", default: "10" },
    resumes: { type: "string", default: "100" },
  },
});
const pausedCount = Number(args.paused);
const rate = Number(args.rate);
const seconds = Number(args.seconds);
const resumeCount = Math.min(Number(args.resumes), pausedCount);

const platform = await startBenchPlatform({ workers: 1 });
// imported once the platform has set DATABASE_URL and the Redis prefix
const { createRunClient } = await import("../../test/integration/runs/worker-harness");
const { db, newBot, newCredential, newUser } = await import("../../test/integration/support");
const { answerApproval, cancelPausedRun } = await import("@switchyard/runner/approvals");
const client = createRunClient();
const bull = createBullConnection(process.env.REDIS_URL!);
const queue = createRunQueue(bull);

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, config, position: { x: 0, y: 0 } });
const edge = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({
  id: `${source}-${target}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

try {
  const { workspace, user } = await newUser("bench");
  const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${platform.fixture.url}/v1`);
  const chat: FlowGraph = {
    nodes: [
      node("input", "chat-input"),
      node("model", "model", { credentialId: credential.id, model: "fixture-small", stream: false }),
      node("output", "chat-output"),
    ],
    edges: [edge("input", "message", "model", "prompt"), edge("model", "text", "output", "text")],
  };
  const gated: FlowGraph = {
    nodes: [node("input", "chat-input"), node("ask", "approval", { question: "Send {{input}}?" }), node("output", "chat-output")],
    edges: [edge("input", "message", "ask", "value"), edge("ask", "approved", "output", "text")],
  };
  const chatBot = await newBot(workspace.id, chat);
  const gatedBot = await newBot(workspace.id, gated);

  /**
   * Runs the chat bot at `rate` per second for `seconds`; latency from enqueue to run.finished, the
   * CPU each part of the machine spent per run (the worker's, PostgreSQL's, this process's: the load
   * generator and the fixture; "other" is the rest of the shared machine) and the load average before.
   */
  async function traffic(label: string) {
    const loadBefore = round(os.loadavg()[0]!, 2);
    const { result, cpuMsPerUnit } = await cpuPerUnit(
      { workers: platform.workers.map((worker) => worker.child.pid!) },
      () => trafficOnly(label),
      (figures) => figures.count + figures.failed,
    );
    const figures = { ...result, cpuMsPerRun: cpuMsPerUnit, loadAverage1mBefore: loadBefore };
    console.log(`${label}: cpu ms per run ${JSON.stringify(cpuMsPerUnit)}, load average before ${loadBefore}`);
    return figures;
  }

  async function trafficOnly(label: string) {
    const latencies: number[] = [];
    let failed = 0;
    const runs: Promise<void>[] = [];
    const began = Date.now();
    for (let index = 0; index < rate * seconds; index++) {
      const due = began + (index * 1000) / rate;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const sent = performance.now();
      runs.push(
        client
          .run({ workspaceId: workspace.id, botId: chatBot.id, graph: chat, message: `hi ${index}`, streamTokens: false })
          .then(async (run) => {
            const finished = await run.finished;
            if (finished.status === "SUCCEEDED") latencies.push(performance.now() - sent);
            else failed++;
          }),
      );
    }
    await Promise.all(runs);
    const figures = { ...summarize(latencies), failed, achievedRate: round((rate * seconds) / ((Date.now() - began) / 1000), 1) };
    console.log(`${label}: ${JSON.stringify(figures)}`);
    return figures;
  }

  await traffic("warm-up");
  const before = await traffic("traffic, nothing paused");

  // park the paused runs
  const parked: { runId: string; events: RunEvent[] }[] = [];
  const parkStarted = Date.now();
  for (let start = 0; start < pausedCount; start += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, pausedCount - start) }, (_, index) =>
        client.run({ workspaceId: workspace.id, botId: gatedBot.id, graph: gated, message: `post ${start + index}` }),
      ),
    );
    parked.push(...batch);
  }
  while (parked.some((run) => !run.events.some((event) => event.type === "run.waiting")))
    await new Promise((resolve) => setTimeout(resolve, 200));
  const parkSeconds = (Date.now() - parkStarted) / 1000;
  const held = {
    active: await queue.getActiveCount(),
    waiting: await queue.getWaitingCount(),
    delayedTimeouts: await queue.getDelayedCount(),
  };
  const waitingRows = await db().run.count({ where: { workspaceId: workspace.id, status: "WAITING" } });
  console.log(
    `${pausedCount} runs paused in ${round(parkSeconds, 1)} s; queue while they wait: ${JSON.stringify(held)}; WAITING rows ${waitingRows}`,
  );

  const during = await traffic(`traffic, ${pausedCount} paused`);

  // resume latency: answers one at a time
  const approvals = await db().approval.findMany({
    where: { workspaceId: workspace.id, status: "PENDING" },
    take: resumeCount,
    select: { id: true, runId: true },
  });
  const toContinue: number[] = [];
  const toFinish: number[] = [];
  for (const approval of approvals) {
    // followed by its own subscription, so the wait is event-driven (a polling loop here would take
    // a core of a two-core machine from the worker it is timing)
    let continued: number | undefined;
    let answered = Number.POSITIVE_INFINITY;
    let finishedAt!: () => void;
    const finished = new Promise<void>((resolve) => (finishedAt = resolve));
    const unsubscribe = await client.hub.subscribe(
      approval.runId,
      (event) => {
        continued ??= performance.now() - answered;
        if (event.type === "run.finished") finishedAt();
      },
      { replay: false },
    );
    answered = performance.now();
    await answerApproval(
      { db: db(), queue },
      workspace.id,
      approval.id,
      { action: "approve" },
      { userId: user.id, label: user.email, via: "API" },
    );
    await finished;
    toFinish.push(performance.now() - answered);
    toContinue.push(continued!);
    await unsubscribe();
  }
  const resume = { toContinueMs: summarize(toContinue), toFinishMs: summarize(toFinish) };
  console.log(`resume: ${JSON.stringify(resume)}`);

  const stillPaused = await db().run.findMany({ where: { workspaceId: workspace.id, status: "WAITING" }, select: { id: true } });
  for (const { id } of stillPaused) await cancelPausedRun({ db: db(), redis: client.redis }, workspace.id, id);
  const after = await traffic(`traffic, paused runs cancelled`);

  await writeResult("controlflow-approval", {
    command: `npm run bench:controlflow:approval -- --paused ${pausedCount} --rate ${rate} --seconds ${seconds} --resumes ${resumeCount}`,
    paused: { count: pausedCount, parkSeconds: round(parkSeconds, 1), queueWhileWaiting: held, waitingRows },
    trafficLatencyMs: {
      nothingPaused: before,
      whilePaused: during,
      afterCancellingThem: after,
      p50ChangeWhilePausedMs: round(during.p50 - before.p50),
      p50ChangeAfterMs: round(after.p50 - before.p50),
    },
    resume,
    notes:
      "Traffic: a model bot against the loopback fixture, enqueued on BullMQ and followed through the run event hub (no web process), one worker. " +
      "Resume: answerApproval (what the API route calls) to the resumed run's first event and to its run.finished, answers one at a time, " +
      "each followed by its own event subscription (an earlier version polled with setImmediate, which took a core from the worker). " +
      "cpuMsPerRun: CPU per traffic run by process group from /proc; 'other' is the rest of the shared machine.",
  });
} finally {
  await client.close();
  await queue.close();
  await bull.quit();
  await platform.stop();
}

// For each over 1,000 items at concurrency 32 against the OpenAI-compatible fixture answering after
// 100 ms, through the real worker, Redis and PostgreSQL (the whole trace is written). The ideal is
// ceil(items / concurrency) × latency; the target is within 1.25 × that.
// Writes bench/results/controlflow-foreach.json.
import { createBot, createCredential, createUserWithWorkspace, getDb } from "@switchyard/db";
import type { FlowGraph, RunFinishedEvent } from "@switchyard/engine";
import { createRunClient } from "../../test/integration/runs/worker-harness";
import { startBenchPlatform } from "../support/platform";
import { round, writeResult } from "../support/stats";

const ITEMS = 1_000;
const CONCURRENCY = 32;
const LATENCY_MS = 100;
const REPEATS = 3;

const platform = await startBenchPlatform({ workers: 1, fixture: { latencyMs: LATENCY_MS } });
const db = getDb();
const { workspace } = await createUserWithWorkspace(db, { email: `bench-${Date.now()}@example.com`, name: "bench" });
const credential = await createCredential(
  db,
  workspace.id,
  { name: "fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${platform.fixture.url}/v1` },
  process.env.SWITCHYARD_SECRET!,
);
const position = { x: 0, y: 0 };
const line = (type: string, config: Record<string, unknown>, port: string, out: string): FlowGraph => ({
  nodes: [
    { id: "in", type: "chat-input", config: {}, position },
    { id: "mid", type, config, position },
    { id: "out", type: "chat-output", config: {}, position },
  ],
  edges: [
    { id: "e1", source: "in", sourceHandle: "message", target: "mid", targetHandle: port },
    { id: "e2", source: "mid", sourceHandle: out, target: "out", targetHandle: "text" },
  ],
});
const item = await createBot(db, workspace.id, {
  name: "item",
  graph: line("model", { credentialId: credential.id, model: "fixture-small", stream: false }, "prompt", "text"),
});
const loopGraph = line("for-each", { botId: item.id, version: "draft", concurrency: CONCURRENCY, maxItems: ITEMS }, "list", "text");
const loop = await createBot(db, workspace.id, { name: "loop", graph: loopGraph });
const list = Array.from({ length: ITEMS }, (_, index) => `item ${index + 1}`).join("\n");

const client = createRunClient();
async function once() {
  const began = performance.now();
  const run = await client.run({ workspaceId: workspace.id, botId: loop.id, graph: loopGraph, message: list, streamTokens: false });
  const finished: RunFinishedEvent = await run.finished;
  const wallMs = performance.now() - began;
  if (finished.status !== "SUCCEEDED") throw new Error(`run failed: ${finished.error}`);
  const steps = await db.runStep.count({ where: { runId: run.runId } });
  return { wallMs: round(wallMs, 0), runLatencyMs: finished.latencyMs, steps };
}

console.log(`For each: ${ITEMS} items, concurrency ${CONCURRENCY}, fixture at ${LATENCY_MS} ms…`);
await once(); // warm-up: compiles both flows and opens the provider connections
const runs = [];
for (let index = 0; index < REPEATS; index++) runs.push(await once());
const idealMs = Math.ceil(ITEMS / CONCURRENCY) * LATENCY_MS;
const sorted = runs.map((run) => run.wallMs).sort((a, b) => a - b);
const medianMs = sorted[Math.floor(sorted.length / 2)]!;
const figures = {
  setup:
    "1 worker process, PostgreSQL 15, Redis 7, OpenAI-compatible fixture at 100 ms latency, all on this machine; wall time from enqueue to run.finished (trace written)",
  items: ITEMS,
  concurrency: CONCURRENCY,
  fixtureLatencyMs: LATENCY_MS,
  idealMs,
  runs,
  medianMs,
  ratioToIdeal: round(medianMs / idealMs, 3),
  target: 1.25,
  withinTarget: medianMs / idealMs <= 1.25,
};
console.log(JSON.stringify(figures, null, 2));
await writeResult("controlflow-foreach", figures);
await client.close();
await platform.stop();

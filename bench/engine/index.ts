// bench/engine: what the platform adds on top of the model, measured with the real worker, Redis,
// PostgreSQL and web app against the OpenAI-compatible fixture at zero latency.
//   node --import tsx bench/engine/index.ts      (or: npm run bench:engine)
// Prints the figures and writes bench/results/engine.json.
import type { FlowGraph, RunFinishedEvent } from "@switchyard/engine";
import { createRunClient } from "../../test/integration/runs/worker-harness";
import { percentile, round, summarize, writeResult } from "../support/stats";
import { sustained } from "../support/load";
import { signInOverHttp, startBenchPlatform } from "../support/platform";

const quick = process.argv.includes("--quick");
const scale = (count: number) => (quick ? Math.ceil(count / 5) : count);

const platform = await startBenchPlatform({ web: true, workers: 1, fixture: { reply: "alpha beta gamma delta" } });
const { fixture, baseUrl } = platform;
const { cookie, workspaceId } = await signInOverHttp(baseUrl);
const api = async <T>(path: string, body?: unknown): Promise<T> => {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { cookie, origin: baseUrl, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

const { credential } = await api<{ credential: { id: string } }>(`/api/workspaces/${workspaceId}/credentials`, {
  name: "fixture",
  kind: "OPENAI_COMPATIBLE",
  baseUrl: `${fixture.url}/v1`,
});
const modelConfig = { credentialId: credential.id, model: "fixture-small" };
const position = { x: 0, y: 0 };

function chainGraph(models: number): FlowGraph {
  const ids = ["in", ...Array.from({ length: models }, (_, index) => `m${index}`), "out"];
  return {
    nodes: ids.map((id) => ({
      id,
      type: id === "in" ? "chat-input" : id === "out" ? "chat-output" : "model",
      config: id.startsWith("m") ? modelConfig : {},
      position,
    })),
    edges: ids.slice(1).map((id, index) => ({
      id: `e${index}`,
      source: ids[index]!,
      sourceHandle: index === 0 ? "message" : "text",
      target: id,
      targetHandle: id === "out" ? "text" : "prompt",
    })),
  };
}

function fanOutGraph(width: number): FlowGraph {
  const branches = Array.from({ length: width }, (_, index) => index);
  return {
    nodes: [
      { id: "in", type: "chat-input", config: {}, position },
      ...branches.map((index) => ({ id: `m${index}`, type: "model", config: modelConfig, position })),
      ...branches.map((index) => ({ id: `o${index}`, type: "chat-output", config: {}, position })),
    ],
    edges: branches.flatMap((index) => [
      { id: `a${index}`, source: "in", sourceHandle: "message", target: `m${index}`, targetHandle: "prompt" },
      { id: `b${index}`, source: `m${index}`, sourceHandle: "text", target: `o${index}`, targetHandle: "text" },
    ]),
  };
}

const chatGraph: FlowGraph = {
  nodes: [
    { id: "in", type: "chat-input", config: {}, position },
    { id: "prompt", type: "prompt-template", config: { template: "Answer: {{input}}" }, position },
    { id: "llm", type: "model", config: modelConfig, position },
    { id: "out", type: "chat-output", config: {}, position },
  ],
  edges: [
    { id: "e1", source: "in", sourceHandle: "message", target: "prompt", targetHandle: "input" },
    { id: "e2", source: "prompt", sourceHandle: "prompt", target: "llm", targetHandle: "prompt" },
    { id: "e3", source: "llm", sourceHandle: "text", target: "out", targetHandle: "text" },
  ],
};

const createBot = async (name: string, graph: FlowGraph) =>
  (await api<{ bot: { id: string } }>(`/api/workspaces/${workspaceId}/bots`, { name, graph })).bot.id;

const chain = { graph: chainGraph(8), botId: await createBot("chain", chainGraph(8)), nodes: 10 };
const fanOut = { graph: fanOutGraph(10), botId: await createBot("fan-out", fanOutGraph(10)), nodes: 21 };
const chatBotId = await createBot("chat", chatGraph);
// the production path (deployments, API) runs published versions
await api(`/api/workspaces/${workspaceId}/bots/${chatBotId}/versions`, { note: "bench" });

const client = createRunClient();
const serviceTimeSince = (from: number) => fixture.stats.serviceTimes.slice(from).map((entry) => entry.finishedAt - entry.startedAt);

async function timedRun(flow: { graph: FlowGraph; botId: string }) {
  const began = performance.now();
  const run = await client.run({ workspaceId, botId: flow.botId, graph: flow.graph, message: "bench" });
  const finished: RunFinishedEvent = await run.finished;
  if (finished.status !== "SUCCEEDED") throw new Error(`run failed: ${finished.error}`);
  return performance.now() - began;
}

async function overhead(flow: { graph: FlowGraph; botId: string; nodes: number }, runs: number, critical: (times: number[]) => number) {
  for (let index = 0; index < 20; index++) await timedRun(flow);
  const perNode: number[] = [];
  const modelTimes: number[] = [];
  for (let index = 0; index < runs; index++) {
    const mark = fixture.stats.serviceTimes.length;
    const wall = await timedRun(flow);
    const model = critical(serviceTimeSince(mark));
    modelTimes.push(model);
    perNode.push((wall - model) / flow.nodes);
  }
  return { perNodeMs: summarize(perNode), modelMsPerRun: summarize(modelTimes) };
}

console.log("engine overhead per node (run time minus model time)…");
const chainFigures = await overhead(chain, scale(200), (times) => times.reduce((sum, time) => sum + time, 0));
const fanOutFigures = await overhead(fanOut, scale(200), (times) => Math.max(...times));

console.log("throughput with one worker process…");
const throughputRuns = scale(500);
let next = 0;
const throughputStarted = performance.now();
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (next++ < throughputRuns) await timedRun(chain);
  }),
);
const throughputSeconds = (performance.now() - throughputStarted) / 1000;
const nodesPerSecond = round((throughputRuns * chain.nodes) / throughputSeconds, 0);

console.log("HTTP: added latency and time to first token for chat input → prompt → model → output…");
const runsPath = `/api/workspaces/${workspaceId}/bots/${chatBotId}/runs`;
async function httpRun(stream: boolean) {
  const mark = fixture.stats.serviceTimes.length;
  const began = performance.now();
  const response = await fetch(`${baseUrl}${runsPath}`, {
    method: "POST",
    headers: { cookie, origin: baseUrl, "content-type": "application/json", accept: stream ? "text/event-stream" : "application/json" },
    body: JSON.stringify({ message: "bench", version: 1 }),
  });
  let firstToken: number | undefined;
  if (stream) {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (firstToken === undefined && text.includes("event: token")) firstToken = performance.now();
    }
    if (!text.includes('"status":"SUCCEEDED"')) throw new Error(`streamed run failed: ${text.slice(-300)}`);
  } else {
    const body = (await response.json()) as { status?: string };
    if (body.status !== "SUCCEEDED") throw new Error(`run failed: ${JSON.stringify(body)}`);
  }
  const ended = performance.now();
  const model = serviceTimeSince(mark).reduce((sum, time) => sum + time, 0);
  const modelCall = fixture.stats.serviceTimes[mark];
  const firstChunk = fixture.stats.lastFirstChunkAt;
  return {
    added: ended - began - model,
    // the whole path to the first token, less the model's own time to its first chunk
    ttftAdded:
      firstToken === undefined || !modelCall || firstChunk === undefined
        ? undefined
        : firstToken - began - (firstChunk - modelCall.startedAt),
    // from the model's first chunk to the client's first token (worker → Redis → web → client)
    firstTokenRelay: firstToken === undefined || firstChunk === undefined ? undefined : firstToken - firstChunk,
    latency: ended - began,
    model,
  };
}

for (let index = 0; index < 30; index++) await httpRun(false);
const added: number[] = [];
const models: number[] = [];
for (let index = 0; index < scale(300); index++) {
  const result = await httpRun(false);
  added.push(result.added);
  models.push(result.model);
}
const ttft: number[] = [];
const relay: number[] = [];
for (let index = 0; index < scale(200); index++) {
  const result = await httpRun(true);
  ttft.push(result.ttftAdded!);
  relay.push(result.firstTokenRelay!);
}

console.log("HTTP: sustained requests per second…");
const load = [await sustained(() => httpRun(false), 16, quick ? 3 : 10), await sustained(() => httpRun(false), 64, quick ? 3 : 10)];

const figures = {
  setup:
    "1 web process (next start), 1 worker process, PostgreSQL 15, Redis 7, OpenAI-compatible fixture at 0 ms latency, all on this machine",
  chain10: { description: "chat input → 8 model nodes → chat output", ...chainFigures },
  fanOut10: { description: "chat input → 10 parallel model nodes → 10 chat outputs (21 nodes)", ...fanOutFigures },
  throughput: {
    description: "10-node chains, 64 in flight, one worker process",
    runs: throughputRuns,
    seconds: round(throughputSeconds),
    nodeExecutionsPerSecond: nodesPerSecond,
  },
  http: {
    description:
      "POST /api/workspaces/:id/bots/:id/runs of a published version, chat input → prompt → model → chat output, session cookie auth",
    addedLatencyMs: summarize(added),
    modelLatencyMs: summarize(models),
    timeToFirstTokenAddedMs: summarize(ttft),
    firstTokenRelayMs: summarize(relay),
    sustained: load,
  },
};
console.log(JSON.stringify(figures, null, 2));
console.log(
  `\nper-node overhead p50: chain ${chainFigures.perNodeMs.p50} ms, fan-out ${fanOutFigures.perNodeMs.p50} ms · ${nodesPerSecond} node executions/s · ` +
    `HTTP added p50 ${round(percentile(added, 50))} ms · time to first token added p50 ${round(percentile(ttft, 50))} ms ` +
    `(relay from the model's first chunk ${round(percentile(relay, 50))} ms) · ` +
    `${load.map((entry) => `${entry.requestsPerSecond} req/s at ${entry.concurrency}`).join(", ")}`,
);
await writeResult(quick ? "engine-quick" : "engine", figures);
await client.close();
await platform.stop();
process.exit(0);

// bench/publish: what the published endpoints add on top of the model, with the real web app,
// worker, Redis and PostgreSQL against the OpenAI-compatible fixture at zero latency.
//   node --import tsx bench/publish/index.ts [--quick]     (or: npm run bench:publish)
//   node --import tsx bench/publish/index.ts --soak [minutes, default 10]   (memory under sustained load)
//   --soak-requests <n>                 with --soak: stop once n requests are served (minutes bound it), and
//                                       compare each process's RSS at n/10 requests with its RSS at n
//   --only chatCompletions,publicChat   measure only these endpoints (names as in the result file; writes publish-partial.json)
//   --wrk-only                          sustained load from wrk alone (no Node.js client), at 128 in flight
//   --profile <dir>                     CPU profiles of the web and worker processes (node --cpu-prof) into <dir>
// The streaming endpoints (the widget, /v1 with stream: true) also give the first token's added time:
// from the request sent to the first token received, less the fixture's own time to its first chunk.
// Measures POST /api/public/chat (widget, SSE) and POST /api/v1/chat/completions (API key, JSON),
// with the editor's run route alongside for reference: latency one request at a time (with where it goes),
// then sustained load from a Node.js client and, where installed, from wrk (with the CPU each part of the
// platform spends per request). Prints the figures, writes bench/results/publish.json. Ports: web 3226,
// fixture 3227.
import os from "node:os";
import type { FlowGraph } from "@switchyard/engine";
import { getDb } from "@switchyard/db";
import { percentile, round, summarize, writeResult } from "../support/stats";
import { sustained } from "../support/load";
import { signInOverHttp, startBenchPlatform } from "../support/platform";
import { cpuPerUnit } from "../support/process-cpu";
import { wrkPost } from "../support/wrk";
import { startPrivateRedis } from "../../test/support/private-services";
import { soak } from "./soak";

const quick = process.argv.includes("--quick");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt < 0 ? null : new Set(process.argv[onlyAt + 1]!.split(","));
const wrkOnly = process.argv.includes("--wrk-only");
const profileAt = process.argv.indexOf("--profile");
const profileDir = profileAt < 0 ? undefined : process.argv[profileAt + 1]!;
const soakAt = process.argv.indexOf("--soak");
const soakMinutes = soakAt < 0 ? 0 : Number(process.argv[soakAt + 1]) || 10;
const soakRequestsAt = process.argv.indexOf("--soak-requests");
const soakRequests = soakRequestsAt < 0 ? undefined : Number(process.argv[soakRequestsAt + 1]);
// a soak measures Redis memory, so it gets a Redis of its own (port 3228) that nothing else writes to
const soakRedis = soakMinutes ? await startPrivateRedis(3228) : undefined;
if (soakRedis) process.env.REDIS_URL = soakRedis.url;
const loadBefore = os.loadavg()[0]!;
const scale = (count: number) => (quick ? Math.ceil(count / 5) : count);

// the benchmark is one client address and one deployment: lift the public limits for it
Object.assign(process.env, {
  PUBLIC_CHAT_PER_IP_PER_MINUTE: "10000000",
  PUBLIC_CHAT_PER_DEPLOYMENT_PER_MINUTE: "10000000",
  PUBLIC_CHAT_PER_SESSION_PER_MINUTE: "10000000",
  PUBLIC_CHAT_NEW_SESSIONS_PER_MINUTE: "10000000",
  API_PER_KEY_PER_MINUTE: "10000000",
});
const profiling = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
const platform = await startBenchPlatform({
  web: true,
  workers: 1,
  port: 3226,
  fixture: { port: 3227, reply: "alpha beta gamma delta" },
  workerNodeArgs: profiling,
  webNodeArgs: profiling,
});
const { fixture, baseUrl } = platform;
const { cookie, workspaceId } = await signInOverHttp(baseUrl);
const api = async <T>(path: string, body: unknown): Promise<T> => {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { cookie, origin: baseUrl, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

const base = `/api/workspaces/${workspaceId}`;
const { credential } = await api<{ credential: { id: string } }>(`${base}/credentials`, {
  name: "fixture",
  kind: "OPENAI_COMPATIBLE",
  baseUrl: `${fixture.url}/v1`,
});
const position = { x: 0, y: 0 };
const graph: FlowGraph = {
  nodes: [
    { id: "in", type: "chat-input", config: {}, position },
    { id: "prompt", type: "prompt-template", config: { template: "Answer: {{input}}" }, position },
    { id: "llm", type: "model", config: { credentialId: credential.id, model: "fixture-small" }, position },
    { id: "out", type: "chat-output", config: {}, position },
  ],
  edges: [
    { id: "e1", source: "in", sourceHandle: "message", target: "prompt", targetHandle: "input" },
    { id: "e2", source: "prompt", sourceHandle: "prompt", target: "llm", targetHandle: "prompt" },
    { id: "e3", source: "llm", sourceHandle: "text", target: "out", targetHandle: "text" },
  ],
};
const { bot } = await api<{ bot: { id: string } }>(`${base}/bots`, { name: "chat", graph });
await api(`${base}/bots/${bot.id}/versions`, { note: "bench" });
const origin = "https://bench.example";
const { deployment } = await api<{ deployment: { publicId: string } }>(`${base}/deployments`, {
  botId: bot.id,
  version: 1,
  slug: "chat",
  allowedOrigins: [origin],
});
const { secret } = await api<{ secret: string }>(`${base}/api-keys`, { name: "bench", scopes: ["chat"] });
// widget sessions are minted by the server on a first message: open 50 to continue
const sessions = await Promise.all(
  Array.from({ length: 50 }, async () => {
    const response = await fetch(`${baseUrl}/api/public/chat?bot=${deployment.publicId}`, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify({ message: "hello" }),
    });
    await response.text();
    return response.headers.get("x-switchyard-session")!;
  }),
);

interface Endpoint {
  name: string;
  description: string;
  request: (index: number) => { path: string; headers: Record<string, string>; body: unknown };
  succeeded: (text: string) => boolean;
  /** For a streamed answer: whether the text received so far holds the first token of the reply. */
  firstToken?: (text: string) => boolean;
}

const widgetToken = (text: string) => text.includes("event: token");
const allEndpoints: Endpoint[] = [
  {
    name: "publicChat",
    description: "POST /api/public/chat?bot=… (widget): allowed Origin, rate limits, session history, SSE reply",
    // a few sessions, so each message also reads a short conversation history
    request: (index) => ({
      path: `/api/public/chat?bot=${deployment.publicId}`,
      headers: { origin, accept: "text/event-stream", "x-switchyard-session": sessions[index % 50]! },
      body: { message: "bench" },
    }),
    succeeded: (text) => text.includes('"error":null'),
    firstToken: widgetToken,
  },
  {
    name: "publicChatFirstMessage",
    description: "the same, each message opening a new conversation (no history to read)",
    request: () => ({
      path: `/api/public/chat?bot=${deployment.publicId}`,
      headers: { origin, accept: "text/event-stream" },
      body: { message: "bench" },
    }),
    succeeded: (text) => text.includes('"error":null'),
    firstToken: widgetToken,
  },
  {
    name: "chatCompletions",
    description: "POST /api/v1/chat/completions (API key, stream: false)",
    request: () => ({
      path: "/api/v1/chat/completions",
      headers: { authorization: `Bearer ${secret}` },
      body: { model: "chat", messages: [{ role: "user", content: "bench" }] },
    }),
    succeeded: (text) => text.includes('"finish_reason":"stop"'),
  },
  {
    name: "chatCompletionsStream",
    description: "POST /api/v1/chat/completions (API key, stream: true: SSE chunks, then [DONE])",
    request: () => ({
      path: "/api/v1/chat/completions",
      headers: { authorization: `Bearer ${secret}` },
      body: { model: "chat", messages: [{ role: "user", content: "bench" }], stream: true },
    }),
    succeeded: (text) => text.includes("data: [DONE]") && text.includes('"finish_reason":"stop"'),
    firstToken: (text) => text.includes('"content":"'),
  },
  {
    name: "editorRuns",
    description: "POST /api/workspaces/:id/bots/:id/runs (session cookie, version 1, JSON), for reference",
    request: () => ({ path: `${base}/bots/${bot.id}/runs`, headers: { cookie, origin: baseUrl }, body: { message: "bench", version: 1 } }),
    succeeded: (text) => text.includes('"status":"SUCCEEDED"'),
  },
];
const endpoints = allEndpoints.filter((endpoint) => !only || only.has(endpoint.name));

const serviceTimeSince = (from: number) =>
  fixture.stats.serviceTimes.slice(from).reduce((sum, entry) => sum + (entry.finishedAt - entry.startedAt), 0);

let counter = 0;
async function call(endpoint: Endpoint) {
  const mark = fixture.stats.serviceTimes.length;
  const { path, headers, body } = endpoint.request(counter++);
  const sentAt = Date.now();
  const began = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  let text = "";
  let firstTokenAt: number | undefined;
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true });
    if (firstTokenAt === undefined && endpoint.firstToken?.(text)) firstTokenAt = performance.now();
  }
  const latency = performance.now() - began;
  if (!response.ok || !endpoint.succeeded(text)) throw new Error(`${endpoint.name}: ${response.status} ${text.slice(-300)}`);
  const model = fixture.stats.serviceTimes[mark];
  // the model's own time to its first chunk (the fixture's clock is this process's)
  const modelFirstChunk =
    model && fixture.stats.lastFirstChunkAt !== undefined ? fixture.stats.lastFirstChunkAt - model.startedAt : undefined;
  return {
    latency,
    added: latency - serviceTimeSince(mark),
    firstTokenAdded: firstTokenAt === undefined || modelFirstChunk === undefined ? undefined : firstTokenAt - began - modelFirstChunk,
    trace: { runId: response.headers.get("x-run-id")!, sentAt, answeredAt: sentAt + latency, model },
  };
}

type Trace = Awaited<ReturnType<typeof call>>["trace"];

/**
 * Where the time of one request goes, from the run's stored timestamps (ms precision) and the fixture's
 * own: in the web app before the job is enqueued, in the queue, in the worker before and after the
 * model call, and from the run's finish to the client's last byte (durable write, finished event, web).
 */
async function phasesOf(traces: Trace[]) {
  const runs = await getDb().run.findMany({
    where: { id: { in: traces.map((trace) => trace.runId) } },
    select: { id: true, createdAt: true, startedAt: true, finishedAt: true },
  });
  const byId = new Map(runs.map((run) => [run.id, run]));
  const phases: Record<string, number[]> = {
    webUntilEnqueued: [],
    queueUntilWorker: [],
    workerUntilModel: [],
    model: [],
    modelUntilRunFinished: [],
    runFinishedUntilAnswered: [],
  };
  for (const trace of traces) {
    const run = byId.get(trace.runId);
    if (!run?.startedAt || !run.finishedAt || !trace.model) continue;
    const modelStarted = performance.timeOrigin + trace.model.startedAt;
    const modelFinished = performance.timeOrigin + trace.model.finishedAt;
    phases.webUntilEnqueued!.push(run.createdAt.getTime() - trace.sentAt);
    phases.queueUntilWorker!.push(run.startedAt.getTime() - run.createdAt.getTime());
    phases.workerUntilModel!.push(modelStarted - run.startedAt.getTime());
    phases.model!.push(modelFinished - modelStarted);
    phases.modelUntilRunFinished!.push(run.finishedAt.getTime() - modelFinished);
    phases.runFinishedUntilAnswered!.push(trace.answeredAt - run.finishedAt.getTime());
  }
  return Object.fromEntries(Object.entries(phases).map(([name, values]) => [name, round(percentile(values, 50))]));
}

/** Runs of the benchmark's bot that did not succeed (wrk sees only HTTP statuses; an SSE reply is 200 either way). */
const runsNotSucceeded = () => getDb().run.count({ where: { botId: bot.id, status: { not: "SUCCEEDED" } } });
const processes = { web: [platform.web!.child.pid!], workers: platform.workers.map((worker) => worker.child.pid!) };

if (soakMinutes) {
  const v1 = endpoints.find((endpoint) => endpoint.name === "chatCompletions")!;
  const { path, headers, body } = v1.request(0);
  console.log(`soak: ${soakMinutes} min of load on ${path}, sampling memory every 10 s…`);
  await soak({
    minutes: soakMinutes,
    requests: soakRequests,
    redisUrl: soakRedis!.url,
    prefix: process.env.REDIS_KEY_PREFIX!,
    processes: { web: platform.web!.child.pid!, worker: platform.workers[0]!.child.pid! },
    request: { url: `${baseUrl}${path}`, headers, body },
    call: () => call(v1),
    runsNotSucceeded,
  });
  await platform.stop();
  await soakRedis!.stop();
  process.exit(0);
}

// one request at a time, the endpoints taking turns so that they share whatever else the machine is doing
console.log("added latency, one request at a time…");
const added = new Map<string, number[]>(endpoints.map((endpoint) => [endpoint.name, []]));
const firstTokens = new Map<string, number[]>(endpoints.map((endpoint) => [endpoint.name, []]));
const traces = new Map<string, Trace[]>(endpoints.map((endpoint) => [endpoint.name, []]));
for (let index = 0; index < 30; index++) for (const endpoint of endpoints) await call(endpoint);
for (let index = 0; index < scale(300); index++)
  for (const endpoint of endpoints) {
    const measured = await call(endpoint);
    added.get(endpoint.name)!.push(measured.added);
    if (measured.firstTokenAdded !== undefined) firstTokens.get(endpoint.name)!.push(measured.firstTokenAdded);
    traces.get(endpoint.name)!.push(measured.trace);
  }

const seconds = quick ? 3 : 10;
const figures: Record<string, unknown> = {};
for (const endpoint of endpoints) {
  console.log(`${endpoint.name}: sustained requests per second…`);
  const load = wrkOnly ? [] : [await sustained(() => call(endpoint), 16, seconds), await sustained(() => call(endpoint), 64, seconds)];
  // the same with wrk as the client, which leaves the platform the CPU a Node.js client would take
  const { path, headers, body } = endpoint.request(0);
  const failedBefore = await runsNotSucceeded();
  const wrk = [];
  for (const concurrency of wrkOnly ? [128] : [64, 128]) {
    const measured = await cpuPerUnit(
      processes,
      () => wrkPost(`${baseUrl}${path}`, { headers, body }, concurrency, seconds),
      (result) => (result ? result.requestsPerSecond * seconds : 0),
    );
    if (measured.result) wrk.push({ ...measured.result, cpuMsPerRequest: measured.cpuMsPerUnit });
  }
  const wrkRunsNotSucceeded = (await runsNotSucceeded()) - failedBefore;
  const times = added.get(endpoint.name)!;
  figures[endpoint.name] = {
    description: endpoint.description,
    addedLatencyMs: summarize(times),
    ...(firstTokens.get(endpoint.name)!.length && { firstTokenAddedMs: summarize(firstTokens.get(endpoint.name)!) }),
    phasesP50Ms: await phasesOf(traces.get(endpoint.name)!),
    sustained: load,
    sustainedWithWrk: wrk.length ? { runs: wrk, runsNotSucceeded: wrkRunsNotSucceeded } : "wrk is not installed (apt-get install wrk)",
  };
  console.log(
    `  added p50 ${round(percentile(times, 50))} ms, p95 ${round(percentile(times, 95))} ms · ` +
      [...load, ...wrk]
        .map((entry) => `${entry.requestsPerSecond} req/s at ${entry.concurrency}${"tool" in entry ? " (wrk)" : ""}`)
        .join(", "),
  );
}

const result = {
  setup:
    "1 web process (apps/web/server.ts: Next.js, the published routes served directly), 1 worker process, PostgreSQL 15, Redis 7, OpenAI-compatible fixture at 0 ms latency, all on this 2-core machine (shared with other work while measured: figures are noisy)",
  addedLatency: "wall time of the HTTP request minus the fixture's own service time for the model call",
  // above 2 (the cores) means the machine was busy with other work: figures then mostly measure waiting
  loadAverage1mBefore: round(loadBefore),
  target: { addedLatencyP50Ms: 2.5, addedLatencyP95Ms: 5, firstTokenAddedP50Ms: 2, cpuMsPerRequestAt128: 1.6, requestsPerSecondAt128: 900 },
  ...figures,
};
console.log(JSON.stringify(result, null, 2));
await writeResult(quick ? "publish-quick" : only ? "publish-partial" : "publish", result);
await platform.stop();
process.exit(0);

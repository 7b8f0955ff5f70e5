// A worker exports runs as OpenTelemetry traces to the workspace's collector: a real worker process,
// the OpenAI-format provider fixture and a loopback OTLP/HTTP receiver that decodes the protobuf it
// gets with the official proto definitions. A collector that is down or hangs must cost runs nothing;
// what it loses is counted for Settings.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readTelemetryExport, saveTelemetryExport, setAllowedHosts } from "@switchyard/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "../../fixtures/otlp/receiver";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { createRunClient, startWorker, type WorkerProcess } from "../runs/worker-harness";
import { chatFlow, db, newBot, newCredential, newUser } from "../support";

const EXPORT_TIMEOUT_MS = 1_500;
let receiver: OtlpReceiver;
let hanging: OtlpReceiver;
let provider: ProviderFixture;
let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;
const secret = () => process.env.SWITCHYARD_SECRET!;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  hanging = await startOtlpReceiver();
  hanging.setMode("hang");
  provider = await startProviderFixture({ replies: { "gpt-4o-mini": "Green tea is gentle." } });
  worker = await startWorker({
    TELEMETRY_BATCH_DELAY_MS: "50",
    TELEMETRY_REPORT_MS: "200",
    TELEMETRY_EXPORT_TIMEOUT_MS: String(EXPORT_TIMEOUT_MS),
    TELEMETRY_QUEUE_SIZE: "16",
  });
  client = createRunClient();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await Promise.all([receiver?.close(), hanging?.close(), provider?.close()]);
});

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A workspace exporting to `endpoint`, with a provider credential and a chat bot. */
async function exportingWorkspace(label: string, endpoint: string, options: { includeContents?: boolean; allowLoopback?: boolean } = {}) {
  const { workspace } = await newUser(label);
  if (options.allowLoopback !== false) await setAllowedHosts(db(), workspace.id, ["127.0.0.1"]);
  await saveTelemetryExport(
    db(),
    workspace.id,
    { enabled: true, endpoint, includeContents: options.includeContents ?? false, headers: { authorization: "Bearer otel-secret-789" } },
    secret(),
  );
  const credential = await newCredential(workspace.id, "OPENAI", `${provider.url}/v1`, "sk-fixture");
  const graph = chatFlow({ credentialId: credential.id, model: "gpt-4o-mini", maxRetries: 2 });
  const bot = await newBot(workspace.id, graph);
  const run = async (message: string) => {
    const started = await client.run({ workspaceId: workspace.id, botId: bot.id, graph, message });
    return { runId: started.runId, finished: await started.finished };
  };
  return { workspace, bot, run };
}

const spansOf = (runId: string) => {
  const root = receiver.spans().find((span) => span.attributes["switchyard.run.id"] === runId);
  return root ? receiver.spans().filter((span) => span.traceId === root.traceId) : [];
};

/** The spans a run makes: itself, each step and each model attempt. */
async function expectedSpanCount(runId: string) {
  const steps = await db().runStep.findMany({ where: { runId } });
  return 1 + steps.length + steps.reduce((sum, step) => sum + ((step.detail as { attempts?: unknown[] } | null)?.attempts?.length ?? 0), 0);
}

const contentKeys = ["gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.tool.call.arguments", "switchyard.node.input"];

describe("OpenTelemetry export", () => {
  it("sends a run as one trace: the run, a span per step and per model attempt, with GenAI and Switchyard attributes, and no contents by default", async () => {
    const { workspace, bot, run } = await exportingWorkspace("otel", receiver.url);
    provider.setBehavior({ failures: [{ mode: "500" }] }); // the first attempt fails, the retry answers
    const { runId, finished } = await run("Which tea is mildest?").finally(() => provider.setBehavior(null));
    expect(finished.status).toBe("SUCCEEDED");

    const expected = await expectedSpanCount(runId);
    const spans = await until(
      () => spansOf(runId),
      (found) => found.length >= expected,
    );
    expect(spans).toHaveLength(expected);
    const byName = (name: string) => spans.filter((span) => span.name === name);
    const [root] = spans.filter((span) => !span.parentSpanId);
    const storedRun = await db().run.findUniqueOrThrow({ where: { id: runId } });
    expect(root).toMatchObject({
      name: `invoke_workflow ${bot.name}`,
      startMs: storedRun.startedAt!.getTime(),
      endMs: storedRun.finishedAt!.getTime(),
      attributes: {
        "gen_ai.operation.name": "invoke_workflow",
        "gen_ai.workflow.name": bot.name,
        "switchyard.bot.name": bot.name,
        "switchyard.bot.id": bot.id,
        "switchyard.workspace.id": workspace.id,
        "switchyard.run.source": "API",
        "switchyard.status": "SUCCEEDED",
        "gen_ai.usage.input_tokens": storedRun.tokensIn,
        "gen_ai.usage.output_tokens": storedRun.tokensOut,
        "switchyard.cost.usd": storedRun.costUsd,
      },
      resource: { "service.name": "switchyard", "switchyard.workspace.id": workspace.id },
    });

    // every step hangs under the run, with the times the trace recorded
    const steps = await db().runStep.findMany({ where: { runId } });
    for (const step of steps) {
      const span = spans.find((candidate) => candidate.attributes["switchyard.node.id"] === step.nodeId)!;
      expect(span, step.nodeId).toMatchObject({
        parentSpanId: root!.spanId,
        startMs: step.startedAt?.getTime(),
        endMs: step.finishedAt?.getTime(),
      });
    }
    const model = steps.find((step) => step.nodeId === "model")!;
    const [modelSpan] = byName("chat gpt-4o-mini").filter((span) => span.parentSpanId === root!.spanId);
    expect(modelSpan).toMatchObject({
      kind: 3, // CLIENT
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": model.tokensIn,
        "gen_ai.usage.output_tokens": model.tokensOut,
        "switchyard.cost.usd": model.costUsd,
        "switchyard.attempts": 2,
      },
    });
    expect(model.tokensOut).toBeGreaterThan(0);

    // one span per provider call: the failed one marked as an error, the retry that answered
    const attempts = spans.filter((span) => span.parentSpanId === modelSpan!.spanId).sort((a, b) => a.startMs - b.startMs);
    expect(attempts.map((span) => [span.name, span.status.code, span.attributes["switchyard.attempt.number"]])).toEqual([
      ["chat gpt-4o-mini", 2, 1],
      ["chat gpt-4o-mini", 0, 2],
    ]);
    expect(attempts[0]!.attributes["error.type"]).toBe("provider_error");
    expect(attempts[1]!.attributes["gen_ai.response.model"]).toBe("gpt-4o-mini");

    // contents stay home unless the workspace says otherwise
    for (const span of spans) for (const key of contentKeys) expect(span.attributes, `${span.name} ${key}`).not.toHaveProperty(key);
    expect(JSON.stringify(spans)).not.toContain("mildest");
    expect(JSON.stringify(spans)).not.toContain("Green tea");

    // the headers reach the collector, encrypted at rest and never shown
    const request = receiver.requests.find((candidate) => candidate.spans.some((span) => span.traceId === root!.traceId))!;
    expect(request.headers.authorization).toBe("Bearer otel-secret-789");
    expect(request.contentType).toBe("application/x-protobuf");
    const row = await db().telemetryExport.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    expect(row.headersCipher).toMatch(/^v1\./);
    expect(row.headersCipher).not.toContain("otel-secret-789");
    expect(JSON.stringify(await readTelemetryExport(db(), workspace.id))).not.toContain("otel-secret-789");

    const counted = await until(
      () => readTelemetryExport(db(), workspace.id),
      (settings) => settings?.exportedSpans === expected,
    );
    expect(counted).toMatchObject({ exportedSpans: expected, droppedSpans: 0, headerNames: ["authorization"] });
  });

  it("includes prompt and reply contents only when the workspace turns them on", async () => {
    const { run } = await exportingWorkspace("otel-contents", receiver.url, { includeContents: true });
    const { runId } = await run("Which tea is mildest?");
    const expected = await expectedSpanCount(runId);
    const spans = await until(
      () => spansOf(runId),
      (found) => found.length >= expected,
    );
    const root = spans.find((span) => !span.parentSpanId)!;
    const model = spans.find((span) => span.attributes["switchyard.node.id"] === "model")!;
    const user = [{ role: "user", parts: [{ type: "text", content: "Which tea is mildest?" }] }];
    const assistant = [{ role: "assistant", parts: [{ type: "text", content: "Green tea is gentle." }], finish_reason: "stop" }];
    expect(JSON.parse(String(root.attributes["gen_ai.input.messages"]))).toEqual(user);
    expect(JSON.parse(String(root.attributes["gen_ai.output.messages"]))).toEqual(assistant);
    expect(JSON.parse(String(model.attributes["gen_ai.input.messages"]))).toEqual(user);
    expect(JSON.parse(String(model.attributes["gen_ai.output.messages"]))).toEqual(assistant);
  });

  it("costs runs nothing when the collector is down or hangs: spans are dropped and counted, the queue stays bounded", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await exportingWorkspace("otel-down", `http://127.0.0.1:${closedPort}/v1/traces`);
    const hang = await exportingWorkspace("otel-hang", hanging.url);
    const quiet = await (async () => {
      const { workspace } = await newUser("otel-off");
      const credential = await newCredential(workspace.id, "OPENAI", `${provider.url}/v1`, "sk-fixture");
      const graph = chatFlow({ credentialId: credential.id, model: "gpt-4o-mini" });
      const bot = await newBot(workspace.id, graph);
      return async (message: string) =>
        (await (await client.run({ workspaceId: workspace.id, botId: bot.id, graph, message })).finished).latencyMs;
    })();

    const started = Date.now();
    // more spans than the 16 a workspace may have waiting: the rest are dropped at once, not buffered
    const runs = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => down.run(`down ${i}`)),
      ...Array.from({ length: 8 }, (_, i) => hang.run(`hang ${i}`)),
    ]);
    const elapsed = Date.now() - started;
    expect(runs.every(({ finished }) => finished.status === "SUCCEEDED")).toBe(true);
    // a run waiting on the collector would take the export timeout at least
    expect(Math.max(...runs.map(({ finished }) => finished.latencyMs))).toBeLessThan(EXPORT_TIMEOUT_MS);
    expect(elapsed).toBeLessThan(EXPORT_TIMEOUT_MS * 2);
    const quietLatency = await quiet("no export");
    expect(quietLatency).toBeLessThan(EXPORT_TIMEOUT_MS);

    const perRun = await expectedSpanCount(runs[0]!.runId);
    const downCounts = await until(
      () => readTelemetryExport(db(), down.workspace.id),
      (settings) => settings?.droppedSpans === 8 * perRun,
    );
    expect(downCounts).toMatchObject({ exportedSpans: 0, droppedSpans: 8 * perRun });
    expect(downCounts?.lastError).toContain("Could not reach the collector: ECONNREFUSED");
    const hangCounts = await until(
      () => readTelemetryExport(db(), hang.workspace.id),
      (settings) => settings?.droppedSpans === 8 * perRun,
      EXPORT_TIMEOUT_MS * 8,
    );
    expect(hangCounts).toMatchObject({ exportedSpans: 0, droppedSpans: 8 * perRun });
    expect(hangCounts?.lastError).toContain(`did not answer within ${EXPORT_TIMEOUT_MS} ms`);
    expect(JSON.stringify([downCounts, hangCounts])).not.toContain("otel-secret-789");
  }, 60_000);

  it("reaches the collector through the SSRF guard: a loopback collector the workspace has not allowed is refused at export", async () => {
    const before = receiver.requests.length;
    const { workspace, run } = await exportingWorkspace("otel-guard", receiver.url, { allowLoopback: false });
    const { runId, finished } = await run("hello");
    expect(finished.error).toBeNull();
    expect(finished.status).toBe("SUCCEEDED");
    const counts = await until(
      () => readTelemetryExport(db(), workspace.id),
      (settings) => (settings?.droppedSpans ?? 0) > 0,
    );
    expect(counts?.droppedSpans).toBe(await expectedSpanCount(runId));
    expect(counts?.lastError).toContain("Blocked request to 127.0.0.1: 127.0.0.1 is a loopback address");
    expect(
      receiver.requests
        .slice(before)
        .flatMap((request) => request.spans)
        .some((span: ReceivedSpan) => span.attributes["switchyard.run.id"] === runId),
    ).toBe(false);
  });
});

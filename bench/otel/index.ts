// bench/otel: the worker CPU that OpenTelemetry export adds to a run.
//   node --import tsx bench/otel/index.ts [--quick]      (or: npm run bench:otel)
// 1. In process, exactly the export path (spans built from a finished chat run's record, batched,
//    serialised to OTLP protobuf and sent through the SSRF guard to a receiver in another process),
//    CPU from process.cpuUsage against the same loop without export.
// 2. End to end, a real worker running chat runs from the queue against the provider fixture, its CPU
//    from /proc, in alternating phases with export off and on.
// Prints the figures and writes bench/results/otel.json.
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
  createUserWithWorkspace,
  getDb,
  readTelemetryExport,
  saveTelemetryExport,
  setAllowedHosts,
  createBot,
  createCredential,
} from "@switchyard/db";
import type { RunRecord, StepRow } from "@switchyard/db";
import type { FlowGraph } from "@switchyard/engine";
import { createRunExport, type ExportConfig } from "@switchyard/otel";
import { createRunClient } from "../../test/integration/runs/worker-harness";
import { startOtlpReceiver } from "../../test/fixtures/otlp/receiver";
import { cpuPerUnit } from "../support/process-cpu";
import { startBenchPlatform } from "../support/platform";
import { round, writeResult } from "../support/stats";

const quick = process.argv.includes("--quick");
const here = path.dirname(fileURLToPath(import.meta.url));

// ---- 1. the export path alone ----------------------------------------------------------------
const receiverProcess = spawn(process.execPath, ["--import", "tsx", path.join(here, "receiver-process.ts")], {
  stdio: ["pipe", "pipe", "inherit"],
});
const receiverLines = createInterface({ input: receiverProcess.stdout! });
const nextLine = async () => String((await once(receiverLines, "line"))[0]);
const receiverUrl = await nextLine();
const receivedSpans = async () => {
  receiverProcess.stdin!.write("count\n");
  return Number(await nextLine());
};

const at = Date.now();
/** A finished chat run as the worker records it: input → prompt → model (one provider call) → output. */
function chatRun(i: number): { run: RunRecord; steps: StepRow[] } {
  const id = `run-${i}`;
  const message = `What are your opening hours on Saturday? (${i})`;
  const reply = "We are open from 9:00 to 17:00 on Saturdays, and closed on Sundays.";
  const step = (nodeId: string, nodeType: string, offset: number, fields: Partial<StepRow> = {}): StepRow => ({
    runId: id,
    nodeId,
    nodeType,
    status: "SUCCEEDED",
    input: {},
    output: null,
    error: null,
    provider: null,
    model: null,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    attempts: 1,
    detail: null,
    startedAt: at + offset,
    finishedAt: at + offset + 1,
    ...fields,
  });
  return {
    run: {
      id,
      workspaceId: "ws-bench",
      botId: "bot-bench",
      botVersionId: "version-bench",
      deploymentId: "deployment-bench",
      source: "WIDGET",
      sessionId: `widget:deployment-bench:session-${i % 100}`,
      input: { message },
      status: "SUCCEEDED",
      output: { text: reply },
      error: null,
      tokensIn: 42,
      tokensOut: 17,
      costUsd: 0.000016,
      latencyMs: 420,
      createdAt: at,
      startedAt: at,
      finishedAt: at + 420,
    },
    steps: [
      step("input", "chat-input", 0, { input: {}, output: { message } }),
      step("prompt", "prompt-template", 1, { input: { input: message }, output: { prompt: `Answer briefly: ${message}` } }),
      step("model", "model", 2, {
        input: { prompt: `Answer briefly: ${message}` },
        output: { text: reply },
        provider: "OPENAI",
        model: "gpt-4o-mini",
        tokensIn: 42,
        tokensOut: 17,
        costUsd: 0.000016,
        detail: { attempts: [{ startedAt: at + 2, latencyMs: 400, target: "OPENAI gpt-4o-mini" }] },
        finishedAt: at + 410,
      }),
      step("output", "chat-output", 411, { input: { text: reply }, output: { text: reply } }),
    ],
  };
}
const spansPerRun = 1 + chatRun(0).steps.length + 1;

type Mode = "none" | "off" | "on" | "on with contents";
async function exportPath(mode: Mode, runs: number) {
  const config: ExportConfig | null =
    mode === "none" || mode === "off"
      ? null
      : {
          endpoint: receiverUrl,
          headers: { authorization: "Bearer bench-secret" },
          includeContents: mode === "on with contents",
          allowedHosts: ["127.0.0.1"],
          version: mode,
        };
  let dropped = 0;
  let exported = 0;
  const exporter = createRunExport({
    config: async () => config,
    labels: async () => ({ botName: "Support", version: 3, deploymentSlug: "support" }),
    report: async (counts) => {
      for (const count of counts.values()) {
        dropped += count.dropped;
        exported += count.exported;
      }
    },
  });
  const records = Array.from({ length: runs }, (_, i) => chatRun(i));
  const spansBefore = await receivedSpans();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  // 20 runs every 10 ms (2,000 runs/s), about four times what one worker finishes at full load
  for (let i = 0; i < runs; i += 20) {
    for (const { run, steps } of records.slice(i, i + 20)) if (mode !== "none") exporter.exportRun(run, steps);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await exporter.flush();
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - started;
  await exporter.shutdown();
  const received = (await receivedSpans()) - spansBefore;
  return { mode, runs, cpuMsPerRun: (cpu.user + cpu.system) / 1000 / runs, wallMs: Math.round(wallMs), exported, dropped, received };
}

const inProcessRuns = quick ? 4_000 : 20_000;
await exportPath("on", 2_000); // warm up: JIT, the guard's connection pool
const phases: Awaited<ReturnType<typeof exportPath>>[] = [];
for (let round = 0; round < 2; round++)
  for (const mode of ["none", "off", "on", "on with contents"] as const) phases.push(await exportPath(mode, inProcessRuns));
receiverProcess.stdin!.end();
const best = (mode: Mode) => Math.min(...phases.filter((phase) => phase.mode === mode).map((phase) => phase.cpuMsPerRun));
const inProcess = {
  description: `export path alone: ${inProcessRuns} chat runs per phase (${spansPerRun} spans each), 2,000 runs/s, two rounds; least CPU of the two rounds per mode`,
  phases: phases.map((phase) => ({ ...phase, cpuMsPerRun: round(phase.cpuMsPerRun, 4) })),
  addedCpuMsPerRun: {
    exportOff: round(best("off") - best("none"), 4),
    exportOn: round(best("on") - best("none"), 4),
    exportOnWithContents: round(best("on with contents") - best("none"), 4),
  },
};
console.log(
  `export path, added CPU per run: off ${inProcess.addedCpuMsPerRun.exportOff} ms, on ${inProcess.addedCpuMsPerRun.exportOn} ms, with contents ${inProcess.addedCpuMsPerRun.exportOnWithContents} ms`,
);
for (const phase of inProcess.phases)
  console.log(
    `  ${phase.mode}: ${phase.cpuMsPerRun} ms/run, exported ${phase.exported}, dropped ${phase.dropped}, received ${phase.received}`,
  );

// ---- 2. a real worker --------------------------------------------------------------------------
const platform = await startBenchPlatform({ workers: 1, fixture: { reply: "We are open from 9:00 to 17:00 on Saturdays." } });
const receiver = await startOtlpReceiver({ keep: false });
const db = getDb();
const secret = process.env.SWITCHYARD_SECRET!;
const client = createRunClient();
const position = { x: 0, y: 0 };

async function workspaceWithBot(label: string) {
  const { workspace } = await createUserWithWorkspace(db, { email: `${label}-${Date.now()}@example.com`, name: label });
  const credential = await createCredential(
    db,
    workspace.id,
    { name: "fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${platform.fixture.url}/v1` },
    secret,
  );
  const graph: FlowGraph = {
    nodes: [
      { id: "in", type: "chat-input", config: {}, position },
      { id: "prompt", type: "prompt-template", config: { template: "Answer briefly: {{input}}" }, position },
      { id: "llm", type: "model", config: { credentialId: credential.id, model: "fixture-small" }, position },
      { id: "out", type: "chat-output", config: {}, position },
    ],
    edges: [
      { id: "e1", source: "in", sourceHandle: "message", target: "prompt", targetHandle: "input" },
      { id: "e2", source: "prompt", sourceHandle: "prompt", target: "llm", targetHandle: "prompt" },
      { id: "e3", source: "llm", sourceHandle: "text", target: "out", targetHandle: "text" },
    ],
  };
  const bot = await createBot(db, workspace.id, { name: label, graph });
  return { workspaceId: workspace.id, botId: bot.id, graph };
}
const off = await workspaceWithBot("export-off");
const on = await workspaceWithBot("export-on");
await setAllowedHosts(db, on.workspaceId, ["127.0.0.1"]);
await saveTelemetryExport(
  db,
  on.workspaceId,
  { enabled: true, endpoint: receiver.url, includeContents: false, headers: { authorization: "Bearer bench" } },
  secret,
);

async function drive(target: typeof off, runs: number, concurrency = 16) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < runs) {
        next++;
        await (
          await client.run({ ...target, message: "What are your opening hours on Saturday?" })
        ).finished;
      }
    }),
  );
  return runs;
}
const workerPid = platform.workers[0]!.child.pid!;
const workerRuns = quick ? 400 : 2_000;
await drive(off, 300);
await drive(on, 300);
const workerPhases: { mode: string; runs: number; workerCpuMsPerRun: number }[] = [];
for (let round = 0; round < (quick ? 1 : 3); round++)
  for (const [mode, target] of [
    ["off", off],
    ["on", on],
  ] as const) {
    const measured = await cpuPerUnit(
      { workers: [workerPid] },
      () => drive(target, workerRuns),
      (runs) => runs,
    );
    workerPhases.push({ mode, runs: workerRuns, workerCpuMsPerRun: measured.cpuMsPerUnit.workers ?? 0 });
    // the batch still queued in the worker belongs to this phase
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  }
await new Promise((resolve) => setTimeout(resolve, 11_000)); // the worker reports its counts every 10 s
const counts = await readTelemetryExport(db, on.workspaceId);
const mean = (mode: string) => {
  const values = workerPhases.filter((phase) => phase.mode === mode).map((phase) => phase.workerCpuMsPerRun);
  return values.reduce((sum, value) => sum + value, 0) / values.length;
};
const worker = {
  description: `a real worker: ${workerRuns} chat runs per phase through the queue (16 at once), export off and on alternating; worker CPU from /proc (10 ms ticks)`,
  phases: workerPhases,
  workerCpuMsPerRun: { off: round(mean("off"), 3), on: round(mean("on"), 3) },
  addedCpuMsPerRun: round(mean("on") - mean("off"), 3),
  spans: { received: receiver.received(), exported: counts?.exportedSpans ?? null, dropped: counts?.droppedSpans ?? null },
};
console.log(
  `real worker: CPU per run off ${worker.workerCpuMsPerRun.off} ms, on ${worker.workerCpuMsPerRun.on} ms (added ${worker.addedCpuMsPerRun} ms)`,
);
console.log(`  spans received ${worker.spans.received}, counted exported ${worker.spans.exported}, dropped ${worker.spans.dropped}`);

await client.close();
await receiver.close();
await platform.stop();
await writeResult("otel", { targetAddedCpuMsPerRun: 0.2, inProcess, worker, quick });
process.exit(0);

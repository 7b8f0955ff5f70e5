import type { FlowGraph } from "@switchyard/engine";
import { createCredential, createBot, createUserWithWorkspace, getDb } from "@switchyard/db";
import { createRunClient } from "../test/integration/runs/worker-harness";
import { startBenchPlatform } from "./support/platform";
const platform = await startBenchPlatform({
  workers: 1,
  fixture: { reply: "alpha beta gamma delta" },
  workerNodeArgs: ["--cpu-prof", "--cpu-prof-dir=/tmp/prof-worker"],
});
const { workspace } = await createUserWithWorkspace(getDb(), { email: `p${Date.now()}@x.io` });
const credential = await createCredential(
  getDb(),
  workspace.id,
  { name: "f", kind: "OPENAI_COMPATIBLE", baseUrl: `${platform.fixture.url}/v1` },
  process.env.SWITCHYARD_SECRET!,
);
const position = { x: 0, y: 0 };
const ids = ["in", "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "out"];
const graph: FlowGraph = {
  nodes: ids.map((id) => ({
    id,
    type: id === "in" ? "chat-input" : id === "out" ? "chat-output" : "model",
    config: id.startsWith("m") ? { credentialId: credential.id, model: "fixture-small" } : {},
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
const bot = await createBot(getDb(), workspace.id, { name: "b", graph });
const client = createRunClient();
let next = 0;
const total = Number(process.argv[2] ?? 400);
const t = performance.now();
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (next++ < total) {
      const r = await client.run({ workspaceId: workspace.id, botId: bot.id, graph, message: "x" });
      await r.finished;
    }
  }),
);
const s = (performance.now() - t) / 1000;
console.log(`${total} runs in ${s.toFixed(2)}s → ${((total * 10) / s).toFixed(0)} nodes/s`);
await client.close();
await platform.stop();
process.exit(0);

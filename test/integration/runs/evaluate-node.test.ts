// The Evaluate node's JavaScript assertion in a real worker: the model's reply (from the wire-format
// fixture) is scored by user code in the worker's sandbox, and the score is in the trace.
import type { FlowGraph } from "@switchyard/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { db, newBot, newCredential, newUser } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "./worker-harness";

let provider: ProviderFixture;
let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;

beforeAll(async () => {
  provider = await startProviderFixture({ replies: { "fixture-small": "The capital of France is Paris." } });
  worker = await startWorker();
  client = createRunClient();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await provider?.close();
});

/** chat input → model → Evaluate (a JavaScript assertion) → chat output */
function evaluatedFlow(credentialId: string, code: string): FlowGraph {
  const position = { x: 0, y: 0 };
  return {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position },
      { id: "model", type: "model", config: { credentialId, model: "fixture-small" }, position },
      { id: "check", type: "evaluate", config: { kind: "javascript", code }, position },
      { id: "output", type: "chat-output", config: {}, position },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "model", targetHandle: "prompt" },
      { id: "e2", source: "model", sourceHandle: "text", target: "check", targetHandle: "text" },
      { id: "e3", source: "check", sourceHandle: "text", target: "output", targetHandle: "text" },
    ],
  };
}

async function run(code: string) {
  const { workspace } = await newUser("evaluate-js");
  const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${provider.url}/v1`);
  const graph = evaluatedFlow(credential.id, code);
  const bot = await newBot(workspace.id, graph);
  const started = await client.run({ workspaceId: workspace.id, botId: bot.id, graph, message: "Capital of France?" });
  const finished = await started.finished;
  const step = await db().runStep.findFirstOrThrow({ where: { runId: started.runId, nodeId: "check" } });
  return { finished, score: (step.output as { score: unknown }).score };
}

describe("Evaluate node with a JavaScript assertion", () => {
  it("scores the model's reply in the worker's sandbox and passes the text on", async () => {
    const { finished, score } = await run("return input.output.includes('Paris') ? input.output.split(' ').length / 10 : 0;");
    expect(finished).toMatchObject({ status: "SUCCEEDED", output: "The capital of France is Paris." });
    expect(score).toEqual({ score: 0.6, passed: true, reason: "The assertion scored 0.6" });
  });

  it("reports code that cannot reach the host as a failed assertion, not a failed run", async () => {
    const { finished, score } = await run("return require('fs').readFileSync('/etc/passwd', 'utf8');");
    expect(finished.status).toBe("SUCCEEDED");
    expect(score).toMatchObject({ score: 0, passed: false, reason: expect.stringMatching(/^The assertion failed to run: .*require/) });
  });
});

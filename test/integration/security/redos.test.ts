// One tenant's regular expression must not stall another tenant's runs: workspace A's flow runs the
// catastrophic pattern ^(a+)+$ on "aaa…!" (a backtracking engine needs about 2^34 steps for it) in a
// Router, a Condition's matches() and a regex Evaluate node, while workspace B's ordinary run, on the
// same worker, must finish within its usual time.
import type { FlowGraph } from "@switchyard/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { chatFlow, newBot, newCredential, newUser } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "../runs/worker-harness";

const EVIL = "^(a+)+$";
const MESSAGE = `${"a".repeat(34)}!`;
/** An ordinary run here takes tens of milliseconds; a stalled event loop holds it for minutes. */
const USUAL_MS = 3_000;

let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;
let provider: ProviderFixture;
const tenants: Record<"a" | "b", { workspaceId: string; credentialId: string }> = {} as never;

beforeAll(async () => {
  provider = await startProviderFixture();
  [worker] = await Promise.all([startWorker()]);
  client = createRunClient();
  for (const key of ["a", "b"] as const) {
    const { workspace } = await newUser(`redos-${key}`);
    const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${provider.url}/v1`);
    tenants[key] = { workspaceId: workspace.id, credentialId: credential.id };
  }
});

afterAll(async () => {
  await client?.close();
  // a worker whose event loop is stuck cannot run its SIGTERM handler
  if (worker) await Promise.race([worker.stop(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  worker?.child.kill("SIGKILL");
  await provider?.close();
});

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, config, position: { x: 0, y: 0 } });
const edge = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({
  id: `${source}-${target}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

function evilFlows(credentialId: string): Record<string, FlowGraph> {
  return {
    "a Router route pattern": {
      nodes: [
        node("input", "chat-input"),
        node("router", "router", {
          routes: [
            { name: "only-as", credentialId, model: "fixture-small", pattern: EVIL },
            { name: "rest", credentialId, model: "fixture-small" },
          ],
        }),
        node("output", "chat-output"),
      ],
      edges: [edge("input", "message", "router", "prompt"), edge("router", "text", "output", "text")],
    },
    "a Condition's matches()": {
      nodes: [
        node("input", "chat-input"),
        node("cond", "condition", { expression: `matches(input, "${EVIL}")` }),
        node("output", "chat-output"),
      ],
      edges: [edge("input", "message", "cond", "value"), edge("cond", "false", "output", "text")],
    },
    "a regex Evaluate node": {
      nodes: [node("input", "chat-input"), node("check", "evaluate", { kind: "regex", pattern: EVIL }), node("output", "chat-output")],
      edges: [edge("input", "message", "check", "text"), edge("check", "text", "output", "text")],
    },
  };
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<"timed out">((resolve) => setTimeout(() => resolve("timed out"), ms))]);

describe("a pathological regular expression in one workspace", () => {
  it.each(["a Router route pattern", "a Condition's matches()", "a regex Evaluate node"])(
    "in %s does not hold up another workspace's run",
    async (kind) => {
      const a = tenants.a;
      const b = tenants.b;
      const evil = evilFlows(a.credentialId)[kind]!;
      const ordinary = chatFlow({ credentialId: b.credentialId, model: "fixture-small" });
      const [evilBot, ordinaryBot] = await Promise.all([newBot(a.workspaceId, evil), newBot(b.workspaceId, ordinary)]);

      const attack = await client.run({ workspaceId: a.workspaceId, botId: evilBot.id, graph: evil, message: MESSAGE });
      await new Promise((resolve) => setTimeout(resolve, 300)); // the worker has taken A's job
      const started = Date.now();
      const victim = await client.run({ workspaceId: b.workspaceId, botId: ordinaryBot.id, graph: ordinary, message: "Hello" });
      const finished = await within(victim.finished, USUAL_MS);
      expect(finished, `workspace B's run after ${Date.now() - started} ms`).toMatchObject({ status: "SUCCEEDED", output: "Echo: Hello" });

      // and A's own run answers (the pattern simply does not match), rather than failing
      expect(await within(attack.finished, USUAL_MS)).toMatchObject({ status: "SUCCEEDED" });
    },
    20_000,
  );
});

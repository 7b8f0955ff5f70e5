import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compileFlow, type CompiledFlow } from "./compile";
import { executeFlow } from "./execute";
import { defineNode, type EngineServices, type NodeDefinition } from "./node-definition";
import { NodeFailureError } from "./node-failure";
import { createRegistry } from "./registry";
import type { RunEvent } from "./run-events";

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

const start = defineNode({
  type: "start",
  label: "Start",
  category: "Input",
  description: "",
  inputs: [],
  outputs: [{ name: "text", label: "Text", type: "text" }],
  config: z.object({}),
  execute: async ({ run }) => ({ outputs: { text: run.input.message } }),
});
const slow = defineNode({
  type: "slow",
  label: "Slow",
  category: "Model",
  description: "",
  inputs: [{ name: "in", label: "In", type: "text", required: true }],
  outputs: [{ name: "out", label: "Out", type: "text" }],
  config: z.object({
    ms: z.number(),
    fail: z.boolean().default(false),
    failModelCall: z.boolean().default(false),
    ignoreSignal: z.boolean().default(false),
  }),
  execute: async (context) => {
    const { config, inputs } = context;
    // ignoreSignal: a node that never looks at its signal (reading it is what makes the node's deadline)
    if (config.ignoreSignal) await new Promise((resolve) => setTimeout(resolve, config.ms));
    else await wait(config.ms, context.signal);
    if (config.fail) throw new Error("provider exploded");
    if (config.failModelCall)
      throw new NodeFailureError("MODEL_CALL_FAILED", "429 after 2 attempts", {
        attempts: [
          { startedAt: 1, latencyMs: 3, error: "429" },
          { startedAt: 5, latencyMs: 4, error: "429" },
        ],
        usage: { provider: "P", model: "m", tokensIn: 0, tokensOut: 0, costUsd: 0, attempts: 2 },
      });
    return {
      outputs: { out: `${String(inputs.in)}+${config.ms}` },
      usage: { provider: "P", model: "m", tokensIn: 2, tokensOut: 3, costUsd: 0.5, attempts: 1 },
    };
  },
});
const join = defineNode({
  type: "join",
  label: "Join",
  category: "Output",
  description: "",
  inputs: [{ name: "parts", label: "Parts", type: "text", required: true, multiple: true }],
  outputs: [],
  config: z.object({}),
  execute: async ({ inputs }) => {
    const reply = (inputs.parts as string[]).join(" | ");
    return { outputs: { reply }, reply };
  },
});
const registry = createRegistry([start, slow, join] as NodeDefinition[]);
const services = {} as EngineServices;

function fanOut(branches: { ms: number; fail?: boolean; failModelCall?: boolean; ignoreSignal?: boolean }[]): CompiledFlow {
  const result = compileFlow(
    {
      nodes: [
        { id: "s", type: "start", config: {}, position: { x: 0, y: 0 } },
        ...branches.map((branch, index) => ({ id: `b${index}`, type: "slow", config: branch, position: { x: 0, y: 0 } })),
        { id: "j", type: "join", config: {}, position: { x: 0, y: 0 } },
      ],
      edges: branches.flatMap((_branch, index) => [
        { id: `in${index}`, source: "s", sourceHandle: "text", target: `b${index}`, targetHandle: "in" },
        { id: `out${index}`, source: `b${index}`, sourceHandle: "out", target: "j", targetHandle: "parts" },
      ]),
    },
    registry,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.flow;
}

describe("executeFlow", () => {
  it("runs independent branches concurrently and joins them in edge order", async () => {
    const began = Date.now();
    const events: RunEvent[] = [];
    const result = await executeFlow(fanOut([{ ms: 60 }, { ms: 30 }, { ms: 60 }]), {
      runId: "r",
      input: { message: "hi" },
      services,
      emit: (event) => events.push(event),
    });
    expect(Date.now() - began).toBeLessThan(150); // not 150 ms in sequence
    expect(result).toMatchObject({ status: "SUCCEEDED", output: "hi+60 | hi+30 | hi+60", tokensIn: 6, tokensOut: 9, costUsd: 1.5 });
    expect(result.steps).toHaveLength(5);
    expect(events[0]).toMatchObject({ type: "run.started", runId: "r" });
    expect(events.filter((event) => event.type === "node.finished")).toHaveLength(5);
  });

  it("fails the run when a node fails and cancels its siblings still running", async () => {
    const result = await executeFlow(fanOut([{ ms: 10, fail: true }, { ms: 5_000 }]), { runId: "r", input: { message: "hi" }, services });
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("Slow (b0) failed: provider exploded");
    expect(Object.fromEntries(result.steps.map((step) => [step.nodeId, step.status]))).toEqual({
      s: "SUCCEEDED",
      b0: "FAILED",
      b1: "CANCELLED",
    });
    expect(result.steps.some((step) => step.nodeId === "j")).toBe(false);
  });

  it("stops a node at its timeout", async () => {
    const result = await executeFlow(fanOut([{ ms: 5_000 }]), { runId: "r", input: { message: "hi" }, services, nodeTimeoutMs: 50 });
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("Slow (b0) failed: timed out after 0.1s");
  });

  it("fails a node that never read its signal but ran past its timeout", async () => {
    const result = await executeFlow(fanOut([{ ms: 120, ignoreSignal: true }]), {
      runId: "r",
      input: { message: "hi" },
      services,
      nodeTimeoutMs: 50,
    });
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("Slow (b0) failed: timed out after 0.1s");
  });

  it("lets a node that never read its signal finish within its timeout", async () => {
    const result = await executeFlow(fanOut([{ ms: 10, ignoreSignal: true }]), {
      runId: "r",
      input: { message: "hi" },
      services,
      nodeTimeoutMs: 5_000,
    });
    expect(result.status).toBe("SUCCEEDED");
    expect(result.output).toBe("hi+10");
  });

  it("cancels every in-flight node when the run's signal aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("The run was cancelled")), 20);
    const result = await executeFlow(fanOut([{ ms: 5_000 }, { ms: 5_000 }]), {
      runId: "r",
      input: { message: "hi" },
      services,
      signal: controller.signal,
    });
    expect(result.status).toBe("CANCELLED");
    expect(result.steps.filter((step) => step.status === "CANCELLED")).toHaveLength(2);
  });

  it("records a failed model call's attempts and the model it called, from the failure's own fields", async () => {
    const result = await executeFlow(fanOut([{ ms: 1, failModelCall: true }]), { runId: "r", input: { message: "hi" }, services });
    const step = result.steps.find((candidate) => candidate.nodeId === "b0")!;
    expect(step).toMatchObject({ status: "FAILED", error: "429 after 2 attempts", provider: "P", model: "m", attempts: 2 });
    expect(step.detail).toEqual({ attempts: [expect.objectContaining({ error: "429" }), expect.objectContaining({ error: "429" })] });
  });
});

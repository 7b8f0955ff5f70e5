// Durable pauses: a node that waits for a person stops only its own branch; the run comes back as a
// checkpoint, and resuming with the answer continues without running finished nodes again.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compileFlow, type CompiledFlow } from "./compile";
import { executeFlow, type ResumeFrom, type RunResult } from "./execute";
import type { FlowGraph } from "./graph";
import { defineNode, type EngineServices, type NodeDefinition } from "./node-definition";
import type { ApprovalAnswer, ApprovalRequest } from "./pause";
import { createRegistry } from "./registry";
import type { RunEvent } from "./run-events";

let sourceRuns = 0;
const source = defineNode({
  type: "source",
  label: "Source",
  category: "Input",
  description: "",
  inputs: [],
  outputs: [{ name: "text", label: "Text", type: "text" }],
  config: z.object({}),
  execute: async ({ run }) => {
    sourceRuns++;
    return {
      outputs: { text: run.input.message },
      usage: { provider: "P", model: "m", tokensIn: 1, tokensOut: 1, costUsd: 0.5, attempts: 1 },
    };
  },
});
const request: ApprovalRequest = {
  kind: "node",
  question: "Send it?",
  proposed: "draft",
  valueSchema: null,
  actions: [{ name: "approve", label: "Approve", branch: "approved" }],
  timeoutAction: "approve",
  timeoutMs: 1000,
};
const gate = defineNode({
  type: "gate",
  label: "Gate",
  category: "Logic",
  description: "",
  inputs: [{ name: "in", label: "In", type: "any", required: true }],
  outputs: [{ name: "out", label: "Out", type: "any" }],
  config: z.object({}),
  execute: async ({ inputs, waitFor, savedState, recordStep }) => {
    if (savedState === undefined)
      recordStep({ kind: "note", name: "before", status: "SUCCEEDED", input: {}, output: null, startedAt: 1, finishedAt: 2 });
    const answer = waitFor!({ key: "q", request, state: { seen: inputs.in } });
    recordStep({ kind: "note", name: "after", status: "SUCCEEDED", input: {}, output: null, startedAt: 3, finishedAt: 4 });
    return { outputs: { out: `${String(answer.value)} (${JSON.stringify(savedState)})` } };
  },
});
const output = defineNode({
  type: "output",
  label: "Output",
  category: "Output",
  description: "",
  inputs: [{ name: "text", label: "Text", type: "any", required: true }],
  outputs: [],
  config: z.object({}),
  execute: async ({ inputs }) => ({ outputs: {}, reply: String(inputs.text) }),
});
const registry = createRegistry([source, gate, output] as NodeDefinition[]);
const node = (id: string, type: string) => ({ id, type, config: {}, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  id: `${from}-${to}`,
  source: from,
  sourceHandle: fromPort,
  target: to,
  targetHandle: toPort,
});
// source feeds a direct reply and, through the gate, a second one
const graph: FlowGraph = {
  nodes: [node("s", "source"), node("g", "gate"), node("o1", "output"), node("o2", "output")],
  edges: [edge("s", "text", "o1", "text"), edge("s", "text", "g", "in"), edge("g", "out", "o2", "text")],
};
const compiled = (): CompiledFlow => {
  const result = compileFlow(graph, registry);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.flow;
};
const answer: ApprovalAnswer = {
  action: "approve",
  value: "edited",
  comment: null,
  changed: true,
  answeredBy: "ana@example.com",
  answeredVia: "APP",
  answeredAt: 5,
};

async function run(options: { pausable?: boolean; resume?: ResumeFrom } = {}): Promise<{ result: RunResult; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const result = await executeFlow(compiled(), {
    runId: "r",
    input: { message: "hi" },
    services: {} as EngineServices,
    emit: (event) => events.push(event),
    ...options,
  });
  return { result, events };
}

describe("pausing a run", () => {
  it("finishes the branches that do not wait, then returns a checkpoint instead of a result", async () => {
    const { result, events } = await run({ pausable: true });
    expect(result.status).toBe("WAITING");
    expect(result.output).toBeNull();
    expect(result.paused?.pauses).toEqual([{ nodeId: "g", key: "g:q", request }]);
    expect(result.paused?.checkpoint).toEqual({
      done: { s: { outputs: { text: "hi" } }, o1: { outputs: {}, reply: "hi" } },
      skipped: [],
      states: { g: { seen: "hi" } },
    });
    expect(result.steps.map((step) => step.nodeId).sort()).toEqual(["g/note-1:before", "o1", "s"]);
    expect(events).toContainEqual(expect.objectContaining({ type: "node.waiting", nodeId: "g", question: "Send it?" }));
  });

  it("resumes with the answer: finished nodes are not run again and their cost still counts", async () => {
    const first = await run({ pausable: true });
    sourceRuns = 0;
    const { result } = await run({
      pausable: true,
      resume: { checkpoint: first.result.paused!.checkpoint, steps: first.result.steps, answers: { "g:q": answer } },
    });
    expect(sourceRuns).toBe(0);
    expect(result.status).toBe("SUCCEEDED");
    expect(result.output).toBe('hi\n\nedited ({"seen":"hi"})');
    expect(result.costUsd).toBe(0.5);
    // the resumed node numbers its sub-steps after the ones it recorded before pausing
    expect(result.steps.map((step) => step.nodeId).sort()).toEqual(["g", "g/note-1:before", "g/note-2:after", "o1", "o2", "s"]);
  });

  it("fails the node instead when the run may not pause (an eval)", async () => {
    const { result } = await run();
    expect(result.status).toBe("FAILED");
    expect(result.paused).toBeNull();
    expect(result.error).toMatch(/cannot wait for a person/);
  });
});

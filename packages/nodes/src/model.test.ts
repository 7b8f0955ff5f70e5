import { compileFlow, executeFlow, type FlowGraph, type ModelGateway } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { nodeRegistry } from "./index";

const position = { x: 0, y: 0 };
const chat = (config: Record<string, unknown>): FlowGraph => ({
  nodes: [
    { id: "in", type: "chat-input", config: {}, position },
    { id: "llm", type: "model", config, position },
    { id: "out", type: "chat-output", config: {}, position },
  ],
  edges: [
    { id: "e1", source: "in", sourceHandle: "message", target: "llm", targetHandle: "prompt" },
    { id: "e2", source: "llm", sourceHandle: "text", target: "out", targetHandle: "text" },
  ],
});

describe("model node", () => {
  it("reports a missing provider by its label, on the node", () => {
    const result = compileFlow(chat({ model: "gpt-4o-mini" }), nodeRegistry);
    expect(!result.ok && result.problems).toEqual([
      { nodeId: "llm", configPath: ["credentialId"], message: "Model: Provider: Choose a provider" },
    ]);
  });

  it("names a fallback's fields by their labels too", () => {
    const result = compileFlow(chat({ credentialId: "c", model: "m", fallbacks: [{ credentialId: "c", model: " " }] }), nodeRegistry);
    expect(!result.ok && result.problems.map((problem) => problem.message)).toEqual([
      "Model: Fallback models, in order #1 › Model: Choose a model",
    ]);
  });

  it("hands the provider the node's signal when the call goes out, and makes none for a call that never reads it", async () => {
    const compiled = compileFlow(chat({ credentialId: "c", model: "m" }), nodeRegistry);
    if (!compiled.ok) throw new Error("the flow should compile");
    const answer = {
      text: "Paris",
      toolCalls: [],
      attempts: [],
      usage: { provider: "OPENAI", model: "m", tokensIn: 1, tokensOut: 1, costUsd: 0, attempts: 1 },
    };
    const seen: (AbortSignal | undefined)[] = [];
    const reading: ModelGateway = { generate: async (_request, options) => (seen.push(options.signal), answer) };
    const cancel = new AbortController();
    const run = executeFlow(compiled.flow, {
      runId: "r",
      input: { message: "Capital of France?" },
      services: { models: reading },
      signal: cancel.signal,
    });
    expect((await run).output).toBe("Paris");
    expect(seen[0]).toBeInstanceOf(AbortSignal);
    expect(seen[0]!.aborted).toBe(false);

    // a gateway that answers without reading the signal (the eval response cache) still gets the reply through
    const cached: ModelGateway = { generate: async () => answer };
    expect(
      (await executeFlow(compiled.flow, { runId: "r2", input: { message: "Capital of France?" }, services: { models: cached } })).output,
    ).toBe("Paris");
  });
});

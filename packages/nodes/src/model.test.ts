import { compileFlow, type FlowGraph } from "@switchyard/engine";
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
});

import { executeFlow } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { chainGraph, compiled, memoryBots, modelBot } from "./shared/bot-test-support";
import { scriptedModels } from "./shared/test-support";

const botFlow = (config: Record<string, unknown>) => compiled(chainGraph({ type: "bot", config, port: "input", out: "reply" }));

describe("bot node", () => {
  it("calls another bot as one step: input → reply, with its steps nested under the call and its cost in the run", async () => {
    const models = scriptedModels((request) => ({ text: `answer to ${(request.messages[0] as { content: string }).content}` }));
    const result = await executeFlow(botFlow({ botId: "helper" }), {
      runId: "r",
      input: { message: "what is 2+2?" },
      services: { models, bots: memoryBots({ helper: { name: "Helper", flow: modelBot() } }) },
      callPath: ["root"],
    });
    expect(result).toMatchObject({ status: "SUCCEEDED", output: "answer to what is 2+2?", costUsd: 0.001, tokensIn: 10, tokensOut: 5 });
    expect(result.steps.find((step) => step.nodeId === "mid")).toMatchObject({ detail: { note: 'Called bot "Helper"' } });
    expect(result.steps.find((step) => step.nodeId === "mid/call-1:Helper")).toMatchObject({
      nodeType: "call",
      detail: { parentId: "mid", totals: { costUsd: 0.001 } },
    });
    expect(result.steps.find((step) => step.nodeId === "mid/call-1:Helper/mid")).toMatchObject({
      model: "m",
      detail: { parentId: "mid/call-1:Helper" },
    });
  });

  it("refuses a call that loops back, showing the path, and one deeper than five bots", async () => {
    const bots = memoryBots({ a: { name: "A", flow: botFlow({ botId: "b" }) }, b: { name: "B", flow: botFlow({ botId: "a" }) } });
    const looped = await executeFlow(botFlow({ botId: "b" }), {
      runId: "r",
      input: { message: "hi" },
      services: { models: scriptedModels(() => ({})), bots },
      callPath: ["a"],
    });
    expect(looped.status).toBe("FAILED");
    expect(looped.error).toContain("bots must not call themselves: A → B → A");

    const chain = Object.fromEntries(
      Array.from({ length: 7 }, (_, index) => [`b${index}`, { name: `B${index}`, flow: botFlow({ botId: `b${index + 1}` }) }]),
    );
    const deep = await executeFlow(botFlow({ botId: "b1" }), {
      runId: "r",
      input: { message: "hi" },
      services: { models: scriptedModels(() => ({})), bots: memoryBots(chain) },
      callPath: ["b0"],
    });
    expect(deep.error).toContain("bots may call bots at most 5 deep: B0 → B1 → B2 → B3 → B4 → B5");
  });

  it("is a tool an agent can call with an input, the call nested under the Bot node", async () => {
    let turn = 0;
    const models = scriptedModels((request) => {
      if (request.model === "helper-model") return { text: `helper says: ${(request.messages[0] as { content: string }).content}` };
      turn += 1;
      return turn === 1
        ? { toolCalls: [{ id: "t1", name: "ask_helper", arguments: { input: "the capital of France?" } }] }
        : { text: "Paris, says the helper" };
    });
    const helper = compiled(
      chainGraph({ type: "model", config: { credentialId: "c", model: "helper-model", stream: false }, port: "prompt", out: "text" }),
    );
    const graph = chainGraph({
      type: "agent",
      config: { credentialId: "c", model: "agent-model", stream: false },
      port: "prompt",
      out: "text",
    });
    graph.nodes.push({
      id: "tool",
      type: "bot",
      config: { botId: "helper", toolName: "ask_helper", toolDescription: "Asks the helper" },
      position: { x: 0, y: 0 },
    });
    graph.edges.push({ id: "e3", source: "tool", sourceHandle: "tool", target: "mid", targetHandle: "tools" });
    const result = await executeFlow(compiled(graph), {
      runId: "r",
      input: { message: "ask the helper" },
      services: { models, bots: memoryBots({ helper: { name: "Helper", flow: helper } }) },
      callPath: ["root"],
    });
    expect(result).toMatchObject({ status: "SUCCEEDED", output: "Paris, says the helper" });
    expect(models.requests[0]!.tools).toEqual([expect.objectContaining({ name: "ask_helper", description: "Asks the helper" })]);
    expect(result.steps.find((step) => step.nodeId === "mid/tool-1:ask_helper")).toMatchObject({
      output: { result: "helper says: the capital of France?" },
    });
    expect(result.steps.find((step) => step.nodeId === "tool/call-1:Helper/mid")).toMatchObject({ model: "helper-model" });
    expect(result.costUsd).toBeCloseTo(0.003);
  });
});

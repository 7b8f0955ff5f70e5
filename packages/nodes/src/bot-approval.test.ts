// Approvals inside called bots: a Bot node's own call pauses the calling run with the called bot's
// question and continues the called bot from its checkpoint when answered (its finished nodes not
// run again), with the approval step nested under the call. Where the caller cannot come back (an
// agent's tool, a For each item, an eval run) the approval fails naming why and where.
import {
  checkBotCalls,
  executeFlow,
  type ApprovalAnswer,
  type BotRef,
  type ExecuteOptions,
  type FlowGraph,
  type RunResult,
} from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { chainGraph, compiled, memoryBots } from "./shared/bot-test-support";
import { nodeRegistry } from "./index";
import { scriptedModels } from "./shared/test-support";

const position = { x: 0, y: 0 };
let modelCalls = 0;
const models = scriptedModels((request) => {
  modelCalls++;
  return { text: `draft for ${(request.messages.at(-1) as { content: string }).content}` };
});

/** The called bot: input → model (drafts) → approval → output. */
const gatedGraph: FlowGraph = {
  nodes: [
    { id: "in", type: "chat-input", config: {}, position },
    { id: "draft", type: "model", config: { credentialId: "c", model: "m", stream: false }, position },
    { id: "ask", type: "approval", config: { question: "Send {{input}}?" }, position },
    { id: "out", type: "chat-output", config: {}, position },
  ],
  edges: [
    { id: "e1", source: "in", sourceHandle: "message", target: "draft", targetHandle: "prompt" },
    { id: "e2", source: "draft", sourceHandle: "text", target: "ask", targetHandle: "value" },
    { id: "e3", source: "ask", sourceHandle: "approved", target: "out", targetHandle: "text" },
  ],
};
const gated = { name: "Gated", flow: compiled(gatedGraph) };

/** Chat input → an agent offered the Bot node calling `botId` as its tool → chat output. */
const agentWithBotTool = (botId: string): FlowGraph => ({
  nodes: [
    { id: "in", type: "chat-input", config: {}, position },
    { id: "tool", type: "bot", config: { botId }, position },
    { id: "agent", type: "agent", config: { credentialId: "c", model: "m" }, position },
    { id: "out", type: "chat-output", config: {}, position },
  ],
  edges: [
    { id: "e1", source: "in", sourceHandle: "message", target: "agent", targetHandle: "prompt" },
    { id: "e2", source: "tool", sourceHandle: "tool", target: "agent", targetHandle: "tools" },
    { id: "e3", source: "agent", sourceHandle: "text", target: "out", targetHandle: "text" },
  ],
});
const caller = (type: string, config: Record<string, unknown>, port: string, out: string) =>
  compiled(chainGraph({ type, config, port, out }));
const bots = (extra: Record<string, { name: string; flow: ReturnType<typeof compiled> }> = {}) => memoryBots({ gated, ...extra });

const answer = (value: unknown): ApprovalAnswer => ({
  action: "approve",
  value,
  comment: null,
  changed: true,
  answeredBy: "ana@example.com",
  answeredVia: "APP",
  answeredAt: 1,
});

const run = (flow: ReturnType<typeof compiled>, options: Partial<ExecuteOptions> = {}) =>
  executeFlow(flow, {
    runId: "r",
    input: { message: "the news" },
    services: { models, bots: bots() },
    callPath: ["root"],
    ...options,
  });

/** A JSON round trip, as the checkpoint is saved in PostgreSQL between the pause and the answer. */
const persisted = (result: RunResult) => JSON.parse(JSON.stringify({ checkpoint: result.paused!.checkpoint, steps: result.steps }));

describe("approvals inside called bots", () => {
  it("pauses the calling run at the Bot node with the called bot's question, and resumes the called bot where it stopped", async () => {
    modelCalls = 0;
    const flow = caller("bot", { botId: "gated" }, "input", "reply");
    const first = await run(flow, { pausable: true });
    expect(first.status).toBe("WAITING");
    expect(first.paused!.pauses).toEqual([
      {
        nodeId: "mid",
        key: "mid:ask:answer",
        request: expect.objectContaining({ kind: "node", question: "Send draft for the news?", proposed: "draft for the news" }),
      },
    ]);
    // nothing of the called bot is in the caller's trace until it has ended
    expect(first.steps.map((step) => step.nodeId)).toEqual(["in"]);
    expect(modelCalls).toBe(1);

    const saved = persisted(first);
    const resumed = await run(flow, { pausable: true, resume: { ...saved, answers: { "mid:ask:answer": answer("the edited draft") } } });
    expect(resumed).toMatchObject({ status: "SUCCEEDED", output: "the edited draft", costUsd: 0.001 });
    // the called bot's model is not asked again: its draft came from the saved checkpoint
    expect(modelCalls).toBe(1);
    expect(resumed.steps.map((step) => step.nodeId).sort()).toEqual([
      "in",
      "mid",
      "mid/call-1:Gated",
      "mid/call-1:Gated/ask",
      "mid/call-1:Gated/draft",
      "mid/call-1:Gated/in",
      "mid/call-1:Gated/out",
      "out",
    ]);
    expect(resumed.steps.find((step) => step.nodeId === "mid/call-1:Gated/ask")).toMatchObject({
      detail: { parentId: "mid/call-1:Gated", note: "Approve (ana@example.com, edited)" },
    });
  });

  it("pauses through two levels of calls, the question keyed by the whole path", async () => {
    const middle = { name: "Middle", flow: caller("bot", { botId: "gated" }, "input", "reply") };
    const flow = caller("bot", { botId: "middle" }, "input", "reply");
    const services = { models, bots: bots({ middle }) };
    const first = await run(flow, { pausable: true, services });
    expect(first.paused!.pauses.map((pause) => pause.key)).toEqual(["mid:mid:ask:answer"]);
    const resumed = await run(flow, {
      pausable: true,
      services,
      resume: { ...persisted(first), answers: { "mid:mid:ask:answer": answer("ok") } },
    });
    expect(resumed).toMatchObject({ status: "SUCCEEDED", output: "ok" });
    expect(resumed.steps.some((step) => step.nodeId === "mid/call-1:Middle/mid/call-1:Gated/ask")).toBe(true);
  });

  it("refuses to continue a called bot whose graph changed while the run waited", async () => {
    const versioned = (graphKey: string) => ({
      async load() {
        return { id: "gated", name: "Gated", flow: gated.flow, graphKey };
      },
    });
    const flow = caller("bot", { botId: "gated" }, "input", "reply");
    const first = await run(flow, { pausable: true, services: { models, bots: versioned("version:1") } });
    const resumed = await run(flow, {
      pausable: true,
      services: { models, bots: versioned("version:2") },
      resume: { ...persisted(first), answers: { "mid:ask:answer": answer("x") } },
    });
    expect(resumed.status).toBe("FAILED");
    expect(resumed.error).toContain('bot "Gated" changed while this run waited for its approval');
  });

  it("fails an approval in a bot called by a For each, naming the path and why", async () => {
    const result = await run(caller("for-each", { botId: "gated" }, "list", "text"), { pausable: true });
    expect(result.status).toBe("FAILED");
    expect(result.error).toContain(
      'the approval at "mid" → bot "Gated" → "ask" cannot wait for a person: the items of a For each cannot pause; call the bot with a Bot node instead',
    );
    expect(result.error).not.toContain("evaluation");
  });

  it("fails an approval in a bot an agent calls as a tool, naming the path and the agent's own approval setting", async () => {
    const graph: FlowGraph = {
      nodes: [
        { id: "in", type: "chat-input", config: {}, position },
        { id: "tool", type: "bot", config: { botId: "gated", toolName: "ask_gated", toolDescription: "Asks" }, position },
        { id: "agent", type: "agent", config: { credentialId: "c", model: "m", stream: false }, position },
        { id: "out", type: "chat-output", config: {}, position },
      ],
      edges: [
        { id: "e1", source: "in", sourceHandle: "message", target: "agent", targetHandle: "prompt" },
        { id: "e2", source: "tool", sourceHandle: "tool", target: "agent", targetHandle: "tools" },
        { id: "e3", source: "agent", sourceHandle: "text", target: "out", targetHandle: "text" },
      ],
    };
    const agentModels = scriptedModels((request) =>
      request.messages.some((message) => message.role === "tool")
        ? { text: `tool said: ${JSON.stringify(request.messages.at(-1))}` }
        : request.tools?.length
          ? { toolCalls: [{ id: "t1", name: "ask_gated", arguments: { input: "hi" } }] }
          : { text: "a draft" },
    );
    const result = await run(compiled(graph), { pausable: true, services: { models: agentModels, bots: bots() } });
    // a failed tool goes back to the model; its trace step carries the reason
    const toolStep = result.steps.find((step) => step.nodeId === "agent/tool-1:ask_gated");
    expect(toolStep?.error).toContain(
      'the approval at "tool" → bot "Gated" → "ask" cannot wait for a person: a bot an agent calls as a tool cannot pause; set "Ask a person before calling" on the agent instead',
    );
  });

  it("in a run that cannot pause (an eval), says so with the path", async () => {
    const result = await run(caller("bot", { botId: "gated" }, "input", "reply"), {
      pausable: false,
      pauseRefusal: "evaluation runs cannot pause, nobody answers them; remove the approval or turn it off",
    });
    expect(result.status).toBe("FAILED");
    expect(result.error).toContain('the approval at "mid" → bot "Gated" → "ask" cannot wait for a person: evaluation runs cannot pause');
  });

  it("is refused when the flow is checked where it could not wait, naming the path from the bot being saved", async () => {
    const chain = (type: string, config: Record<string, unknown>, port: string, out: string) => chainGraph({ type, config, port, out });
    const stored: Record<string, { name: string; graph: FlowGraph }> = {
      gated: { name: "Gated", graph: gatedGraph },
      middle: { name: "Middle", graph: chain("for-each", { botId: "gated" }, "list", "text") },
      direct: { name: "Direct", graph: chain("bot", { botId: "gated" }, "input", "reply") },
    };
    const load = async (ref: BotRef) => stored[ref.botId] ?? null;
    const check = (graph: FlowGraph) => checkBotCalls({ id: "root", name: "Root" }, graph, nodeRegistry, load);
    expect(await check(chain("for-each", { botId: "gated" }, "list", "text"))).toEqual([
      {
        nodeId: "mid",
        message:
          'the approval at Root → "mid" → bot "Gated" → "ask" cannot wait for a person: the items of a For each cannot pause; call the bot with a Bot node instead',
      },
    ]);
    expect(await check(chain("bot", { botId: "middle" }, "input", "reply"))).toEqual([
      {
        nodeId: "mid",
        message: expect.stringContaining('the approval at Root → "mid" → bot "Middle" → "mid" → bot "Gated" → "ask" cannot wait'),
      },
    ]);
    // a Bot node's own call can wait, through any number of them
    expect(await check(chain("bot", { botId: "direct" }, "input", "reply"))).toEqual([]);
    // a Bot node offered to an agent as a tool cannot
    expect(await check(agentWithBotTool("gated"))).toEqual([
      {
        nodeId: "tool",
        message:
          'the approval at Root → "tool" → bot "Gated" → "ask" cannot wait for a person: a bot an agent calls as a tool cannot pause; set "Ask a person before calling" on the agent instead, or call the bot with a Bot node',
      },
    ]);
  });
  it("refuses an agent that asks before tool calls where it could not wait, naming the path; one that never asks passes", async () => {
    const agentBot = (approval: Record<string, unknown>) => ({
      name: "Asker",
      graph: chainGraph({ type: "agent", config: { credentialId: "c", model: "m", ...approval }, port: "prompt", out: "text" }),
    });
    const stored: Record<string, { name: string; graph: FlowGraph }> = {
      asks: agentBot({ approveTools: "side_effects" }),
      named: agentBot({ approvalToolNames: ["send_mail"] }),
      never: agentBot({}),
    };
    const load = async (ref: BotRef) => stored[ref.botId] ?? null;
    const check = (graph: FlowGraph) => checkBotCalls({ id: "root", name: "Root" }, graph, nodeRegistry, load);
    const loop = (botId: string) => chainGraph({ type: "for-each", config: { botId }, port: "list", out: "text" });
    expect(await check(loop("asks"))).toEqual([
      {
        nodeId: "mid",
        message:
          'the agent at Root → "mid" → bot "Asker" → "mid" cannot wait for a person: the items of a For each cannot pause; call the bot with a Bot node instead',
      },
    ]);
    expect(await check(loop("named"))).toEqual([
      { nodeId: "mid", message: expect.stringContaining('the agent at Root → "mid" → bot "Asker"') },
    ]);
    expect(await check(loop("never"))).toEqual([]);
    // a Bot node's own call can wait for the agent's question
    expect(await check(chainGraph({ type: "bot", config: { botId: "asks" }, port: "input", out: "reply" }))).toEqual([]);
    // a bot offered to an agent as a tool cannot
    expect(await check(agentWithBotTool("asks"))).toEqual([
      {
        nodeId: "tool",
        message: expect.stringContaining(
          'the agent at Root → "tool" → bot "Asker" → "mid" cannot wait for a person: a bot an agent calls as a tool',
        ),
      },
    ]);
  });
});

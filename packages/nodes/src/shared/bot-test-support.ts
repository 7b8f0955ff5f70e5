// For Bot and For each unit tests: flows of real node types, compiled, and an in-memory bot service
// that applies the engine's call-chain rule as the worker's does.
import { botCallProblem, compileFlow, type BotFlows, type CompiledFlow, type FlowGraph } from "@switchyard/engine";
import { nodeRegistry } from "../index";

const position = { x: 0, y: 0 };

/** Chat input → `middle` (a node fed the message on `port`, answering on `out`) → chat output. */
export function chainGraph(middle: { type: string; config: Record<string, unknown>; port: string; out: string }): FlowGraph {
  return {
    nodes: [
      { id: "in", type: "chat-input", config: {}, position },
      { id: "mid", type: middle.type, config: middle.config, position },
      { id: "out", type: "chat-output", config: {}, position },
    ],
    edges: [
      { id: "e1", source: "in", sourceHandle: "message", target: "mid", targetHandle: middle.port },
      { id: "e2", source: "mid", sourceHandle: middle.out, target: "out", targetHandle: "text" },
    ],
  };
}

export function compiled(graph: FlowGraph): CompiledFlow {
  const result = compileFlow(graph, nodeRegistry);
  if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join("; "));
  return result.flow;
}

/** A model bot: its one Model node answers through whatever gateway the run has. */
export const modelBot = () =>
  compiled(chainGraph({ type: "model", config: { credentialId: "c", model: "m", stream: false }, port: "prompt", out: "text" }));

export function memoryBots(bots: Record<string, { name: string; flow: CompiledFlow }>): BotFlows {
  return {
    async load(ref, path) {
      const bot = bots[ref.botId];
      if (!bot) throw Object.assign(new Error("Bot not found"), { code: "NOT_FOUND" });
      const problem = botCallProblem(
        path.map((id) => ({ id, name: bots[id]?.name ?? id })),
        { id: ref.botId, name: bot.name },
      );
      if (problem) throw new Error(problem);
      return { id: ref.botId, name: bot.name, flow: bot.flow };
    },
  };
}

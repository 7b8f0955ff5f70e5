// The run's access to the other bots of its workspace (Bot and For each nodes): loads and compiles
// the graph a call names (compiled graphs are cached under the same keys as runs'), after the
// engine's rule on call chains has accepted the call.
import { botPath, readBotGraph, type Db } from "@switchyard/db";
import { botCallProblem, compileFlow, MAX_BOT_DEPTH, type BotFlows, type CompiledFlow, type NodeRegistry } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import type { ExpiringCache } from "./expiring-cache";

export function createBotFlows(options: {
  db: Db;
  registry: NodeRegistry;
  flows: ExpiringCache<CompiledFlow>;
  workspaceId: string;
}): BotFlows {
  return {
    async load(ref, path) {
      const target = await readBotGraph(options.db, options.workspaceId, ref);
      if (path.includes(target.id) || path.length >= MAX_BOT_DEPTH) {
        const problem = botCallProblem(await botPath(options.db, options.workspaceId, path), { id: target.id, name: target.name });
        if (problem) throw new AppError("BAD_REQUEST", problem.charAt(0).toUpperCase() + problem.slice(1));
      }
      const flow = await options.flows.getOrLoad(target.graphKey, () => {
        const compiled = compileFlow(target.graph, options.registry);
        if (!compiled.ok)
          throw new AppError(
            "BAD_REQUEST",
            `Bot "${target.name}" is not valid: ${compiled.problems.map((problem) => problem.message).join("; ")}`,
          );
        return compiled.flow;
      });
      return { id: target.id, name: target.name, flow, graphKey: target.graphKey };
    },
  };
}

// Bots that call bots (the Bot node, For each over a bot, a bot as an agent's tool). One rule, used
// when a flow is saved or published and again when a call starts: no bot may call itself through any
// chain, and a chain is at most MAX_BOT_DEPTH bots deep. Messages show the path by bot name.
import type { CompiledFlow } from "./compile";
import type { FlowGraph } from "./graph";
import { ITEM_PAUSE_REFUSAL, TOOL_PAUSE_REFUSAL } from "./pause";
import { graphReferences } from "./references";
import type { NodeRegistry } from "./registry";

export const MAX_BOT_DEPTH = 5;

/** Which graph of a bot a call runs: its latest version, its draft, or a version by number. */
export type BotVersionChoice = "latest" | "draft" | number;

export interface BotRef {
  botId: string;
  version: BotVersionChoice;
}

/** One bot of a call chain, root first. */
export interface BotOnPath {
  id: string;
  name: string;
}

const pathText = (path: readonly BotOnPath[]) => path.map((bot) => bot.name || bot.id).join(" → ");

/** Why calling `next` from the end of `path` is refused, or null when it may go ahead. */
export function botCallProblem(path: readonly BotOnPath[], next: BotOnPath): string | null {
  const chain = [...path, next];
  if (path.some((bot) => bot.id === next.id)) return `bots must not call themselves: ${pathText(chain)}`;
  if (chain.length > MAX_BOT_DEPTH) return `bots may call bots at most ${MAX_BOT_DEPTH} deep: ${pathText(chain)}`;
  return null;
}

/** The bots a graph calls, from every config field marked `reference("bot")`, with the version choice beside it. */
export function botCalls(graph: FlowGraph, registry: NodeRegistry): (BotRef & { nodeId: string })[] {
  return graphReferences(graph, registry).flatMap((found) => {
    if (found.kind !== "bot") return [];
    let at: unknown = graph.nodes.find((node) => node.id === found.nodeId)!.config;
    for (const key of found.path.slice(0, -1)) at = (at as Record<string | number, unknown> | undefined)?.[key];
    const holder = (at ?? {}) as Record<string, unknown>;
    const version: BotVersionChoice =
      holder.version === "draft"
        ? "draft"
        : holder.version === "pinned" && typeof holder.versionNumber === "number"
          ? holder.versionNumber
          : "latest";
    return [{ nodeId: found.nodeId, botId: found.id, version }];
  });
}

/** Reads another bot's graph for the check; null when this workspace has no such bot (or version). */
export type BotGraphLoader = (ref: BotRef) => Promise<{ name: string; graph: FlowGraph } | null>;

/**
 * Why the bot a node calls cannot wait for a person (see the Bot node's own call, which can), or null:
 * a For each's items, and a Bot node with its Input unconnected (a tool an agent calls).
 */
function pauseRefusalOf(graph: FlowGraph, nodeId: string): string | null {
  const node = graph.nodes.find((candidate) => candidate.id === nodeId);
  if (node?.type === "for-each") return ITEM_PAUSE_REFUSAL;
  if (node?.type === "bot" && !graph.edges.some((edge) => edge.target === nodeId && edge.targetHandle === "input"))
    return TOOL_PAUSE_REFUSAL;
  return null;
}

/** The first node of `graph` that can stop its run to ask a person (an Approval, an agent asking before tool calls). */
function nodeAskingPerson(graph: FlowGraph, registry: NodeRegistry): { id: string; label: string } | null {
  for (const node of graph.nodes) {
    const definition = registry.get(node.type);
    const asks = definition?.asksPerson;
    if (!asks) continue;
    // a config that does not parse is the config check's to report
    const config = asks === true ? null : definition.config.safeParse(node.config);
    if (asks === true || (config?.success && asks(config.data))) return { id: node.id, label: definition.label };
  }
  return null;
}

/** Where a walk stands: the bots on the path, and the calls between them as the messages name them. */
interface Walk {
  path: BotOnPath[];
  /** `Root → "loop" → bot "Child"`: each call's node id and the bot it calls. */
  where: string;
  /** Set once the chain passes a call that cannot pause. */
  refusal: string | null;
}

/**
 * Walks every chain of calls starting at `root` (whose graph is `graph`) and reports each cycle or
 * chain too deep once, on the node of `graph` that starts it, and each node that would ask a person
 * where its run cannot wait (inside a bot a For each or an agent's tool calls), with the path to it.
 * Missing bots are the references check's to report.
 */
export async function checkBotCalls(root: BotOnPath, graph: FlowGraph, registry: NodeRegistry, load: BotGraphLoader) {
  const problems: { nodeId: string; message: string }[] = [];
  async function walk(at: Walk, current: FlowGraph): Promise<string | null> {
    if (at.refusal) {
      const asking = nodeAskingPerson(current, registry);
      if (asking) return `the ${asking.label.toLowerCase()} at ${at.where} → "${asking.id}" cannot wait for a person: ${at.refusal}`;
    }
    for (const call of botCalls(current, registry)) {
      const target = await load(call);
      if (!target) continue;
      const next = { id: call.botId, name: target.name };
      const problem = botCallProblem(at.path, next);
      if (problem) return problem;
      const deeper = await walk(
        {
          path: [...at.path, next],
          where: `${at.where} → "${call.nodeId}" → bot "${target.name}"`,
          refusal: at.refusal ?? pauseRefusalOf(current, call.nodeId),
        },
        target.graph,
      );
      if (deeper) return deeper;
    }
    return null;
  }
  for (const call of botCalls(graph, registry)) {
    const target = await load(call);
    if (!target) continue;
    const next = { id: call.botId, name: target.name };
    const problem =
      botCallProblem([root], next) ??
      (await walk(
        {
          path: [root, next],
          where: `${root.name || root.id} → "${call.nodeId}" → bot "${target.name}"`,
          refusal: pauseRefusalOf(graph, call.nodeId),
        },
        target.graph,
      ));
    if (problem) problems.push({ nodeId: call.nodeId, message: problem });
  }
  return problems;
}

/** A bot's flow ready to run as part of another run, as the worker loads it (workspace-scoped). */
export interface LoadedBot {
  id: string;
  name: string;
  flow: CompiledFlow;
  /** Names the immutable graph loaded (a version, or one draft revision): a paused call resumes only on the same one. */
  graphKey?: string;
}

/** Other bots of the run's workspace; absent where no database is wired. */
export interface BotFlows {
  /**
   * Loads the bot a call names, refusing (with the path) a call that would loop or go too deep from
   * `path` (the ids of the bots calling, root first). A bot of another workspace is "Bot not found".
   */
  load(ref: BotRef, path: readonly string[]): Promise<LoadedBot>;
}

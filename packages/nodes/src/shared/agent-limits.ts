// What one agent may do, decided by its owner and enforced here rather than asked of the model: which
// of the connected tools it may call, how many tool calls, how much it may spend and for how long. A
// prompt injection can change what the model asks for, never these limits.
import { AppError } from "@switchyard/errors";
import { z } from "zod";

const toolName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "Tool names use up to 64 letters, digits, _ and -");

export const agentLimitFields = {
  /** Empty: every connected tool. An MCP server may offer more tools than this agent should use. */
  allowedTools: z.array(toolName).max(200).default([]).meta({ title: "Tools it may call (one per line; empty: all connected)" }),
  maxToolCalls: z.number().int().min(1).max(500).default(20).meta({ title: "Max tool calls" }),
  /** What the agent's own model calls may cost in one run; it stops before a turn once it is reached. */
  maxCostUsd: z.number().positive().max(10_000).optional().meta({ title: "Cost cap (USD)" }),
  /** From the agent's start; model calls and tools in flight are stopped when it passes. */
  maxDurationMs: z.number().int().min(100).max(3_600_000).optional().meta({ title: "Time cap (ms)" }),
};

export interface AgentLimits {
  allowedTools: string[];
  maxToolCalls: number;
  maxCostUsd?: number;
  maxDurationMs?: number;
}

/** A limit the agent reached: the step fails with this message (and the trace shows which limit). */
export class AgentLimitError extends AppError {
  constructor(
    message: string,
    readonly limit: "tool-calls" | "cost" | "time",
  ) {
    super("BAD_REQUEST", message);
  }
}

/** Which connected tools the agent may offer its model and call. */
export function permittedTools<T extends { name: string }>(connected: T[], allowed: string[]): { offered: T[]; withheld: string[] } {
  if (!allowed.length) return { offered: connected, withheld: [] };
  const permitted = new Set(allowed);
  return {
    offered: connected.filter((tool) => permitted.has(tool.name)),
    withheld: connected.filter((tool) => !permitted.has(tool.name)).map((tool) => tool.name),
  };
}

/** What a guard had counted when the agent paused for approval: a resumed agent carries on from it. */
export interface LimitCounters {
  toolCalls: number;
  /** Time the agent had worked; the wait for a person is not counted against the time cap. */
  elapsedMs: number;
}

/** Counts tool calls and spend against the caps; `signal` aborts when the time cap passes. */
export function createLimitGuard(limits: AgentLimits, runSignal: AbortSignal, counted: LimitCounters = { toolCalls: 0, elapsedMs: 0 }) {
  const startedAt = Date.now();
  const timer = limits.maxDurationMs === undefined ? undefined : AbortSignal.timeout(Math.max(0, limits.maxDurationMs - counted.elapsedMs));
  const timeError = () => new AgentLimitError(`the agent reached its time cap of ${limits.maxDurationMs} ms`, "time");
  let toolCalls = counted.toolCalls;
  return {
    signal: timer ? AbortSignal.any([runSignal, timer]) : runSignal,
    /** Throws the time-cap error when that is why `signal` aborted (the run's own cancel wins). */
    throwIfOverTime() {
      runSignal.throwIfAborted();
      if (timer?.aborted) throw timeError();
    },
    /** Before running a batch of calls the model asked for. */
    admitToolCalls(count: number) {
      if (toolCalls + count > limits.maxToolCalls)
        throw new AgentLimitError(
          `the agent reached its limit of ${limits.maxToolCalls} tool calls (the model asked for ${toolCalls + count})`,
          "tool-calls",
        );
      toolCalls += count;
    },
    /** Before another model turn, given what the agent's model calls have cost so far. */
    checkCost(spentUsd: number) {
      if (limits.maxCostUsd !== undefined && spentUsd >= limits.maxCostUsd)
        throw new AgentLimitError(`the agent reached its cost cap of $${limits.maxCostUsd} (spent $${spentUsd.toFixed(6)})`, "cost");
    },
    get toolCalls() {
      return toolCalls;
    },
    /** The counts to save with a paused agent's state. */
    counters(): LimitCounters {
      return { toolCalls, elapsedMs: counted.elapsedMs + Date.now() - startedAt };
    },
  };
}

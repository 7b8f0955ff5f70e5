import { describe, expect, it } from "vitest";
import { z } from "zod";
import { botCallProblem, checkBotCalls, type BotRef } from "./bot-calls";
import type { FlowGraph } from "./graph";
import { defineNode, type NodeDefinition } from "./node-definition";
import { reference } from "./references";
import { createRegistry } from "./registry";

const caller = defineNode({
  type: "caller",
  label: "Caller",
  category: "Logic",
  description: "",
  inputs: [],
  outputs: [],
  config: z.object({
    botId: z.string().meta({ ...reference("bot") }),
    version: z.string().default("latest"),
    versionNumber: z.number().optional(),
  }),
  execute: async () => ({ outputs: {} }),
});
const registry = createRegistry([caller] as NodeDefinition[]);
const calling = (...targets: (string | Record<string, unknown>)[]): FlowGraph => ({
  nodes: targets.map((target, index) => ({
    id: `call-${index + 1}`,
    type: "caller",
    config: typeof target === "string" ? { botId: target } : target,
    position: { x: 0, y: 0 },
  })),
  edges: [],
});

describe("bot call chains", () => {
  it("refuses a bot calling itself through others, and chains deeper than five, naming the path", () => {
    const path = [
      { id: "a", name: "Triage" },
      { id: "b", name: "Billing" },
    ];
    expect(botCallProblem(path, { id: "c", name: "Refunds" })).toBeNull();
    expect(botCallProblem(path, { id: "a", name: "Triage" })).toBe("bots must not call themselves: Triage → Billing → Triage");
    const five = ["1", "2", "3", "4", "5"].map((id) => ({ id, name: `B${id}` }));
    expect(botCallProblem(five.slice(0, 4), five[4]!)).toBeNull();
    expect(botCallProblem(five, { id: "6", name: "B6" })).toBe("bots may call bots at most 5 deep: B1 → B2 → B3 → B4 → B5 → B6");
  });

  it("finds a loop through stored bots on the node that starts it, following the version each call names", async () => {
    const stored: Record<string, { name: string; graph: FlowGraph }> = {
      "b@latest": { name: "B", graph: calling("c") },
      "c@latest": { name: "C", graph: calling({ botId: "a", version: "draft" }) },
      "a@draft": { name: "A", graph: calling() },
      "d@2": { name: "D", graph: calling() },
    };
    const seen: BotRef[] = [];
    const load = async (ref: BotRef) => {
      seen.push(ref);
      return stored[`${ref.botId}@${ref.version}`] ?? null;
    };
    const problems = await checkBotCalls(
      { id: "a", name: "A" },
      calling({ botId: "d", version: "pinned", versionNumber: 2 }, "b", "gone"),
      registry,
      load,
    );
    expect(problems).toEqual([{ nodeId: "call-2", message: "bots must not call themselves: A → B → C → A" }]);
    expect(seen).toContainEqual(expect.objectContaining({ botId: "d", version: 2 }));
  });
});

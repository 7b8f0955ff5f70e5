import type { ConversationMemory, ConversationTurn, EngineServices, ModelRequest } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { memory } from "./memory";

// An in-memory conversation store and a model that reports what it was asked: enough to pin down
// what the node reads, sends and saves (the database-backed store is covered by the integration test).
function services(turns: ConversationTurn[]) {
  const saved: { sessionId: string; text: string; coveredUntil: number }[] = [];
  const requests: ModelRequest[] = [];
  const store: ConversationMemory = {
    turns: async (_sessionId, { limit, since }) => turns.filter((turn) => since === undefined || turn.at > since).slice(-limit),
    summary: async (sessionId) => saved.filter((entry) => entry.sessionId === sessionId).at(-1) ?? null,
    saveSummary: async (sessionId, summary) => void saved.push({ sessionId, ...summary }),
  };
  const models = {
    generate: async (request: ModelRequest) => {
      requests.push(request);
      return {
        text: ` summary #${requests.length} `,
        toolCalls: [],
        usage: { provider: "test", model: request.model, tokensIn: 10, tokensOut: 3, costUsd: 0, attempts: 1 },
        attempts: [],
      };
    },
  };
  return { services: { models, memory: store } as EngineServices, saved, requests };
}

const run = (config: Record<string, unknown>, svc: EngineServices, sessionId: string | null = "s1") =>
  memory.execute({
    nodeId: "m",
    config: memory.config.parse(config),
    inputs: {},
    run: { id: "r", input: { message: "now", sessionId: sessionId ?? undefined }, spentUsd: () => 0 },
    services: svc,
    signal: new AbortController().signal,
    emit: () => undefined,
    recordStep: () => "",
  });

const history: ConversationTurn[] = [
  { message: "I'm Ada", reply: "Hello Ada", at: 1 },
  { message: "I like tea", reply: "Noted", at: 2 },
  { message: "What's my name?", reply: "Ada", at: 3 },
];

describe("memory node", () => {
  it("replays the last N turns as user and assistant messages", async () => {
    const { outputs } = await run({ turns: 2 }, services(history).services);
    expect(outputs.messages).toEqual([
      { role: "user", content: "I like tea" },
      { role: "assistant", content: "Noted" },
      { role: "user", content: "What's my name?" },
      { role: "assistant", content: "Ada" },
    ]);
  });

  it("remembers nothing for a run without a session", async () => {
    expect((await run({}, services(history).services, null)).outputs.messages).toEqual([]);
  });

  it("folds only the turns since the last summary into a new one, with the chosen model", async () => {
    const state = services(history);
    const config = { mode: "summary", credentialId: "c1", model: "small-model" };
    const first = await run(config, state.services);
    expect(first.outputs.messages).toEqual([{ role: "system", content: "Summary of the conversation so far: summary #1" }]);
    expect(first.usage).toMatchObject({ tokensIn: 10, model: "small-model" });
    expect(state.requests[0]).toMatchObject({ credentialId: "c1", model: "small-model", stream: false });
    expect((state.requests[0]!.messages[0] as { content: string }).content).toContain("User: I'm Ada\nAssistant: Hello Ada");
    expect(state.saved).toEqual([{ sessionId: "s1", text: "summary #1", coveredUntil: 3 }]);

    const unchanged = await run(config, state.services);
    expect(unchanged.outputs.messages).toEqual(first.outputs.messages);
    expect(state.requests).toHaveLength(1);

    history.push({ message: "And coffee", reply: "Noted too", at: 4 });
    await run(config, state.services);
    expect((state.requests[1]!.messages[0] as { content: string }).content).toBe(
      "Summary so far:\nsummary #1\n\nNew turns:\nUser: And coffee\nAssistant: Noted too",
    );
    expect(state.saved.at(-1)).toEqual({ sessionId: "s1", text: "summary #2", coveredUntil: 4 });
  });

  it("asks for a provider and model in summary mode", () => {
    expect(memory.check!(memory.config.parse({ mode: "summary" }))).toEqual([
      "Choose the provider that writes the summary",
      "Choose the model that writes the summary",
    ]);
  });
});

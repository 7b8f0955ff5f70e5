import { describe, expect, it } from "vitest";
import { withLearnedRouter } from "./adopt";

const routes = [
  { key: "cheap", label: "small", credentialId: "c1", model: "small" },
  { key: "strong", label: "large", credentialId: "c2", model: "large" },
];
const graph = {
  nodes: [
    { id: "in", type: "chat-input", config: {} },
    { id: "llm", type: "model", config: { credentialId: "c1", model: "small", system: "Be brief", temperature: 0.2, fallbacks: [] } },
  ],
  edges: [{ id: "e", source: "in", target: "llm" }],
};

describe("using a learned router in the draft", () => {
  it("turns the model node into a learned Router with the same id, keeping its prompt and settings", () => {
    const next = withLearnedRouter(graph, { nodeId: "llm", routerId: "r1", threshold: 0.7, routes });
    expect(next.edges).toBe(graph.edges);
    expect(next.nodes[1]).toEqual({
      id: "llm",
      type: "router",
      config: {
        system: "Be brief",
        temperature: 0.2,
        // named after their models; the node maps the learned router's keys to those names
        routes: [
          { name: "small", credentialId: "c1", model: "small" },
          { name: "large", credentialId: "c2", model: "large" },
        ],
        learnedRoutes: { cheap: "small", strong: "large" },
        mode: "learned",
        learned: { routerId: "r1", threshold: 0.7 },
      },
    });
    // adopting again updates the router in place
    const again = withLearnedRouter(next, { nodeId: "llm", routerId: "r2", threshold: 0.5, routes });
    expect(again.nodes[1]!.config).toMatchObject({ system: "Be brief", learned: { routerId: "r2", threshold: 0.5 } });
  });

  it("keeps a Router's budget route under its new name when a new route goes to the same model", () => {
    const router = {
      nodes: [
        {
          id: "llm",
          type: "router",
          config: {
            routes: [
              { name: "v1", credentialId: "c1", model: "small" },
              { name: "v2", credentialId: "c2", model: "large" },
            ],
            mode: "learned",
            learned: { routerId: "r0", threshold: 0.5 },
            budgetUsd: 1,
            budgetRoute: "v1",
          },
        },
      ],
    };
    const next = withLearnedRouter(router, { nodeId: "llm", routerId: "r1", threshold: 0.6, routes });
    expect(next.nodes[0]!.config).toMatchObject({ budgetUsd: 1, budgetRoute: "small", learnedRoutes: { cheap: "small", strong: "large" } });
  });

  it("writes a learned verify line with the verifier it was learned from, and drops it when re-adopted without", () => {
    const verify = { verifyBelow: 0.85, verifier: { kind: "regex" as const, pattern: "^\\d+$", flags: "" } };
    const next = withLearnedRouter(graph, { nodeId: "llm", routerId: "r1", threshold: 0.4, routes, verify });
    expect(next.nodes[1]!.config).toMatchObject({
      mode: "learned",
      learned: { routerId: "r1", threshold: 0.4, verifyBelow: 0.85 },
      cascade: { kind: "regex", pattern: "^\\d+$", flags: "" },
    });
    const plain = withLearnedRouter(next, { nodeId: "llm", routerId: "r2", threshold: 0.7, routes });
    expect((plain.nodes[1]!.config as Record<string, unknown>).learned).toEqual({ routerId: "r2", threshold: 0.7 });
  });

  it("writes a verify line learned from self-consistency as the cascade's self-consistency setting", () => {
    const verify = { verifyBelow: 0.8, verifier: { kind: "self_consistency" as const, samples: 3 } };
    const next = withLearnedRouter(graph, { nodeId: "llm", routerId: "r1", threshold: 0.3, routes, verify });
    expect(next.nodes[1]!.config).toMatchObject({
      temperature: 0.2,
      learned: { routerId: "r1", threshold: 0.3, verifyBelow: 0.8 },
      cascade: { kind: "self_consistency", samples: 3 },
    });
  });

  it("refuses a draft that lost the node or changed its type", () => {
    expect(() => withLearnedRouter(graph, { nodeId: "gone", routerId: "r", threshold: 0.5, routes })).toThrow('no longer has node "gone"');
    expect(() => withLearnedRouter(graph, { nodeId: "in", routerId: "r", threshold: 0.5, routes })).toThrow("is now a chat-input node");
  });
});

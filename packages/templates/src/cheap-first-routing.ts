// A cheap model answers first; a judge (the cheap model again) checks the answer, and a rejected one
// goes to the frontier model. The cheap route also falls back to the frontier model when it fails.
import { edge, node, type BotTemplate } from "./template";

export const cheapFirstRouting: BotTemplate = {
  id: "cheap-first-routing",
  name: "Cheap-first routing",
  description: "A cheap model answers first; answers a judge rejects go to a frontier model.",
  roles: [
    { role: "cheap", label: "Cheap model", hint: "answers first and judges its own answer" },
    { role: "strong", label: "Frontier model", hint: "answers what the cheap one could not" },
  ],
  needsStore: false,
  build: ({ model }) => ({
    nodes: [
      node("input", "chat-input", [0, 0]),
      node("router", "router", [1, 0], {
        mode: "cascade",
        routes: [
          { name: "cheap", ...model("cheap"), fallbacks: [model("strong")] },
          { name: "frontier", ...model("strong") },
        ],
        cascade: {
          kind: "llm_judge",
          ...model("cheap"),
          rubric: "The answer is correct, complete and addresses the question directly, without guessing.",
          minScore: 0.7,
        },
      }),
      node("output", "chat-output", [2, 0]),
    ],
    edges: [
      edge("input", "message", "router", "prompt"),
      edge("input", "history", "router", "history"),
      edge("router", "text", "output", "text"),
    ],
  }),
};

// Two models answer the same question and a judge model keeps the better answer.
import { edge, node, type BotTemplate } from "./template";

export const judgedEnsemble: BotTemplate = {
  id: "judged-ensemble",
  name: "Answer checked by a judge",
  description: "Two models answer at once; a judge model compares them and keeps the better one.",
  roles: [
    { role: "cheap", label: "First model", hint: "one of the two answers" },
    { role: "strong", label: "Second model and judge", hint: "the other answer, and picks the better one" },
  ],
  needsStore: false,
  build: ({ model }) => ({
    nodes: [
      node("input", "chat-input", [0, 0]),
      node("ensemble", "ensemble", [1, 0], {
        models: [model("cheap"), model("strong")],
        pick: "judge",
        judge: model("strong"),
        judgeHint: "Prefer the answer that is correct and complete; if both are, the shorter one.",
      }),
      node("output", "chat-output", [2, 0]),
    ],
    edges: [
      edge("input", "message", "ensemble", "prompt"),
      edge("input", "history", "ensemble", "history"),
      edge("ensemble", "text", "output", "text"),
    ],
  }),
};

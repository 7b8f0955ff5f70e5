// A support bot that answers from a context store and cites the passages it used.
import { edge, node, type BotTemplate } from "./template";

export const supportKnowledgeBase: BotTemplate = {
  id: "support-knowledge-base",
  name: "Support bot over a knowledge base",
  description: "Answers from your documents and cites the passages it used, like [1].",
  roles: [{ role: "model", label: "Model", hint: "writes the answer from the passages" }],
  needsStore: true,
  build: ({ model, storeId }) => ({
    nodes: [
      node("input", "chat-input", [0, 1]),
      node("retrieve", "retrieve", [1, 0], { storeId, topK: 5, mode: "hybrid" }),
      node("prompt", "prompt-template", [2, 1], {
        template:
          "Answer the question using only the numbered passages below. Cite every fact with its passage number, like [1]. " +
          "If the passages do not hold the answer, say you do not know and offer to pass the question on.\n\n" +
          "Passages:\n{{context}}\n\nQuestion: {{input}}",
        variables: {},
      }),
      node("answer", "model", [3, 1], {
        ...model("model"),
        system: "You are a friendly, precise support assistant. Keep answers short.",
        temperature: 0.2,
      }),
      node("output", "chat-output", [4, 1]),
    ],
    edges: [
      edge("input", "message", "retrieve", "query"),
      edge("input", "message", "prompt", "input"),
      edge("retrieve", "text", "prompt", "context"),
      edge("prompt", "prompt", "answer", "prompt"),
      edge("input", "history", "answer", "history"),
      edge("answer", "text", "output", "text"),
    ],
  }),
};

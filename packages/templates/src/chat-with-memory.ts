// A chat that remembers: a cheap model keeps a running summary of the conversation, which reaches the
// chat model as its history.
import { edge, node, type BotTemplate } from "./template";

export const chatWithMemory: BotTemplate = {
  id: "chat-with-memory",
  name: "Chat with memory",
  description: "Remembers the conversation: a cheap model keeps a running summary for the chat model.",
  roles: [
    { role: "strong", label: "Chat model", hint: "talks with the user" },
    { role: "cheap", label: "Summary model", hint: "keeps the running summary" },
  ],
  needsStore: false,
  build: ({ model }) => ({
    nodes: [
      node("input", "chat-input", [0, 0]),
      node("memory", "memory", [0, 1], { mode: "summary", ...model("cheap") }),
      node("chat", "model", [1, 0], {
        ...model("strong"),
        system: "You are a helpful assistant. Use what you know about this conversation from the summary you are given.",
      }),
      node("output", "chat-output", [2, 0]),
    ],
    edges: [
      edge("input", "message", "chat", "prompt"),
      edge("memory", "messages", "chat", "history"),
      edge("chat", "text", "output", "text"),
    ],
  }),
};

// Where a conversation enters the flow: the user's message and the turns before it.
import { defineNode } from "@switchyard/engine";
import { z } from "zod";

export const chatInput = defineNode({
  type: "chat-input",
  label: "Chat input",
  category: "Input",
  description: "The message a user sends, with the conversation so far.",
  inputs: [],
  outputs: [
    { name: "message", label: "Message", type: "text" },
    { name: "history", label: "History", type: "messages" },
  ],
  config: z.object({}),
  async execute({ run }) {
    return { outputs: { message: run.input.message, history: run.input.history ?? [] } };
  },
});

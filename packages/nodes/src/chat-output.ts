// The flow's reply to the user, in markdown: the chat renders headings, lists, links and code (never raw HTML).
import { defineNode } from "@switchyard/engine";
import { z } from "zod";

export const chatOutput = defineNode({
  type: "chat-output",
  label: "Chat output",
  category: "Output",
  description: "Sends its input back to the user as the reply, rendered as markdown.",
  inputs: [{ name: "text", label: "Reply", type: "text", required: true }],
  outputs: [],
  config: z.object({}),
  async execute({ inputs }) {
    const reply = String(inputs.text ?? "");
    return { outputs: { text: reply }, reply };
  },
});

// Calls another bot of the workspace as one step: its Input becomes the called bot's message and its
// reply this node's Reply. The called bot's steps are nested under this step in the trace and its
// cost counts in this run. Connected to an agent it is a tool the model calls with an `input`.
import { defineNode, type ToolHandle } from "@switchyard/engine";
import { z } from "zod";
import { asMessage, botTargetFields, callBot, checkBotTarget, loadBot } from "./bot-target";
import { toolConfigFields } from "./tool-config";

const botConfigSchema = z.object({
  ...botTargetFields,
  ...toolConfigFields("ask_bot", "Asks another bot; give it the whole question as `input`."),
});

const toolParameters = {
  type: "object",
  properties: { input: { type: "string", description: "The message for the bot" } },
  required: ["input"],
  additionalProperties: false,
};

export const bot = defineNode({
  type: "bot",
  label: "Bot",
  category: "Logic",
  description:
    "Calls another bot of this workspace with its input and returns its reply; a tool for agents when its Input is not connected.",
  inputs: [{ name: "input", label: "Input", type: "any" }],
  outputs: [
    { name: "reply", label: "Reply", type: "text" },
    { name: "tool", label: "Tool", type: "tool" },
  ],
  config: botConfigSchema,
  check: checkBotTarget,
  async execute(context) {
    const { config, inputs, services, run, signal } = context;
    let calls = 0;
    const tool: ToolHandle = {
      name: config.toolName,
      description: config.toolDescription,
      parameters: toolParameters,
      invoke: async (args, options) => {
        const called = await loadBot(services, config, run.callPath);
        const message = asMessage((args as { input?: unknown } | null)?.input ?? args);
        return callBot(context, called, message, { kind: "call", index: ++calls, signal: options.signal });
      },
    };
    if (inputs.input === undefined) return { outputs: { tool } };
    const called = await loadBot(services, config, run.callPath);
    const reply = await callBot(context, called, asMessage(inputs.input), { kind: "call", index: ++calls, signal });
    return { outputs: { reply, tool }, detail: { bot: { id: called.id, name: called.name } }, note: `Called bot "${called.name}"` };
  },
});

// Calls another bot of the workspace as one step: its Input becomes the called bot's message and its
// reply this node's Reply. The called bot's steps are nested under this step in the trace and its
// cost counts in this run. Connected to an agent it is a tool the model calls with an `input`.
import { defineNode, TOOL_PAUSE_REFUSAL, type ToolHandle } from "@switchyard/engine";
import { z } from "zod";
import { asMessage, botTargetFields, callBot, callBotPausing, checkBotTarget, loadBot } from "./shared/bot-target";
import { toolConfigFields } from "./shared/tool-config";

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
        return callBot(context, called, message, {
          kind: "call",
          index: ++calls,
          signal: options.signal,
          pauseRefusal: TOOL_PAUSE_REFUSAL,
        });
      },
    };
    if (inputs.input === undefined) return { outputs: { tool } };
    const called = await loadBot(services, config, run.callPath);
    // its own call may wait for a person inside the called bot: this node then waits too, durably
    const reply = await callBotPausing(context, called, asMessage(inputs.input), { kind: "call", index: ++calls, signal });
    // no tool handle beside a direct call's reply: a handle cannot be saved, and a node whose outputs
    // are not saved runs again (calling the bot again) when the run resumes from a later approval
    return { outputs: { reply }, detail: { bot: { id: called.id, name: called.name } }, note: `Called bot "${called.name}"` };
  },
});

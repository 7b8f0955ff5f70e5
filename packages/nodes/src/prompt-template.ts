// Builds the text sent to a model from a template. {{input}} and {{context}} are its two connected
// inputs (the user's message and, say, a retrieval result reach one prompt); {{message}} is the user's
// message; other names come from the run's variables or the node's defaults.
import { defineNode } from "@switchyard/engine";
import { z } from "zod";
import { renderTemplate, templateVariables } from "./shared/template";

const builtIn = new Set(["input", "context", "message"]);

export const promptTemplate = defineNode({
  type: "prompt-template",
  label: "Prompt",
  category: "Prompt",
  description: "Fills a {{variable}} template to build the prompt for a model.",
  inputs: [
    { name: "input", label: "Input", type: "text", required: true },
    { name: "context", label: "Context", type: "text" },
  ],
  outputs: [{ name: "prompt", label: "Prompt", type: "text" }],
  config: z.object({
    template: z.string().min(1, "Write a template").max(100_000).default("{{input}}").meta({ title: "Template" }),
    /** Default values for variables a run does not provide. */
    variables: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, "Variable names use letters, digits, _ and ."), z.string())
      .default({})
      .meta({ title: "Default variables (JSON)" }),
  }),
  check(config) {
    const unknown = templateVariables(config.template).filter((name) => !builtIn.has(name) && !(name in config.variables));
    return unknown.map((name) => `{{${name}}} has no value: give it a default value or remove it`);
  },
  async execute({ config, inputs, run }) {
    const values = {
      ...config.variables,
      ...run.input.variables,
      message: run.input.message,
      input: String(inputs.input ?? ""),
      context: String(inputs.context ?? ""),
    };
    return { outputs: { prompt: renderTemplate(config.template, values) } };
  },
});

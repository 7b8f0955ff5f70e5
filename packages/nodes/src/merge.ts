// Joins branches again: runs with whichever of its inputs arrived (the others were on untaken
// branches), so a Condition's two paths can end in one reply.
import { defineNode, optionLabels } from "@switchyard/engine";
import { z } from "zod";

export const merge = defineNode({
  type: "merge",
  label: "Merge",
  category: "Logic",
  description: "Continues with whichever branches ran: the first value, all of them joined, or a list.",
  inputs: [{ name: "inputs", label: "Inputs", type: "any", required: true, multiple: true }],
  outputs: [{ name: "value", label: "Value", type: "any" }],
  config: z.object({
    /** first: the first arrived input in edge order; join: every input as text; list: every input as a list. */
    mode: z
      .enum(["first", "join", "list"])
      .default("first")
      .meta({ title: "Mode", ...optionLabels({ first: "First to arrive", join: "All, joined as text", list: "All, as a list" }) }),
    separator: z.string().max(100).default("\n\n").meta({ title: "Separator" }),
  }),
  async execute({ config, inputs }) {
    const values = inputs.inputs as unknown[];
    const value =
      config.mode === "list"
        ? values
        : config.mode === "join"
          ? values.map((item) => (typeof item === "string" ? item : JSON.stringify(item))).join(config.separator)
          : values[0];
    return { outputs: { value }, note: `${values.length} input${values.length === 1 ? "" : "s"} arrived` };
  },
});

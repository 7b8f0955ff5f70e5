// Sweeps: variants generated as a grid (models × temperatures × alternative prompts) instead of typed
// one by one. Each variant is named by what it changes. The grid is checked whole before anything is
// created: an axis that is given must have values, and the product is capped.
import { z } from "zod";
import type { Variant } from "./variants";

export const MAX_GRID_VARIANTS = 48;

export const gridSchema = z
  .object({
    /** The model node the model and temperature axes change. */
    nodeId: z.string().min(1, "Choose the model node the grid changes"),
    models: z
      .array(
        z.object({
          credentialId: z.string().min(1, "Choose the provider"),
          model: z.string().trim().min(1, "Name the model").max(200),
        }),
      )
      .min(1, "Add at least one model, or leave the models out of the grid")
      .max(12, "At most 12 models")
      .optional(),
    temperatures: z
      .array(z.number().min(0, "Temperatures are 0 to 2").max(2, "Temperatures are 0 to 2"))
      .min(1, "Add at least one temperature, or leave temperatures out of the grid")
      .max(10, "At most 10 temperatures")
      .optional(),
    /** Alternative texts for one field of one node (a Prompt node's template, a model's system prompt). */
    prompts: z
      .object({
        nodeId: z.string().min(1, "Choose the node whose prompt the grid changes"),
        field: z.string().min(1, "Choose the field"),
        values: z
          .array(z.string().trim().min(1, "A prompt cannot be empty").max(20_000))
          .min(1, "Add at least one prompt, or leave prompts out of the grid")
          .max(10, "At most 10 prompts"),
      })
      .optional(),
  })
  .superRefine((grid, context) => {
    const axes = [grid.models?.length, grid.temperatures?.length, grid.prompts?.values.length].filter((n) => n !== undefined);
    if (!axes.length)
      context.addIssue({ code: "custom", path: [], message: "A grid needs at least one axis: models, temperatures or prompts" });
    const size = axes.reduce((product, n) => product * n, 1);
    if (size > MAX_GRID_VARIANTS)
      context.addIssue({ code: "custom", path: [], message: `The grid makes ${size} variants; at most ${MAX_GRID_VARIANTS}` });
  });
export type Grid = z.infer<typeof gridSchema>;

/** How many variants a grid makes (the product of its axes). */
export const gridSize = (grid: Grid) => (grid.models?.length ?? 1) * (grid.temperatures?.length ?? 1) * (grid.prompts?.values.length ?? 1);

const shorten = (text: string, length: number) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
};

/**
 * Every combination, in order models → temperatures → prompts, keyed g01, g02… (stable for a grid)
 * and labelled by what it changes ("gpt-4o · t=0.7 · prompt 2 “Answer in one word…”").
 */
export function gridVariants(grid: Grid): Variant[] {
  const models = grid.models ?? [null];
  const temperatures = grid.temperatures ?? [null];
  const prompts = grid.prompts?.values ?? [null];
  const variants: Variant[] = [];
  for (const model of models)
    for (const temperature of temperatures)
      for (const [promptIndex, prompt] of prompts.entries()) {
        const overrides: Variant["overrides"] = {};
        const parts: string[] = [];
        if (model || temperature !== null) {
          overrides[grid.nodeId] = { ...(model && { ...model }), ...(temperature !== null && { temperature }) };
          if (model) parts.push(model.model);
          if (temperature !== null) parts.push(`t=${temperature}`);
        }
        if (prompt !== null && grid.prompts) {
          overrides[grid.prompts.nodeId] = { ...overrides[grid.prompts.nodeId], [grid.prompts.field]: prompt };
          parts.push(`prompt ${promptIndex + 1} “${shorten(prompt, 24)}”`);
        }
        const key = `g${String(variants.length + 1).padStart(2, "0")}`;
        variants.push({ key, label: shorten(parts.join(" · "), 100), overrides });
      }
  return variants;
}

interface GraphNodes {
  nodes: { id: string; type: string; config: Record<string, unknown> }[];
}

/** Where a grid does not fit the flow: each problem with the field it names, for a 400. */
export function gridProblems(graph: GraphNodes, grid: Grid): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const node = graph.nodes.find((candidate) => candidate.id === grid.nodeId);
  if ((grid.models || grid.temperatures) && node?.type !== "model")
    problems.push({ path: "grid.nodeId", message: `The flow has no model node "${grid.nodeId}"` });
  if (grid.prompts) {
    const target = graph.nodes.find((candidate) => candidate.id === grid.prompts!.nodeId);
    if (!target) problems.push({ path: "grid.prompts.nodeId", message: `The flow has no node "${grid.prompts.nodeId}"` });
    else if (typeof target.config[grid.prompts.field] !== "string" && grid.prompts.field !== "system")
      problems.push({ path: "grid.prompts.field", message: `"${grid.prompts.field}" is not a text field of node "${target.id}"` });
  }
  return problems;
}

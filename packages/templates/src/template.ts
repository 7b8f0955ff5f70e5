// What a starter template is: a flow written as data, with the models (and the context store) left as
// slots the user fills when creating a bot from it. Templates never hold ids of anything in a workspace.
import { AppError } from "@switchyard/errors";
import type { FlowEdge, FlowGraph, FlowNode } from "@switchyard/engine";
import { z } from "zod";

/** The models a template asks for: one, or a cheap one and a strong one. */
export const modelRoles = ["model", "cheap", "strong"] as const;
export type ModelRole = (typeof modelRoles)[number];

export const modelChoiceSchema = z.object({
  credentialId: z.string().trim().min(1, "Choose a provider").max(200),
  model: z.string().trim().min(1, "Choose a model").max(200),
});
export type ModelChoice = z.infer<typeof modelChoiceSchema>;

export interface TemplateSlots {
  model(role: ModelRole): ModelChoice;
  storeId: string;
}

export interface BotTemplate {
  id: string;
  name: string;
  /** One line for the gallery. */
  description: string;
  /** The models to choose on creation, each with a label and what it does in this flow. */
  roles: { role: ModelRole; label: string; hint: string }[];
  /** A Retrieve node needs a context store: an existing one or a new, empty one. */
  needsStore: boolean;
  build(slots: TemplateSlots): FlowGraph;
}

// Nodes sit on a grid the editor and the gallery picture both read: columns 300 apart, rows 140.
const COLUMN = 300;
const ROW = 140;

export const node = (id: string, type: string, [column, row]: [number, number], config: Record<string, unknown> = {}): FlowNode => ({
  id,
  type,
  config,
  position: { x: column * COLUMN, y: row * ROW },
});

/** An edge with the id the editor gives one drawn by hand. */
export const edge = (source: string, sourceHandle: string, target: string, targetHandle: string): FlowEdge => ({
  id: `e-${source}-${sourceHandle}-${target}-${targetHandle}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

/** The user's choices: a model per role the template asks for, and the store for a knowledge-base template. */
export const templateChoiceSchema = z.object({
  models: z.partialRecord(z.enum(modelRoles), modelChoiceSchema),
  storeId: z.string().trim().min(1).max(200).optional(),
});
export type TemplateChoice = z.infer<typeof templateChoiceSchema>;

/** The template's flow with the user's models and store in its slots; a missing choice is the caller's error. */
export function instantiate(template: BotTemplate, choice: TemplateChoice): FlowGraph {
  const missing = template.roles.filter(({ role }) => !choice.models[role]).map(({ label }) => label);
  if (missing.length) throw new AppError("BAD_REQUEST", `Choose a provider and model for: ${missing.join(", ")}`);
  if (template.needsStore && !choice.storeId) throw new AppError("BAD_REQUEST", "Choose a context store or create an empty one");
  return template.build({ model: (role) => choice.models[role]!, storeId: choice.storeId ?? "" });
}

/** The template's flow with empty slots: its shape, for the gallery's picture. */
export const templateShape = (template: BotTemplate): FlowGraph =>
  template.build({ model: () => ({ credentialId: "", model: "" }), storeId: "" });

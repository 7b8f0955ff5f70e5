// The two ways to a bot with a flow already in it: a starter template (with the user's models and
// store in its slots) and a flow file exported from an editor. Both check everything before writing,
// so a refused request creates nothing.
import { createBot, createBotWithNewStore, workspaceReferences, type Db } from "@switchyard/db";
import { compileFlow } from "@switchyard/engine";
import { AppError, notFound } from "@switchyard/errors";
import { nodeRegistry } from "@switchyard/nodes";
import { findTemplate, instantiate, parseFlowFile, templateChoiceSchema } from "@switchyard/templates";
import { z } from "zod";

const botName = z.string().trim().min(1, "Enter a name").max(100, "Use at most 100 characters");

export const fromTemplateSchema = z.object({
  templateId: z.string().trim().min(1).max(100),
  name: botName,
  models: templateChoiceSchema.shape.models,
  /** For a knowledge-base template: an existing store, or a new empty one by name. */
  store: z
    .union([
      z.object({ id: z.string().trim().min(1).max(200) }).strict(),
      z.object({ create: z.string().trim().min(1, "Name the new context store").max(100) }).strict(),
    ])
    .optional(),
});
export type FromTemplateInput = z.infer<typeof fromTemplateSchema>;

// stands in for the id of a store that is created with the bot, while the flow is checked beforehand
const NEW_STORE = "new-store";

export async function createBotFromTemplate(db: Db, workspaceId: string, input: FromTemplateInput) {
  const template = findTemplate(input.templateId);
  if (!template) throw notFound("Template");
  const references = await workspaceReferences(db, workspaceId);
  // only the models this template asks for; another workspace's provider or store is one that does not exist
  for (const { role } of template.roles) {
    const choice = input.models[role];
    if (choice && !references.credential.has(choice.credentialId)) throw notFound("Provider");
  }
  const store = template.needsStore ? input.store : undefined;
  if (template.needsStore && !store) throw new AppError("BAD_REQUEST", "Choose a context store or create an empty one");
  if (store && "id" in store && !references.contextStore.has(store.id)) throw notFound("Context store");

  const build = (storeId?: string) => instantiate(template, { models: input.models, storeId });
  const checked = build(store ? ("id" in store ? store.id : NEW_STORE) : undefined);
  references.contextStore.add(NEW_STORE);
  const compiled = compileFlow(checked, nodeRegistry, { references });
  if (!compiled.ok) throw new AppError("BAD_REQUEST", `The flow cannot be created: ${compiled.problems[0]!.message}`);

  const bot = { name: input.name, description: template.description };
  if (store && "create" in store) return createBotWithNewStore(db, workspaceId, { ...bot, storeName: store.create, graph: build });
  return createBot(db, workspaceId, { ...bot, graph: checked });
}

export const importFlowSchema = z.object({
  /** The file's text, read by the browser; parsed here with the same rules as the editor's Import. */
  content: z.string(),
  fileName: z.string().max(255).optional(),
  name: botName.optional(),
});

/** "support-bot.switchyard.json" → "support-bot": a name when neither the request nor the file gives one. */
const nameFromFile = (fileName = "") =>
  fileName
    .replace(/(\.switchyard)?\.json$/i, "")
    .trim()
    .slice(0, 100);

export async function importBotFromFlowFile(db: Db, workspaceId: string, input: z.infer<typeof importFlowSchema>) {
  const parsed = parseFlowFile(input.content);
  if (!parsed.ok) throw new AppError("BAD_REQUEST", `${parsed.error}. No bot was created.`);
  const name = input.name ?? (parsed.name?.trim() || nameFromFile(input.fileName) || "Imported flow");
  return createBot(db, workspaceId, { name, graph: parsed.graph });
}

// Bots that start with a flow in them, against PostgreSQL: from each starter template (with this
// workspace's providers and stores in its slots) and from a flow file an editor exported. A refused
// request, for whatever reason, creates nothing.
import { createStore, getBot, listStores, workspaceReferences } from "@switchyard/db";
import { compileFlow, flowGraphSchema } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { nodeRegistry } from "@switchyard/nodes";
import { botTemplates, exportFlowFile, findTemplate, instantiate } from "@switchyard/templates";
import { describe, expect, it } from "vitest";
import { createBotFromTemplate, importBotFromFlowFile } from "../../apps/web/src/server/new-bot";
import { db, newCredential, newUser } from "./support";

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, message: (error as AppError).message };
};

async function workspaceWithProviders(label: string) {
  const { workspace } = await newUser(label);
  const local = await newCredential(workspace.id, "OLLAMA", "http://127.0.0.1:9");
  const frontier = await newCredential(workspace.id, "OPENAI_COMPATIBLE", "http://127.0.0.1:9/v1");
  const models = {
    model: { credentialId: frontier.id, model: "large" },
    cheap: { credentialId: local.id, model: "small" },
    strong: { credentialId: frontier.id, model: "large" },
  };
  const counts = async () => ({
    bots: await db().bot.count({ where: { workspaceId: workspace.id } }),
    stores: await db().contextStore.count({ where: { workspaceId: workspace.id } }),
  });
  return { workspace, models, counts };
}

describe("creating a bot from a template", () => {
  it("gives every template's bot a draft that compiles against this workspace's providers and stores", async () => {
    const { workspace, models } = await workspaceWithProviders("gallery");
    for (const template of botTemplates) {
      const bot = await createBotFromTemplate(db(), workspace.id, {
        templateId: template.id,
        name: `My ${template.name}`,
        models,
        ...(template.needsStore && { store: { create: "Help articles" } }),
      });
      expect(bot).toMatchObject({ name: `My ${template.name}`, description: template.description });
      const draft = flowGraphSchema.parse((await getBot(db(), workspace.id, bot.id)).draftGraph);
      const references = await workspaceReferences(db(), workspace.id);
      const compiled = compileFlow(draft, nodeRegistry, { references });
      expect(compiled.ok ? [] : compiled.problems, template.id).toEqual([]);
    }
  });

  it("points a knowledge-base template at a new empty store, or at an existing one of this workspace", async () => {
    const { workspace, models } = await workspaceWithProviders("kb");
    const created = await createBotFromTemplate(db(), workspace.id, {
      templateId: "support-knowledge-base",
      name: "Help desk",
      models,
      store: { create: "Help desk articles" },
    });
    const [store] = await listStores(db(), workspace.id);
    expect(store).toMatchObject({ name: "Help desk articles", documentCount: 0 });
    const storeOf = async (botId: string) =>
      flowGraphSchema.parse((await getBot(db(), workspace.id, botId)).draftGraph).nodes.find((node) => node.type === "retrieve")!.config
        .storeId;
    expect(await storeOf(created.id)).toBe(store!.id);

    const existing = await createStore(db(), workspace.id, { name: "Manuals" });
    const reused = await createBotFromTemplate(db(), workspace.id, {
      templateId: "support-knowledge-base",
      name: "Manual helper",
      models,
      store: { id: existing.id },
    });
    expect(await storeOf(reused.id)).toBe(existing.id);
    expect(await db().contextStore.count({ where: { workspaceId: workspace.id } })).toBe(2);
  });

  it("refuses another workspace's provider or store as not found, and creates nothing", async () => {
    const mine = await workspaceWithProviders("mine");
    const theirs = await workspaceWithProviders("theirs");
    const theirStore = await createStore(db(), theirs.workspace.id, { name: "Private" });
    const before = await mine.counts();

    expect(
      await refusal(
        createBotFromTemplate(db(), mine.workspace.id, {
          templateId: "cheap-first-routing",
          name: "Router",
          models: { cheap: mine.models.cheap, strong: theirs.models.strong },
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await refusal(
        createBotFromTemplate(db(), mine.workspace.id, {
          templateId: "support-knowledge-base",
          name: "Help desk",
          models: mine.models,
          store: { id: theirStore.id },
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await mine.counts()).toEqual(before);
  });

  it("refuses an unknown template, a missing model and a knowledge-base template without a store, and creates nothing", async () => {
    const { workspace, models, counts } = await workspaceWithProviders("missing");
    const before = await counts();
    expect(await refusal(createBotFromTemplate(db(), workspace.id, { templateId: "nope", name: "x", models }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await refusal(
        createBotFromTemplate(db(), workspace.id, { templateId: "chat-with-memory", name: "x", models: { strong: models.strong } }),
      ),
    ).toEqual({ code: "BAD_REQUEST", message: "Choose a provider and model for: Summary model" });
    expect(await refusal(createBotFromTemplate(db(), workspace.id, { templateId: "support-knowledge-base", name: "x", models }))).toEqual({
      code: "BAD_REQUEST",
      message: "Choose a context store or create an empty one",
    });
    expect(await counts()).toEqual(before);
  });
});

describe("importing a flow file as a new bot", () => {
  it("creates a bot with the file's flow, named as the file says", async () => {
    const { workspace, models } = await workspaceWithProviders("importer");
    const flow = instantiate(findTemplate("structured-extraction")!, { models });
    const bot = await importBotFromFlowFile(db(), workspace.id, { content: exportFlowFile("Lead extractor", flow), fileName: "x.json" });
    expect(bot.name).toBe("Lead extractor");
    expect((await getBot(db(), workspace.id, bot.id)).draftGraph).toEqual(flow);

    const unnamed = JSON.stringify({ format: "switchyard.flow", version: 1, graph: flow });
    const named = await importBotFromFlowFile(db(), workspace.id, { content: unnamed, fileName: "lead-extractor.switchyard.json" });
    expect(named.name).toBe("lead-extractor");
  });

  it("refuses malformed, oversized and broken files with the reason, and creates nothing", async () => {
    const { workspace, models, counts } = await workspaceWithProviders("bad-files");
    const flow = instantiate(findTemplate("judged-ensemble")!, { models });
    const before = await counts();
    const tryImport = (content: string) => refusal(importBotFromFlowFile(db(), workspace.id, { content }));

    expect(await tryImport("{ nope")).toEqual({ code: "BAD_REQUEST", message: "The file is not valid JSON. No bot was created." });
    expect(await tryImport(exportFlowFile("Big", flow).replace("{", `{"padding":"${"x".repeat(4 * 1024 * 1024)}",`))).toEqual({
      code: "BAD_REQUEST",
      message: "The file is larger than 4 MB. No bot was created.",
    });
    const unknownType = { ...flow, nodes: [...flow.nodes, { id: "t", type: "teleporter", config: {}, position: { x: 0, y: 0 } }] };
    expect(await tryImport(exportFlowFile("Odd", unknownType))).toEqual({
      code: "BAD_REQUEST",
      message: "The file uses node types this installation does not have: teleporter. No bot was created.",
    });
    const loop = {
      ...flow,
      edges: [...flow.edges, { id: "back", source: "ensemble", sourceHandle: "text", target: "ensemble", targetHandle: "prompt" }],
    };
    expect((await tryImport(exportFlowFile("Loop", loop))).message).toMatch(/^The flow in the file is broken: .+\. No bot was created\.$/);
    expect(await counts()).toEqual(before);
  });
});

import { compileFlow, type ExistingReferences } from "@switchyard/engine";
import { nodeRegistry } from "@switchyard/nodes";
import { describe, expect, it } from "vitest";
import { botTemplates, findTemplate } from "./catalog";
import { instantiate, templateShape, type ModelRole, type TemplateChoice } from "./template";

const cheap = { credentialId: "cred-local", model: "small-model" };
const strong = { credentialId: "cred-frontier", model: "large-model" };
const choice: TemplateChoice = { models: { model: strong, cheap, strong }, storeId: "store-1" };
const references: ExistingReferences = {
  credential: new Set(["cred-local", "cred-frontier"]),
  contextStore: new Set(["store-1"]),
  httpCredential: new Set(),
  dataset: new Set(),
};

describe("starter templates", () => {
  it("offers at least six, each with a unique id, a one-line description and the models it asks for", () => {
    expect(botTemplates.length).toBeGreaterThanOrEqual(6);
    expect(new Set(botTemplates.map((template) => template.id)).size).toBe(botTemplates.length);
    for (const template of botTemplates) {
      expect(template.description, template.id).not.toContain("\n");
      expect(template.description.length, template.id).toBeLessThanOrEqual(100);
      expect(template.roles.length, template.id).toBeGreaterThan(0);
    }
  });

  it.each(botTemplates.map((template) => [template.id, template] as const))(
    "%s compiles against the node registry with the chosen models and store, referencing only them",
    (_id, template) => {
      const graph = instantiate(template, choice);
      const result = compileFlow(graph, nodeRegistry, { references });
      expect(result.ok ? [] : result.problems).toEqual([]);
      // every model slot it declares is used, and nothing but the chosen ids is referenced
      const text = JSON.stringify(graph);
      const used = (role: ModelRole) => text.includes(JSON.stringify(choice.models[role]!.model));
      for (const { role } of template.roles) expect(used(role), `${template.id} uses its ${role} model`).toBe(true);
      expect(text.includes("store-1")).toBe(template.needsStore);
    },
  );

  it("without a provider, its shape is the same flow, with every model left to choose", () => {
    for (const template of botTemplates) {
      const shape = templateShape(template);
      const chosen = instantiate(template, choice);
      expect(shape.edges).toEqual(chosen.edges);
      expect(shape.nodes.map(({ id, type }) => ({ id, type }))).toEqual(chosen.nodes.map(({ id, type }) => ({ id, type })));
      const result = compileFlow(shape, nodeRegistry);
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.problems.filter((problem) => problem.structural)).toEqual([]);
    }
  });

  it("refuses a choice that leaves a model or the store out, naming what is missing", () => {
    expect(() => instantiate(findTemplate("cheap-first-routing")!, { models: { cheap } })).toThrow(
      "Choose a provider and model for: Frontier model",
    );
    expect(() => instantiate(findTemplate("support-knowledge-base")!, { models: { model: strong } })).toThrow(
      "Choose a context store or create an empty one",
    );
  });

  it("gives the agent's HTTP tool a fixed host and a small step limit", () => {
    const graph = instantiate(findTemplate("agent-http-tool")!, choice);
    const tool = graph.nodes.find((node) => node.type === "http-request")!;
    const url = String(tool.config.url);
    expect(new URL(url.replace(/\{\{\w+\}\}/g, "0")).host).toBe("api.open-meteo.com");
    expect(url.split("?")[0]).not.toContain("{{");
    expect(graph.nodes.find((node) => node.type === "agent")!.config.maxSteps).toBe(4);
  });
});

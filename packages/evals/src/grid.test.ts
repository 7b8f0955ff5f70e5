import { describe, expect, it } from "vitest";
import { gridProblems, gridSchema, gridSize, gridVariants } from "./grid";
import { variantsSchema } from "./variants";

const models = [
  { credentialId: "a", model: "small" },
  { credentialId: "b", model: "large" },
];

describe("sweep grids", () => {
  it("make every combination of models × temperatures × prompts, each named by what it changes", () => {
    const grid = gridSchema.parse({
      nodeId: "model",
      models,
      temperatures: [0, 0.7],
      prompts: { nodeId: "prompt", field: "template", values: ["Answer: {{input}}", "Answer in one word: {{input}}"] },
    });
    const variants = gridVariants(grid);
    expect(gridSize(grid)).toBe(8);
    expect(variants).toHaveLength(8);
    expect(variants[0]).toEqual({
      key: "g01",
      label: "small · t=0 · prompt 1 “Answer: {{input}}”",
      overrides: { model: { credentialId: "a", model: "small", temperature: 0 }, prompt: { template: "Answer: {{input}}" } },
    });
    expect(variants[7]!.label).toBe("large · t=0.7 · prompt 2 “Answer in one word: {{i…”");
    expect(new Set(variants.map((variant) => variant.label)).size).toBe(8);
    expect(variantsSchema.safeParse(variants).success).toBe(true);
  });

  it("change only the axes given; a system prompt on the model node merges with its model", () => {
    const variants = gridVariants(
      gridSchema.parse({ nodeId: "model", models: [models[0]], prompts: { nodeId: "model", field: "system", values: ["Be brief"] } }),
    );
    expect(variants).toEqual([
      { key: "g01", label: "small · prompt 1 “Be brief”", overrides: { model: { credentialId: "a", model: "small", system: "Be brief" } } },
    ]);
  });

  it("refuse an empty axis, no axis at all, and more than 48 variants, naming the field", () => {
    const issue = (input: unknown) => gridSchema.safeParse(input).error?.issues.map((found) => [found.path.join("."), found.message]);
    expect(issue({ nodeId: "model", temperatures: [] })).toEqual([
      ["temperatures", "Add at least one temperature, or leave temperatures out of the grid"],
    ]);
    expect(issue({ nodeId: "model" })).toEqual([["", "A grid needs at least one axis: models, temperatures or prompts"]]);
    const many = { nodeId: "model", models: [...models, ...models, ...models], temperatures: [0, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6] };
    expect(issue(many)).toEqual([["", "The grid makes 54 variants; at most 48"]]);
    expect(gridSchema.safeParse({ ...many, temperatures: many.temperatures.slice(0, 8) }).success).toBe(true);
  });

  it("name the field when the grid does not fit the flow", () => {
    const graph = {
      nodes: [
        { id: "prompt", type: "prompt-template", config: { template: "{{input}}" } },
        { id: "model", type: "model", config: { model: "small" } },
      ],
    };
    const grid = (changes: object) => gridSchema.parse({ nodeId: "model", temperatures: [0], ...changes });
    expect(gridProblems(graph, grid({}))).toEqual([]);
    expect(gridProblems(graph, grid({ nodeId: "prompt" }))).toEqual([
      { path: "grid.nodeId", message: 'The flow has no model node "prompt"' },
    ]);
    expect(gridProblems(graph, grid({ prompts: { nodeId: "nope", field: "template", values: ["x"] } }))[0]!.path).toBe(
      "grid.prompts.nodeId",
    );
    expect(gridProblems(graph, grid({ prompts: { nodeId: "prompt", field: "colour", values: ["x"] } }))[0]!.path).toBe(
      "grid.prompts.field",
    );
  });
});

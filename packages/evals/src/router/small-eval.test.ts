// A user's first eval is small: 40 capitals questions, the cheap model wrong on the hard ones. Learned
// through the product's path (eval-run results → trainingItems → learnRouter → a stored JSON artifact →
// loadRouter → decideRoute), the router must route new wordings of the easy and hard questions like the
// questions they reword, and say how sure 40 items can make it.
import { describe, expect, it } from "vitest";
import { decideRoute, loadRouter, routerArtifactSchema } from "./artifact";
import { trainingItems, type EvalRunForRouter } from "./from-eval-run";
import { learnRouter } from "./learn";

const graph = { nodes: [{ id: "llm", type: "model", config: { credentialId: "c1", model: "cheap-model" } }] };
const variants: EvalRunForRouter["variants"] = [
  { key: "cheap", label: "cheap-model", overrides: { llm: { model: "cheap-model" } } },
  { key: "strong", label: "strong-model", overrides: { llm: { model: "strong-model" } } },
];

/** Each question answered by both models: the strong one always right, the cheap one right unless hard; 20× the price. */
function evalRun(questions: { input: string; hard: boolean }[]): EvalRunForRouter {
  return {
    variants,
    graph,
    results: questions.flatMap(({ input, hard }, i) => [
      { datasetItemId: `d${i}`, input, variantKey: "cheap", passed: !hard, costUsd: 1e-6 * input.length },
      { datasetItemId: `d${i}`, input, variantKey: "strong", passed: true, costUsd: 2e-5 * input.length },
    ]),
  };
}

function learn(questions: { input: string; hard: boolean }[]) {
  const run = evalRun(questions);
  const { artifact, report } = learnRouter(
    variants.map(({ key, label }) => ({ key, label })),
    trainingItems(run),
  );
  // served as the worker serves it: from the stored JSON
  return { router: loadRouter(JSON.parse(JSON.stringify(artifact))), report, artifact };
}

describe("a router learned from a small eval", () => {
  it("is stored as a version 3 artifact, which a version 2 reader refuses instead of dropping its dense weight", () => {
    const questions = Array.from({ length: 40 }, (_, i) => ({
      input: i % 2 ? `Hard one: capital of Australia? (${i})` : `Capital of France? (${i})`,
      hard: i % 2 === 1,
    }));
    const { artifact } = learn(questions);
    expect(artifact.features.denseScale?.weight).toBeCloseTo(0.4);
    expect(artifact.version).toBe(3);
    const versionTwoReader = routerArtifactSchema.extend({ version: routerArtifactSchema.shape.version.options[1] });
    expect(versionTwoReader.safeParse(JSON.parse(JSON.stringify(artifact))).success).toBe(false);
  });

  it("routes new wordings of a 40-item capitals eval like the easy and hard questions they reword", () => {
    // the walk's eval (and the integration test's): France easy, Australia hard
    const questions = Array.from({ length: 40 }, (_, i) =>
      i % 2 ? { input: `Hard one: capital of Australia? (${i})`, hard: true } : { input: `Capital of France? (${i})`, hard: false },
    );
    const { router, report } = learn(questions);
    expect(report.choice.costSaved).toBeGreaterThan(0.3);
    const route = (text: string) => decideRoute(router, text).route;
    for (const easy of ["Capital of France? (asked later)", "What is the capital of France?", "capital of France"])
      expect({ easy, route: route(easy) }).toEqual({ easy, route: "cheap" });
    // "What is the capital of Australia?" was served 0.0524 against a threshold of 0.05 on the walk, and answered "Sydney"
    for (const hard of [
      "What is the capital of Australia?",
      "Capital of Australia?",
      "capital of Australia",
      "Hard one: capital of Australia?",
    ])
      expect({ hard, route: route(hard) }).toEqual({ hard, route: "strong" });
  });

  it("routes new wordings of capitals it was taught, over twenty countries asked two ways", () => {
    const easy = ["France", "Germany", "Italy", "Spain", "Japan", "Egypt", "Russia", "Greece", "Peru", "Norway"];
    const hard = ["Australia", "Canada", "Brazil", "Turkey", "Switzerland", "Nigeria", "Pakistan", "New Zealand", "Myanmar", "Kazakhstan"];
    const asked = [(country: string) => `What is the capital of ${country}?`, (country: string) => `Capital of ${country}?`];
    const reworded = [
      (country: string) => `Which city is the capital of ${country}?`,
      (country: string) => `${country}: what's its capital city`,
      (country: string) => `capital of ${country}`,
    ];
    const countries = [...easy.map((country) => ({ country, hard: false })), ...hard.map((country) => ({ country, hard: true }))];
    const { router } = learn(countries.flatMap(({ country, hard }) => asked.map((ask) => ({ input: ask(country), hard }))));
    const misrouted = countries.flatMap(({ country, hard }) =>
      reworded
        .map((ask) => ask(country))
        .filter((text) => (decideRoute(router, text).route === "strong") !== hard)
        .map((text) => `${text} (${hard ? "hard" : "easy"})`),
    );
    expect(misrouted).toEqual([]);
  });

  it("says how low its quality could be: 40 items with no loss observed cannot promise 95 %", () => {
    const questions = Array.from({ length: 40 }, (_, i) =>
      i % 2 ? { input: `Hard one: capital of Australia? (${i})`, hard: true } : { input: `Capital of France? (${i})`, hard: false },
    );
    const { report } = learn(questions);
    // the paired bound sees 20 cheap answers that all passed: no spread, so it reads 100 %
    expect(report.choice.lowerBound).toBe(1);
    // Wilson's bound on a loss of 0 in 20 (one-sided 95 %): up to 11.9 % of them, half the items, 5.9 points
    expect(report.reliability).toEqual({ items: 40, offStrongest: 20, qualityAsLowAs: expect.closeTo(0.9404, 4) });
  });
});

import { describe, expect, it } from "vitest";
import { routesFromVariants, trainingItems, type EvalRunForRouter } from "./from-eval-run";

const graph = {
  nodes: [
    { id: "in", type: "chat-input", config: {} },
    { id: "llm", type: "model", config: { credentialId: "c1", model: "small", system: "Be brief" } },
  ],
};
const variants: EvalRunForRouter["variants"] = [
  { key: "small", label: "small", overrides: {} },
  { key: "large", label: "large", overrides: { llm: { model: "large", credentialId: "c2" } } },
];

describe("learning a router from an eval run", () => {
  it("finds the node whose model the variants change and each variant's model there", () => {
    expect(routesFromVariants({ variants, graph })).toEqual({
      nodeId: "llm",
      routes: [
        { key: "small", label: "small", credentialId: "c1", model: "small" },
        { key: "large", label: "large", credentialId: "c2", model: "large" },
      ],
    });
  });

  it("refuses one variant, variants changing more than the model or more than one node, and repeated models", () => {
    expect(() => routesFromVariants({ variants: variants.slice(0, 1), graph })).toThrow("at least two variants");
    expect(() =>
      routesFromVariants({ variants: [variants[0]!, { ...variants[1]!, overrides: { llm: { model: "large", system: "Think" } } }], graph }),
    ).toThrow('Variant "large" also changes system; a router can be learned only from variants that differ in their model alone');
    expect(() => routesFromVariants({ variants: [{ ...variants[0]!, overrides: { in: { x: 1 } } }, variants[1]!], graph })).toThrow(
      "The variants change 2 nodes (in, llm)",
    );
    expect(() =>
      routesFromVariants({ variants: [variants[0]!, { ...variants[1]!, overrides: { llm: { model: "small" } } }], graph }),
    ).toThrow("Two variants use the same model");
    expect(() => routesFromVariants({ variants: variants.map((variant) => ({ ...variant, overrides: {} })), graph })).toThrow(
      "do not change any node's model",
    );
  });

  it("averages repeats into pass rates and refuses fewer than 30 items scored on every variant", () => {
    const results = Array.from({ length: 31 }, (_, i) => [
      { datasetItemId: `i${i}`, input: `q${i}`, variantKey: "small", passed: true, costUsd: 0.001 },
      { datasetItemId: `i${i}`, input: `q${i}`, variantKey: "small", passed: i % 2 === 0 ? null : false, costUsd: 0.003 },
      { datasetItemId: `i${i}`, input: `q${i}`, variantKey: "large", passed: true, costUsd: 0.01 },
    ]).flat();
    const items = trainingItems({ variants, graph, results });
    expect(items).toHaveLength(31);
    expect(items[0]).toEqual({
      text: "q0",
      outcomes: [
        { passed: 0.5, costUsd: 0.002 },
        { passed: 1, costUsd: 0.01 },
      ],
    });
    // an item missing on one variant does not count
    const partial = results.filter((result) => !(result.datasetItemId === "i3" && result.variantKey === "large"));
    expect(() => trainingItems({ variants, graph, results: partial.filter((r) => r.datasetItemId !== "i4") })).toThrow(
      "at least 30 items scored on every variant; this eval run has 29",
    );
  });

  it("reads a regex or JSON evaluator's verdicts on each variant's answers as the verifier's", () => {
    const evaluators = [
      { id: "exact", kind: "exact_match" },
      { id: "shape", kind: "regex" },
    ];
    const verdict = (passed: boolean) => [{ evaluatorId: "shape", passed }];
    const results = Array.from({ length: 30 }, (_, i) => [
      // two repeats on the small model: the first accepted and right, the second accepted but wrong on odd items
      { datasetItemId: `i${i}`, input: `q${i}`, variantKey: "small", passed: true, costUsd: 0.001, scores: verdict(true) },
      { datasetItemId: `i${i}`, input: `q${i}`, variantKey: "small", passed: false, costUsd: 0.001, scores: verdict(i % 2 === 1) },
      { datasetItemId: `i${i}`, input: `q${i}`, variantKey: "large", passed: true, costUsd: 0.01, scores: null },
    ]).flat();
    const items = trainingItems({ variants, graph, results, evaluators }, { verifierEvaluatorId: "shape" });
    expect(items[0]!.verdicts).toEqual([
      { accepted: 0.5, acceptedPassed: 0.5, costUsd: 0 },
      { accepted: 0, acceptedPassed: 0, costUsd: 0 }, // an errored or unscored result is not accepted
    ]);
    expect(items[1]!.verdicts![0]).toEqual({ accepted: 1, acceptedPassed: 0.5, costUsd: 0 });
    expect(trainingItems({ variants, graph, results, evaluators })[0]!.verdicts).toBeUndefined();
    expect(() => trainingItems({ variants, graph, results, evaluators }, { verifierEvaluatorId: "exact" })).toThrow(
      "An evaluator of kind exact_match cannot verify answers while serving",
    );
    expect(() => trainingItems({ variants, graph, results, evaluators }, { verifierEvaluatorId: "nope" })).toThrow('no evaluator "nope"');
  });

  it("reads self-consistency verdicts off the repeats: agreement of N answers, accepted-and-passed with a passing one", () => {
    const answers = (i: number) =>
      // even items: three agreeing answers (spacing and case aside), all right; odd items: two agree on a wrong
      // answer, one is right alone
      i % 2 === 0
        ? [
            ["Paris", true],
            [" paris ", true],
            ["PARIS", true],
          ]
        : [
            ["Lyon", false],
            ["lyon", false],
            ["Paris", true],
          ];
    const results = Array.from({ length: 30 }, (_, i) => [
      ...answers(i).map(([output, passed], repeat) => ({
        datasetItemId: `i${i}`,
        input: `q${i}`,
        variantKey: "small",
        passed: passed as boolean,
        output: output as string,
        costUsd: 0.001 * (repeat + 1),
      })),
      ...[0, 1, 2].map(() => ({
        datasetItemId: `i${i}`,
        input: `q${i}`,
        variantKey: "large",
        passed: true,
        output: "Paris",
        costUsd: 0.01,
      })),
    ]).flat();
    const two = trainingItems({ variants, graph, results }, { selfConsistency: { kind: "self_consistency", samples: 2 } });
    // the check's cost: one more answer at the small model's mean cost on the item
    expect(two[0]!.verdicts![0]).toEqual({ accepted: 1, acceptedPassed: 1, costUsd: 0.002 });
    // odd: of the 3 × 2 ordered pairs (served answer, second sample), the two "lyon"s agree both ways, wrong
    const odd = two[1]!.verdicts![0]!;
    expect(odd.accepted).toBeCloseTo(2 / 6, 12);
    expect(odd.acceptedPassed).toBe(0);
    expect(odd.costUsd).toBeCloseTo(0.002, 12);
    // three samples: only the even items' answers all agree; the check costs two more answers
    const three = trainingItems({ variants, graph, results }, { selfConsistency: { kind: "self_consistency", samples: 3 } });
    expect(three[0]!.verdicts![0]).toEqual({ accepted: 1, acceptedPassed: 1, costUsd: 0.004 });
    expect(three[1]!.verdicts![0]).toEqual({ accepted: 0, acceptedPassed: 0, costUsd: 0.004 });
    // more samples than the run has repeats: a clear refusal
    expect(() => trainingItems({ variants, graph, results }, { selfConsistency: { kind: "self_consistency", samples: 4 } })).toThrow(
      "Self-consistency of 4 samples needs at least 4 answers of each model per item: run the eval with 4 or more repeats (this eval run has 3 for some items)",
    );
    expect(() =>
      trainingItems(
        { variants, graph, results, evaluators: [{ id: "shape", kind: "regex" }] },
        { verifierEvaluatorId: "shape", selfConsistency: { kind: "self_consistency", samples: 2 } },
      ),
    ).toThrow("Choose one verifier");
  });
});

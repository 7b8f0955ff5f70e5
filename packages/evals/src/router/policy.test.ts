import { describe, expect, it } from "vitest";
import { ARTIFACT_VERSION, decideRoute, loadRouter } from "./artifact";
import { chooseThreshold, pickRoute, policyPoint, policyScores, singleModels, type RouteOutcome, type RoutingPolicy } from "./curve";
import { candidateThresholds, learnRouter, type TrainingItem } from "./learn";
import { seededRandom } from "../random";
import v1 from "./fixtures/router-v1.json";

const keys = ["cheap", "strong"];

/**
 * Known chances (cheap, strong) per group and its share of the items; each item's outcome is its chance
 * (a pass rate over many repeats), and the predicted chances are the true ones.
 */
function known(groups: { share: number; cheap: number; strong: number }[], n = 1_000) {
  const chances: Float64Array[] = [];
  const outcomes: RouteOutcome[][] = [];
  for (const group of groups)
    for (let k = 0; k < Math.round(group.share * n); k++) {
      chances.push(Float64Array.from([group.cheap, group.strong]));
      outcomes.push([
        { passed: group.cheap, costUsd: 1 },
        { passed: group.strong, costUsd: 10 },
      ]);
    }
  const singles = singleModels(
    keys.map((key) => ({ key, label: key })),
    outcomes,
  );
  const choose = (policy: RoutingPolicy, margin = 0) => {
    const scores = chances.map((c) => policyScores(c, 1, policy));
    const tried = candidateThresholds(scores).map((t) => policyPoint(keys, scores, outcomes, t, 1));
    return chooseThreshold(tried, singles, 1, 0.95, { margin });
  };
  return { choose, singles };
}

describe("routing policies", () => {
  it("scores a route by 1 − its expected loss against the strongest under the gap policy", () => {
    const rounded = (scores: ArrayLike<number>) => Array.from(scores, (s) => Number(s.toFixed(6)));
    expect(rounded(policyScores([0.3, 0.9], 1, "gap"))).toEqual([0.4, 1]);
    expect(rounded(policyScores([0.05, 0.08], 1, "gap"))).toEqual([0.97, 1]);
    // a route predicted to beat the strongest loses nothing
    expect(Array.from(policyScores([0.7, 0.6], 1, "gap"))).toEqual([1, 1]);
    expect(policyScores([0.3, 0.9], 1, "chance")).toEqual([0.3, 0.9]);
    // the strongest route always qualifies under gap (threshold ≤ 1); 1.01 trusts no prediction
    expect(pickRoute(policyScores([0.1, 0.9], 1, "gap"), 1, 1)).toBe(1);
    expect(pickRoute(policyScores([0.9, 0.9], 1, "gap"), 1.01, 1)).toBe(1);
  });

  it("sends requests both models fail to the cheap route, where the chance policy pays for the strong one", () => {
    // easy: both pass; hopeless: both fail; medium: only the strong model passes
    const { choose, singles } = known([
      { share: 0.4, cheap: 0.9, strong: 0.95 },
      { share: 0.3, cheap: 0.05, strong: 0.08 },
      { share: 0.3, cheap: 0.3, strong: 0.9 },
    ]);
    expect(singles[1]!.accuracy).toBeCloseTo(0.674, 6);
    const chance = choose("chance");
    const gap = choose("gap");
    // chance ranks easy, then medium, then hopeless: the easy 40 % and a sliver of medium fit in the 5 % loss
    expect(chance.chosen.share.cheap).toBeLessThan(0.43);
    // gap ranks hopeless (loss 0.03) and easy (0.05) before medium (0.6): 70 % of the traffic
    expect(gap.chosen.share.cheap).toBeCloseTo(0.7, 2);
    for (const choice of [chance, gap]) expect(choice.chosen.qualityVsBest).toBeGreaterThanOrEqual(0.95 - 1e-12);
    expect(gap.costSaved).toBeGreaterThan(chance.costSaved + 0.2);
    expect(gap.chosen.costPerItemUsd).toBeLessThan(chance.chosen.costPerItemUsd);
  });

  it("ranks as the chance policy does when the strongest passes everything", () => {
    const { choose } = known([
      { share: 0.5, cheap: 0.97, strong: 1 },
      { share: 0.3, cheap: 0.6, strong: 1 },
      { share: 0.2, cheap: 0.1, strong: 1 },
    ]);
    const [chance, gap] = [choose("chance"), choose("gap")];
    expect(gap.chosen.share).toEqual(chance.chosen.share);
    expect(gap.chosen.costPerItemUsd).toBe(chance.chosen.costPerItemUsd);
  });
});

/** Requests whose text tells their group: easy (both pass), hopeless (both fail), medium (strong only). */
function dataset(n: number, seed: number): TrainingItem[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const kind = i % 3;
    const text =
      kind === 0 ? `easy question number ${i}` : kind === 1 ? `impossible riddle about ${i} stars` : `medium puzzle with ${i} pieces`;
    const [cheap, strong] = kind === 0 ? [0.9, 0.95] : kind === 1 ? [0.05, 0.1] : [0.3, 0.9];
    return {
      text,
      outcomes: [
        { passed: random() < strong ? 1 : 0, costUsd: 0.01 },
        { passed: random() < cheap ? 1 : 0, costUsd: 0.001 },
      ],
    };
  });
}
const routes = [
  { key: "strong", label: "strong" },
  { key: "cheap", label: "cheap" },
];

describe("the learner's policy choice", () => {
  it("cross-validation picks the gap policy where a third of the requests fail on both, and the router serves it", () => {
    const { artifact, report } = learnRouter(routes, dataset(600, 5));
    expect(report.policies!.map((entry) => entry.policy)).toEqual(["chance", "gap"]);
    const [chance, gap] = report.policies!.map((entry) => entry.choice);
    expect(gap!.chosen.costPerItemUsd).toBeLessThan(chance!.chosen.costPerItemUsd);
    expect(report.policy).toBe("gap");
    expect(report.choice).toBe(gap);
    // 600 items: no small-eval dense weight, so version 2, readable by workers that predate version 3
    expect(artifact).toMatchObject({ version: 2, policy: "gap", threshold: gap!.chosen.threshold });

    // on held-out requests: the hopeless ones go cheap, the ones only the strong model passes do not
    const router = loadRouter(JSON.parse(JSON.stringify(artifact)));
    const heldOut = dataset(1_200, 9).slice(600);
    const cheapShare = (served: ReturnType<typeof loadRouter>, kind: string) => {
      const ofKind = heldOut.filter((item) => item.text.startsWith(kind));
      return ofKind.filter((item) => decideRoute(served, item.text).route === "cheap").length / ofKind.length;
    };
    expect(cheapShare(router, "impossible")).toBeGreaterThan(0.5);
    expect(cheapShare(router, "medium")).toBeLessThan(0.05);

    const decisions = heldOut.map((item) => decideRoute(router, item.text));
    const hopeless = decisions.find((decision, i) => heldOut[i]!.text.startsWith("impossible") && decision.route === "cheap")!;
    expect(hopeless.scores!.cheap).toBeCloseTo(1 - Math.max(0, hopeless.chances.strong! - hopeless.chances.cheap!), 12);
    expect(hopeless.scores!.strong).toBe(1);
    expect(hopeless.reason).toMatch(
      /^cheap is predicted to pass with \d+% against strong's \d+%: an expected loss of \d+ points, within the \d+ points allowed \(threshold 0\.\d\d\), and it is the cheapest route$/,
    );
    const medium = decisions.find((_, i) => heldOut[i]!.text.startsWith("medium"))!;
    expect(medium.route).toBe("strong");
    expect(medium.reason).toMatch(
      /^no cheaper route stays within the \d+ points allowed \(threshold 0\.\d\d\) \(cheap \d+% against strong \d+%\), so the strongest route answers$/,
    );
    expect(decideRoute(router, heldOut[0]!.text, 1.01).reason).toBe(
      "the threshold 1.01 trusts no prediction, so the strongest route answers",
    );

    // asked for the chance policy, the same data gives the older router: it pays the strong model for every hopeless request
    const older = learnRouter(routes, dataset(600, 5), { policy: "chance" });
    expect(older.report.policy).toBe("chance");
    expect(older.artifact.policy).toBe("chance");
    expect(cheapShare(loadRouter(older.artifact), "impossible")).toBe(0);
  });

  it("serves a version 1 artifact (made before policies existed) exactly as it did", () => {
    expect(v1.artifact.version).toBe(1);
    expect("policy" in v1.artifact).toBe(false);
    const router = loadRouter(v1.artifact);
    expect(router.policy).toBe("chance");
    for (const { text, threshold, decision } of v1.decisions as { text: string; threshold?: number; decision: unknown }[])
      expect(decideRoute(router, text, threshold)).toEqual(decision);
  });

  it("loads a version 2 artifact that records the verifier of its verify line, and one that does not", () => {
    const older = { ...v1.artifact, version: ARTIFACT_VERSION, policy: "gap" as const };
    const recorded = { ...older, verifyBelow: 0.9, verifier: { kind: "self_consistency", samples: 2 } };
    expect(loadRouter(older).policy).toBe("gap");
    expect(loadRouter(recorded)).toEqual(loadRouter(older)); // serving does not read it: the node's cascade checks
    expect(() => loadRouter({ ...recorded, verifier: { kind: "self_consistency", samples: 9 } })).toThrow();
  });
});

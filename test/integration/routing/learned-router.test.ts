// A learned router end to end: an eval run of two fixture models in a real worker, a router learned
// from it by the router-training job (stored with its eval run and dataset version), and the routed
// bot in the worker sending each request to the cheapest model predicted to pass, with the trace
// saying each route's chance. Eval runs a router cannot be learned from are refused, writing nothing.
import {
  createDataset,
  getEvalRun,
  getLearnedRouter,
  getRunWithSteps,
  listLearnedRouters,
  publishVersion,
  readRouterArtifact,
  routeSharesOfEvalRun,
  routerTraffic,
} from "@switchyard/db";
import { ARTIFACT_VERSION, evaluatorSchema, type RouterReport } from "@switchyard/evals";
import { startEvalRun } from "@switchyard/runner";
import { requestLearnedRouter } from "@switchyard/runner/router-control";
import { beforeAll, expect, it } from "vitest";
import { waitFor } from "../evals/eval-harness";
import { chatFlow, db, newBot, newUser } from "../support";
import { capitalsRows, capitalsWithBrazilRows, routerFlow, useRoutingPlatform } from "./routing-harness";

const { platform, redis, evalQueue, trainingQueue } = useRoutingPlatform("routing");
let workspaceId: string;
let credentialId: string;

beforeAll(() => {
  ({ workspaceId, credentialId } = platform);
});

const variant = (key: string, overrides: Record<string, unknown> = { model: `${key}-model` }) => ({
  key,
  label: `${key}-model`,
  overrides: { model: overrides },
});

async function evalRun(rows: number, variants: ReturnType<typeof variant>[]) {
  const bot = await newBot(workspaceId, chatFlow({ credentialId, model: "cheap-model" }));
  const version = await publishVersion(db(), workspaceId, bot.id, {});
  const dataset = await createDataset(db(), workspaceId, { name: `capitals ${rows}`, rows: capitalsRows(rows) });
  const run = await startEvalRun({ db: db(), redis, queue: evalQueue }, workspaceId, {
    name: "capitals",
    botId: bot.id,
    botVersionId: version.id,
    datasetVersionId: dataset.version.id,
    variants,
    evaluators: [evaluatorSchema.parse({ id: "contains", kind: "contains" })],
    concurrency: 8,
  });
  await waitFor(
    () => getEvalRun(db(), workspaceId, run.id),
    (value) => value.status === "SUCCEEDED",
    40_000,
  );
  return { run, dataset };
}

it("learns from an eval run which requests the cheap model passes, and the routed bot follows it", async () => {
  const { run, dataset } = await evalRun(40, [variant("cheap"), variant("strong")]);
  const requested = await requestLearnedRouter({ db: db(), queue: trainingQueue }, workspaceId, run.id, { qualityTarget: 0.95 });
  expect(requested).toMatchObject({ status: "QUEUED", nodeId: "model", evalRunId: run.id, datasetVersionId: dataset.version.id });
  const trained = await waitFor(
    () => getLearnedRouter(db(), workspaceId, requested.id),
    (value) => value.status !== "QUEUED" && value.status !== "RUNNING",
    30_000,
  );
  expect(trained.status).toBe("SUCCEEDED");
  expect(trained.trainingMs).toBeGreaterThan(0);
  const report = trained.report as unknown as RouterReport;
  expect(report.items).toBe(40);
  expect(report.singles.map((single) => [single.key, single.accuracy])).toEqual([
    ["cheap", 0.5],
    ["strong", 1],
  ]);
  expect(report.choice.chosen.accuracy).toBeGreaterThanOrEqual(0.95);
  expect(report.choice.costSaved).toBeGreaterThan(0.3);
  expect(report.choice.beatsSingleModels).toBe(true);
  const stored = await readRouterArtifact(db(), workspaceId, requested.id);
  expect(stored.artifact).toMatchObject({
    format: "switchyard.learned-router",
    version: ARTIFACT_VERSION,
    routes: [{ key: "cheap" }, { key: "strong" }],
  });
  expect(await listLearnedRouters(db(), workspaceId, run.id)).toHaveLength(1);

  const routes = [
    { name: "cheap", credentialId, model: "cheap-model" },
    { name: "strong", credentialId, model: "strong-model" },
  ];
  const threshold = (stored.artifact as { threshold: number }).threshold;
  const graph = routerFlow({ routes, mode: "learned", learned: { routerId: requested.id, threshold } });
  const bot = await newBot(workspaceId, graph);
  for (const [message, route, reply] of [
    ["Capital of France? (asked later)", "cheap", "Paris"],
    ["Hard one: capital of Australia? (asked later)", "strong", "Canberra"],
  ] as const) {
    const started = await platform.client.run({ workspaceId, botId: bot.id, graph, message });
    const finished = await started.finished;
    expect(finished).toMatchObject({ status: "SUCCEEDED", output: reply });
    const trace = await getRunWithSteps(db(), workspaceId, started.runId);
    const step = trace.steps.find((candidate) => candidate.nodeId === "router")!;
    expect(step.detail).toMatchObject({ route, threshold, chances: { cheap: expect.any(Number), strong: expect.any(Number) } });
    expect(step.model).toBe(`${route}-model`);
  }

  // Usage: the router's traffic per route and day
  const today = new Date().toISOString().slice(0, 10);
  const traffic = await routerTraffic(db(), workspaceId, { from: today, to: today });
  expect(traffic.filter((row) => row.botId === bot.id).map((row) => [row.route, row.model, row.requests])).toEqual([
    ["cheap", "cheap-model", 1],
    ["strong", "strong-model", 1],
  ]);
  expect(traffic.find((row) => row.route === "strong")!.costUsd).toBeGreaterThan(traffic.find((row) => row.route === "cheap")!.costUsd);

  // an eval of the routed bot says where its items went
  const version = await publishVersion(db(), workspaceId, bot.id, {});
  const routed = await startEvalRun({ db: db(), redis, queue: evalQueue }, workspaceId, {
    name: "routed",
    botId: bot.id,
    botVersionId: version.id,
    datasetVersionId: dataset.version.id,
    variants: [{ key: "routed", label: "learned router", overrides: {} }],
    evaluators: [evaluatorSchema.parse({ id: "contains", kind: "contains" })],
    concurrency: 8,
  });
  const done = await waitFor(
    () => getEvalRun(db(), workspaceId, routed.id),
    (value) => value.status === "SUCCEEDED",
    40_000,
  );
  expect(done.completed).toBe(40);
  expect(await routeSharesOfEvalRun(db(), workspaceId, routed.id)).toEqual([
    { variantKey: "routed", nodeId: "router", route: "cheap", items: 20 },
    { variantKey: "routed", nodeId: "router", route: "strong", items: 20 },
  ]);
  const { workspace: other } = await newUser("routing-shares");
  expect(await routeSharesOfEvalRun(db(), other.id, routed.id)).toEqual([]);

  // learned + cascade: below the verify line the cheap answer is checked (a JSON schema wanting high
  // confidence) and escalates when rejected; under the threshold the strongest route answers at once
  const schema = JSON.stringify({ type: "object", properties: { confidence: { const: "high" } }, required: ["answer", "confidence"] });
  const hybrid = (learnedThreshold: number) =>
    routerFlow({
      routes: [
        { name: "cheap", credentialId, model: "cheap-json" },
        { name: "strong", credentialId, model: "strong-json" },
      ],
      mode: "learned",
      learned: { routerId: requested.id, threshold: learnedThreshold, verifyBelow: 1.01 },
      cascade: { kind: "json", schema },
    });
  for (const [learnedThreshold, message, models, answer] of [
    [threshold, "Capital of France? (checked)", ["cheap-json"], "Paris"],
    [threshold, "Hard one: capital of Australia? (straight to strong)", ["strong-json"], "Canberra"],
    [0, "Hard one: capital of Australia? (checked, escalated)", ["cheap-json", "strong-json"], "Canberra"],
  ] as const) {
    const graph = hybrid(learnedThreshold);
    const hybridBot = await newBot(workspaceId, graph);
    const started = await platform.client.run({ workspaceId, botId: hybridBot.id, graph, message });
    const finished = await started.finished;
    expect(finished.status).toBe("SUCCEEDED");
    expect((JSON.parse(finished.output as string) as { answer: string }).answer).toBe(answer);
    const trace = await getRunWithSteps(db(), workspaceId, started.runId);
    const called = trace.steps
      .filter((step) => step.nodeId === "router" || step.nodeId.startsWith("router/cascade-"))
      .map((step) => step.model);
    expect(called.sort()).toEqual([...models].sort());
    const step = trace.steps.find((candidate) => candidate.nodeId === "router")!;
    expect(step.detail).toMatchObject({ threshold: learnedThreshold, chances: { cheap: expect.any(Number) } });
    if (models[0] === "cheap-json") {
      expect(step.detail).toMatchObject({
        verifyBelow: 1.01,
        stages: models.map((_, i) => ({ verdict: i === models.length - 1 ? "accepted" : "rejected" })),
      });
      expect(step.detail).toMatchObject({ note: expect.stringContaining("verify line, so its answer is checked") });
    } else expect((step.detail as { note: string }).note).not.toContain("Cascade");
    const total = trace.steps.reduce((sum, candidate) => sum + candidate.costUsd, 0);
    expect(trace.costUsd).toBeCloseTo(total, 12);
  }
}, 90_000);

it("learns a verify line from a JSON evaluator's verdicts on the cheap model's answers", async () => {
  // France: the cheap model is right; Australia: wrong; Brazil: right on about half, and its answer's
  // confidence says which. The text cannot tell the Brazil halves apart, the JSON evaluator can: checking
  // the cheap answer there is cheaper than sending every Brazil question to the strong model
  const schema = { type: "object", properties: { confidence: { const: "high" } }, required: ["answer", "confidence"] };
  const bot = await newBot(workspaceId, chatFlow({ credentialId, model: "cheap-json" }));
  const version = await publishVersion(db(), workspaceId, bot.id, {});
  const dataset = await createDataset(db(), workspaceId, { name: "capitals with a coin flip", rows: capitalsWithBrazilRows(90) });
  const run = await startEvalRun({ db: db(), redis, queue: evalQueue }, workspaceId, {
    name: "capitals json",
    botId: bot.id,
    botVersionId: version.id,
    datasetVersionId: dataset.version.id,
    variants: [variant("cheap", { model: "cheap-json" }), variant("strong", { model: "strong-json" })],
    evaluators: [
      evaluatorSchema.parse({ id: "contains", kind: "contains" }),
      evaluatorSchema.parse({ id: "confident", kind: "json", schema }),
    ],
    concurrency: 8,
  });
  await waitFor(
    () => getEvalRun(db(), workspaceId, run.id),
    (value) => value.status === "SUCCEEDED",
    40_000,
  );
  const learn = (verifierEvaluatorId: string) =>
    requestLearnedRouter({ db: db(), queue: trainingQueue }, workspaceId, run.id, { qualityTarget: 0.95, verifierEvaluatorId });
  await expect(learn("contains")).rejects.toMatchObject({
    code: "BAD_REQUEST",
    message: expect.stringContaining("An evaluator of kind contains cannot verify answers while serving"),
  });
  const requested = await learn("confident");
  const trained = await waitFor(
    () => getLearnedRouter(db(), workspaceId, requested.id),
    (value) => value.status !== "QUEUED" && value.status !== "RUNNING",
    30_000,
  );
  expect(trained.status).toBe("SUCCEEDED");
  const report = trained.report as unknown as RouterReport;
  const verify = report.verify!;
  expect(verify).toMatchObject({ evaluatorId: "confident", verifier: { kind: "json" } });
  // the stored evaluator's schema (PostgreSQL keeps JSON keys in its own order) as the Router's verifier
  expect(JSON.parse((verify.verifier as { schema: string }).schema)).toEqual(schema);
  expect(verify.lowerBound).toBeGreaterThanOrEqual(0.95);
  // the Brazil third is checked, France unchecked, Australia straight to the strong model
  expect(verify.share.checked).toBeCloseTo(1 / 3, 1);
  expect(verify.costSaved).toBeGreaterThan(report.choice.costSaved);
  const { artifact } = await readRouterArtifact(db(), workspaceId, requested.id);
  expect(artifact).toMatchObject({ threshold: verify.threshold, verifyBelow: verify.verifyBelow });
}, 90_000);

it("refuses eval runs a router cannot be learned from, with a clear message, writing nothing", async () => {
  const learn = (evalRunId: string) =>
    requestLearnedRouter({ db: db(), queue: trainingQueue }, workspaceId, evalRunId, { qualityTarget: 0.95 });
  const one = await evalRun(30, [variant("cheap")]);
  await expect(learn(one.run.id)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at least two variants") });
  const few = await evalRun(10, [variant("cheap"), variant("strong")]);
  await expect(learn(few.run.id)).rejects.toMatchObject({
    code: "BAD_REQUEST",
    message: "Learning a router needs at least 30 items scored on every variant; this eval run has 10",
  });
  const more = await evalRun(30, [variant("cheap"), variant("strong", { model: "strong-model", system: "Think hard" })]);
  await expect(learn(more.run.id)).rejects.toMatchObject({
    code: "BAD_REQUEST",
    message: expect.stringContaining("differ in their model alone"),
  });
  for (const id of [one.run.id, few.run.id, more.run.id]) expect(await listLearnedRouters(db(), workspaceId, id)).toEqual([]);

  const { workspace: other } = await newUser("routing-other");
  await expect(
    requestLearnedRouter({ db: db(), queue: trainingQueue }, other.id, few.run.id, { qualityTarget: 0.95 }),
  ).rejects.toMatchObject({ code: "NOT_FOUND" });
}, 90_000);

// A verify line learned from self-consistency: an eval run with two repeats per item stores two answers
// of the cheap model per item, the router-training job reads "do they agree" off them as the verifier's
// verdicts (the same agreement rule the Router's cascade checks at run time) and counts the extra sample
// in the checked band's cost, and "Use this router" writes the self-consistency verifier into the node.
import {
  createDataset,
  getBot,
  getEvalRun,
  getLearnedRouter,
  getRunWithSteps,
  listEvalResults,
  publishVersion,
  readRouterArtifact,
} from "@switchyard/db";
import type { FlowGraph } from "@switchyard/engine";
import { evaluatorSchema, type RouterReport } from "@switchyard/evals";
import { startEvalRun } from "@switchyard/runner";
import { adoptLearnedRouter, requestLearnedRouter } from "@switchyard/runner/router-control";
import { expect, it } from "vitest";
import { waitFor } from "../evals/eval-harness";
import { chatFlow, db, newBot } from "../support";
import { capitalsWithBrazilRows, luckyFor, useRoutingPlatform } from "./routing-harness";

const { platform, redis, evalQueue, trainingQueue } = useRoutingPlatform("routing-sc");

it("learns a verify line from the agreement of the cheap model's repeats, and adopts it as a self-consistency check", async () => {
  // France: the cheap model is right; Australia: steadily wrong (its samples agree: only the threshold
  // sends it on); Brazil: right and steady on a hidden half, on the other half two samples never agree
  const { workspaceId, credentialId } = platform;
  const bot = await newBot(workspaceId, chatFlow({ credentialId, model: "cheap-sc", temperature: 0.7 }));
  const version = await publishVersion(db(), workspaceId, bot.id, {});
  const dataset = await createDataset(db(), workspaceId, { name: "capitals, sampled twice", rows: capitalsWithBrazilRows(90) });
  const evalRun = async () => {
    const started = await startEvalRun({ db: db(), redis, queue: evalQueue }, workspaceId, {
      name: "capitals self-consistency",
      botId: bot.id,
      botVersionId: version.id,
      datasetVersionId: dataset.version.id,
      variants: [
        { key: "cheap", label: "cheap-sc", overrides: { model: { model: "cheap-sc" } } },
        { key: "strong", label: "strong-sc", overrides: { model: { model: "strong-sc" } } },
      ],
      evaluators: [evaluatorSchema.parse({ id: "contains", kind: "contains" })],
      repeats: 2,
      concurrency: 8,
    });
    await waitFor(
      () => getEvalRun(db(), workspaceId, started.id),
      (value) => value.status === "SUCCEEDED",
      60_000,
    );
    return started;
  };
  const run = await evalRun();
  const learn = (samples: number, evalRunId = run.id) =>
    requestLearnedRouter({ db: db(), queue: trainingQueue }, workspaceId, evalRunId, {
      qualityTarget: 0.95,
      selfConsistency: { kind: "self_consistency", samples },
    });
  const trainedFrom = (requested: { id: string }) =>
    waitFor(
      () => getLearnedRouter(db(), workspaceId, requested.id),
      (value) => value.status !== "QUEUED" && value.status !== "RUNNING",
      30_000,
    );
  await expect(learn(3)).rejects.toMatchObject({
    code: "BAD_REQUEST",
    message: expect.stringContaining("Self-consistency of 3 samples needs at least 3 answers of each model per item"),
  });
  const requested = await learn(2);
  const trained = await trainedFrom(requested);
  expect(trained.status, trained.error ?? "").toBe("SUCCEEDED");
  const report = trained.report as unknown as RouterReport;
  const verify = report.verify!;
  expect(verify.verifier).toEqual({ kind: "self_consistency", samples: 2 });
  expect(verify.evaluatorId).toBeUndefined();
  expect(verify.lowerBound).toBeGreaterThanOrEqual(0.95);
  // the Brazil third is checked, France unchecked, Australia straight to the strong model
  expect(verify.share.checked).toBeCloseTo(1 / 3, 1);
  expect(verify.costSaved).toBeGreaterThan(report.choice.costSaved);
  const { artifact } = await readRouterArtifact(db(), workspaceId, requested.id);
  expect(artifact).toMatchObject({
    threshold: verify.threshold,
    verifyBelow: verify.verifyBelow,
    verifier: { kind: "self_consistency", samples: 2 },
  });

  // "Use this router": both lines and the self-consistency check in the node, as the inspector writes them
  await adoptLearnedRouter(db(), workspaceId, requested.id, undefined);
  const draft = (await getBot(db(), workspaceId, bot.id)).draftGraph as unknown as FlowGraph;
  const node = draft.nodes.find((candidate) => candidate.id === "model")!;
  expect(node).toMatchObject({
    type: "router",
    config: {
      mode: "learned",
      temperature: 0.7,
      learned: { routerId: requested.id, threshold: verify.threshold, verifyBelow: verify.verifyBelow },
      cascade: { kind: "self_consistency", samples: 2 },
      // routes named after their models, mapped from the variants' keys the router learned
      routes: [
        { name: "cheap-sc", model: "cheap-sc" },
        { name: "strong-sc", model: "strong-sc" },
      ],
      learnedRoutes: { cheap: "cheap-sc", strong: "strong-sc" },
    },
  });

  // the adopted node checks new Brazil questions by a second sample: agreeing samples are accepted, others escalate
  for (let i = 92; i < 116; i += 3) {
    const message = `Capital of Brazil? (${i})`;
    const started = await platform.client.run({ workspaceId, botId: bot.id, graph: draft, message });
    const finished = await started.finished;
    expect(finished).toMatchObject({ status: "SUCCEEDED", output: "Brasília" });
    const trace = await getRunWithSteps(db(), workspaceId, started.runId);
    const step = trace.steps.find((candidate) => candidate.nodeId === "model")!;
    const stages = (step.detail as { stages: { route: string; verdict: string; reason: string }[] }).stages;
    expect(stages[0]).toMatchObject(
      luckyFor(message)
        ? { route: "cheap-sc", verdict: "accepted", reason: "2 samples agree" }
        : { route: "cheap-sc", verdict: "rejected", reason: "2 samples disagree" },
    );
    expect(step.model).toBe(luckyFor(message) ? "cheap-sc" : "strong-sc");
  }

  // the same eval again is answered from the response cache and costs the run nothing; the router learned
  // from it still prices each route, and the check's extra sample, as live traffic will pay for them
  const cached = await evalRun();
  const cachedResults = await listEvalResults(db(), workspaceId, cached.id);
  expect(cachedResults.every((result) => result.costUsd === 0 && result.savedUsd > 0)).toBe(true);
  const again = await trainedFrom(await learn(2, cached.id));
  expect(again.status, again.error ?? "").toBe("SUCCEEDED");
  const againReport = again.report as unknown as RouterReport;
  expect(againReport.singles.map((single) => single.costPerItemUsd)).toEqual(report.singles.map((single) => single.costPerItemUsd));
  expect(againReport.verify?.costPerItemUsd).toBe(verify.costPerItemUsd);
}, 150_000);

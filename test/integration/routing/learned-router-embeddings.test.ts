// A learned router in a workspace with an embedding model: the training job embeds every request through
// the workspace's embedding model (the fixture's OpenAI embeddings route, the real provider path), the
// artifact records that model and its dimensions, and the routed bot embeds each request the same way
// before deciding.
import {
  createDataset,
  getEvalRun,
  getLearnedRouter,
  getRunWithSteps,
  publishVersion,
  readRouterArtifact,
  setEmbeddingSettings,
} from "@switchyard/db";
import { evaluatorSchema, type RouterArtifact } from "@switchyard/evals";
import { startEvalRun } from "@switchyard/runner";
import { requestLearnedRouter } from "@switchyard/runner/router-control";
import { expect, it } from "vitest";
import { DEFAULT_EMBEDDING_DIMENSIONS } from "../../fixtures/providers/embeddings";
import { waitFor } from "../evals/eval-harness";
import { chatFlow, db, newBot } from "../support";
import { capitalsRows, routerFlow, useRoutingPlatform } from "./routing-harness";

const { platform, redis, evalQueue, trainingQueue } = useRoutingPlatform("routing-embeddings");

const embeddingCalls = () =>
  platform.fixture.requests
    .filter((request) => request.path === "/v1/embeddings")
    .map((request) => request.body as { model: string; input: string[] | string });

it("adds the workspace's embedding of each request to the router's features, in training and in routing", async () => {
  const { workspaceId, credentialId } = platform;
  await setEmbeddingSettings(db(), workspaceId, { credentialId, model: "text-embedding-3-small" });
  const bot = await newBot(workspaceId, chatFlow({ credentialId, model: "cheap-model" }));
  const version = await publishVersion(db(), workspaceId, bot.id, {});
  const rows = capitalsRows(40);
  const dataset = await createDataset(db(), workspaceId, { name: "capitals 40", rows });
  const run = await startEvalRun({ db: db(), redis, queue: evalQueue }, workspaceId, {
    name: "capitals",
    botId: bot.id,
    botVersionId: version.id,
    datasetVersionId: dataset.version.id,
    variants: ["cheap", "strong"].map((key) => ({ key, label: `${key}-model`, overrides: { model: { model: `${key}-model` } } })),
    evaluators: [evaluatorSchema.parse({ id: "contains", kind: "contains" })],
    concurrency: 8,
  });
  await waitFor(
    () => getEvalRun(db(), workspaceId, run.id),
    (value) => value.status === "SUCCEEDED",
    40_000,
  );
  const callsBefore = embeddingCalls().length;

  const requested = await requestLearnedRouter({ db: db(), queue: trainingQueue }, workspaceId, run.id, { qualityTarget: 0.95 });
  const trained = await waitFor(
    () => getLearnedRouter(db(), workspaceId, requested.id),
    (value) => value.status !== "QUEUED" && value.status !== "RUNNING",
    30_000,
  );
  expect(trained.status).toBe("SUCCEEDED");
  const artifact = (await readRouterArtifact(db(), workspaceId, requested.id)).artifact as RouterArtifact;
  expect(artifact.features).toMatchObject({ embeddingDims: DEFAULT_EMBEDDING_DIMENSIONS, embeddingModel: "text-embedding-3-small" });
  // every training request went through the embeddings route, in batches
  const trainingCalls = embeddingCalls().slice(callsBefore);
  expect(trainingCalls.every((call) => call.model === "text-embedding-3-small")).toBe(true);
  expect(trainingCalls.flatMap((call) => call.input).sort()).toEqual(rows.map((row) => row.input).sort());

  const routes = [
    { name: "cheap", credentialId, model: "cheap-model" },
    { name: "strong", credentialId, model: "strong-model" },
  ];
  const graph = routerFlow({ routes, mode: "learned", learned: { routerId: requested.id, threshold: artifact.threshold } });
  const routed = await newBot(workspaceId, graph);
  for (const [message, route, reply] of [
    ["Capital of France? (asked later)", "cheap", "Paris"],
    ["Hard one: capital of Australia? (asked later)", "strong", "Canberra"],
  ] as const) {
    const started = await platform.client.run({ workspaceId, botId: routed.id, graph, message });
    expect(await started.finished).toMatchObject({ status: "SUCCEEDED", output: reply });
    const step = (await getRunWithSteps(db(), workspaceId, started.runId)).steps.find((candidate) => candidate.nodeId === "router")!;
    expect(step.detail).toMatchObject({ route });
    expect(embeddingCalls().at(-1)).toMatchObject({ model: "text-embedding-3-small", input: [message] });
  }
});

// Knowledge-base metrics end to end: a context store ingested by a real worker (embedded with the
// fixture's embedding model), a bot whose Retrieve node feeds its model, and an eval run comparing
// top-k 1 with top-k 4. Faithfulness and context relevance are judged by the fixture's judge model
// from the passages recorded in each run's trace; hit rate and MRR come from the expected sources.
import {
  addDocument,
  createDataset,
  createStore,
  getEvalRun,
  getStore,
  listEvalResults,
  publishVersion,
  setEmbeddingSettings,
} from "@switchyard/db";
import type { FlowGraph } from "@switchyard/engine";
import { evaluatorSchema, retrievalsOf, type EvalSummary, type Score } from "@switchyard/evals";
import { createBullConnection, createIngestQueue, enqueueIngestion } from "@switchyard/queue";
import { startEvalRun } from "@switchyard/runner";
import { afterAll, describe, expect, it } from "vitest";
import { JUDGE_MODEL, overlapFaithfulness, overlapRelevance } from "../../fixtures/providers/judge";
import { db, newBot, newCredential, newUser } from "../support";
import { useEvalPlatform, waitFor } from "./eval-harness";

const documents = {
  "returns.md": "# Returns\n\nItems can be returned within 30 days of delivery with the receipt.",
  "shipping.md": "# Shipping\n\nOrders ship from the Rotterdam warehouse within two working days.",
  "warranty.md": "# Warranty\n\nThe warranty covers parts and labour for two years after purchase.",
  "care.md": "# Care\n\nDescale the appliance every month with citric acid.",
};

// the bot's model answers each question with a fixed sentence (the fixture sees the prompt, passages included)
const answers: Record<string, string> = {
  "Where do orders ship from?": "Orders ship from the Rotterdam warehouse.",
  "Within how many days can items be returned?": "Items can be returned within 30 days, and refunds arrive instantly.",
  "What does the warranty cover?": "The warranty covers parts and labour.",
  "How do I descale it?": "Descale it monthly with citric acid.",
};
const rows: { input: string; expected: null; expectedSources?: string[]; metadata: null }[] = [
  ...Object.keys(answers).map((input, index) => ({
    input,
    expected: null,
    expectedSources: [["shipping.md"], ["returns.md"], ["Warranty.MD"], ["care.md"]][index]!,
    metadata: null,
  })),
  // names no source: the retrieval metrics skip it, the judges still score it
  { input: "Say hello", expected: null, metadata: null },
];

const platform = useEvalPlatform({
  "kb-model": (prompt) => Object.entries(answers).find(([question]) => prompt.includes(question))?.[1] ?? "Hello.",
});
const bull = createBullConnection(process.env.REDIS_URL!);
const ingestQueue = createIngestQueue(bull);
afterAll(async () => {
  await ingestQueue.close();
  await bull.quit();
});

function kbFlow(storeId: string, credentialId: string): FlowGraph {
  return {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
      { id: "retrieve", type: "retrieve", config: { storeId, topK: 2, mode: "hybrid" }, position: { x: 200, y: 0 } },
      {
        id: "prompt",
        type: "prompt-template",
        config: { template: "Answer from these passages.\n{{input}}\nQuestion: {{message}}", variables: {} },
        position: { x: 400, y: 0 },
      },
      { id: "model", type: "model", config: { credentialId, model: "kb-model" }, position: { x: 600, y: 0 } },
      { id: "output", type: "chat-output", config: {}, position: { x: 800, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "retrieve", targetHandle: "query" },
      { id: "e2", source: "retrieve", sourceHandle: "text", target: "prompt", targetHandle: "input" },
      { id: "e3", source: "prompt", sourceHandle: "prompt", target: "model", targetHandle: "prompt" },
      { id: "e4", source: "model", sourceHandle: "text", target: "output", targetHandle: "text" },
    ],
  };
}

describe("knowledge-base metrics", () => {
  it("scores faithfulness and context relevance from the traced passages, and hit rate and MRR from the expected sources", async () => {
    const { fixture, control } = platform;
    const { workspace } = await newUser("kb-evals");
    const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${fixture.url}/v1`);
    await setEmbeddingSettings(db(), workspace.id, { credentialId: credential.id, model: "text-embedding-3-small" });
    const store = await createStore(db(), workspace.id, { name: "Help centre", chunkSize: 200, chunkOverlap: 0 });
    for (const [name, content] of Object.entries(documents)) {
      const document = await addDocument(db(), workspace.id, store.id, {
        name,
        mimeType: "text/markdown",
        content: new TextEncoder().encode(content),
      });
      await enqueueIngestion(ingestQueue, { workspaceId: workspace.id, documentId: document.id });
    }
    const ready = await waitFor(
      () => getStore(db(), workspace.id, store.id),
      (value) => value.documents.every((document) => document.status === "READY"),
    );
    expect(ready.documents.map((document) => document.chunkCount)).toEqual([1, 1, 1, 1]);

    const bot = await newBot(workspace.id, kbFlow(store.id, credential.id));
    const version = await publishVersion(db(), workspace.id, bot.id, {});
    const dataset = await createDataset(db(), workspace.id, { name: "help questions", rows });
    const judge = { credentialId: credential.id, model: JUDGE_MODEL };
    const run = await startEvalRun(control, workspace.id, {
      name: "top-k",
      botId: bot.id,
      botVersionId: version.id,
      datasetVersionId: dataset.version.id,
      variants: [
        { key: "k1", label: "top-k 1", overrides: { retrieve: { topK: 1 } } },
        { key: "k4", label: "top-k 4", overrides: { retrieve: { topK: 4 } } },
      ],
      evaluators: [
        evaluatorSchema.parse({ id: "faithful", kind: "faithfulness", ...judge }),
        evaluatorSchema.parse({ id: "relevant", kind: "context_relevance", ...judge }),
        evaluatorSchema.parse({ id: "hit", kind: "retrieval_hit_rate" }),
        evaluatorSchema.parse({ id: "mrr", kind: "retrieval_mrr" }),
      ],
      concurrency: 4,
    });
    const finished = await waitFor(
      () => getEvalRun(db(), workspace.id, run.id),
      (value) => value.status === "SUCCEEDED",
      30_000,
    );

    const results = await listEvalResults(db(), workspace.id, run.id);
    expect(results).toHaveLength(10);
    for (const result of results) {
      expect(result.error).toBeNull();
      const scores = Object.fromEntries(
        (result.scores as unknown as { evaluators: Score[] }).evaluators.map((score) => [score.evaluatorId, score]),
      );
      // the passages the judge read are the ones the run's trace recorded
      const steps = await db().runStep.findMany({ where: { runId: result.runId! } });
      const [retrieval] = retrievalsOf(steps.map((step) => ({ ...step, output: step.output as Record<string, unknown> | null })));
      expect(retrieval!.passages).toHaveLength(result.variantKey === "k1" ? 1 : 4);
      const passages = retrieval!.passages.map((passage) => passage.content);
      const input = String(result.datasetItem.input);
      const faithfulness = overlapFaithfulness(String(result.output), passages);
      const relevance = overlapRelevance(input, passages);
      expect(scores.faithful).toMatchObject({
        score: faithfulness,
        reason: `${Math.round(faithfulness * 100)}% of the answer's words appear in the passages`,
      });
      expect(scores.relevant).toMatchObject({ score: relevance, passed: relevance >= 0.5 });

      const expected = rows.find((row) => row.input === input)!.expectedSources;
      if (!expected) {
        expect(scores.hit).toMatchObject({ skipped: true, reason: "The item names no expected sources" });
        expect(scores.mrr).toMatchObject({ skipped: true });
        continue;
      }
      const names = retrieval!.passages.map((passage) => passage.documentName.toLowerCase());
      const rank = names.indexOf(expected[0]!.toLowerCase()) + 1;
      expect(scores.hit).toMatchObject({ score: rank ? 1 : 0, passed: rank > 0 });
      expect(scores.mrr).toMatchObject({ score: rank ? 1 / rank : 0 });
      // top-k 4 retrieves every document of the store, so every expected source is found
      if (result.variantKey === "k4") expect(rank).toBeGreaterThan(0);
    }

    // every judged item made one judge call per judge evaluator, through the provider path
    const judgeCalls = fixture.requests.filter((request) => (request.body as { model?: string } | null)?.model === JUDGE_MODEL);
    expect(judgeCalls.length).toBeGreaterThanOrEqual(20);

    // the four metrics reach the statistics, each with its interval and the items it applied to
    const summary = finished.summary as unknown as EvalSummary;
    for (const stat of summary.stats) {
      const byId = Object.fromEntries(stat.evaluators!.map((entry) => [entry.evaluatorId, entry]));
      expect(Object.keys(byId).sort()).toEqual(["faithful", "hit", "mrr", "relevant"]);
      expect([byId.faithful!.items, byId.relevant!.items, byId.hit!.items, byId.mrr!.items]).toEqual([5, 5, 4, 4]);
      for (const entry of stat.evaluators!) {
        expect(entry.scoreInterval[0]).toBeLessThanOrEqual(entry.meanScore);
        expect(entry.scoreInterval[1]).toBeGreaterThanOrEqual(entry.meanScore);
      }
    }
    const [k1, k4] = summary.stats.map((stat) => Object.fromEntries(stat.evaluators!.map((entry) => [entry.evaluatorId, entry.meanScore])));
    expect(k4!.hit).toBe(1);
    expect(k1!.mrr).toBe(k1!.hit); // with one passage the expected source is first or missing
    // more passages support more of each answer, and fewer of them are about the question
    expect(k4!.faithful).toBeGreaterThanOrEqual(k1!.faithful!);
    expect(k4!.relevant).toBeLessThan(k1!.relevant!);
  });
});

// Context stores end to end below the web app: documents ingested by a real worker process through
// the BullMQ ingestion queue, chunks searched in PostgreSQL (full-text and vectors from the
// OpenAI-format fixture's /v1/embeddings), and a flow whose Retrieve node feeds a model that cites.
import { randomUUID } from "node:crypto";
import { addDocument, createStore, getStore, resetDocument, setEmbeddingSettings, updateStore } from "@switchyard/db";
import type { FlowGraph } from "@switchyard/engine";
import { createRetrievalService, loadEmbeddingTarget } from "@switchyard/knowledge";
import { createBullConnection, createIngestQueue, enqueueIngestion } from "@switchyard/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { tinyDocx, tinyPdf } from "../../support/documents";
import { createRunClient, startWorker, type WorkerProcess } from "../runs/worker-harness";
import { db, newBot, newCredential, newUser } from "../support";

let fixture: ProviderFixture;
let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;
const bull = createBullConnection(process.env.REDIS_URL!);
const ingestQueue = createIngestQueue(bull);

beforeAll(async () => {
  fixture = await startProviderFixture({});
  worker = await startWorker();
  client = createRunClient();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await fixture?.close();
  await ingestQueue.close();
  await bull.quit();
});

const text = (value: string) => new TextEncoder().encode(value);
const secret = () => process.env.SWITCHYARD_SECRET!;

const policy = `# Returns

Items can be returned within 30 days of delivery. Keep the receipt.

## Damaged items

Photograph the damage and send the photos to support; a courier collects the parcel for free.

# Shipping

Orders ship from the Rotterdam warehouse within two working days.`;

async function upload(workspaceId: string, storeId: string, name: string, content: Uint8Array<ArrayBuffer>, mimeType = "text/plain") {
  const document = await addDocument(db(), workspaceId, storeId, { name, mimeType, content });
  await enqueueIngestion(ingestQueue, { workspaceId, documentId: document.id });
  return document;
}

/** Polls like the UI does until no document is pending or processing. */
async function settled(workspaceId: string, storeId: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const store = await getStore(db(), workspaceId, storeId);
    if (store.documents.every((document) => document.status === "READY" || document.status === "FAILED")) return store;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("ingestion did not finish in 20 s");
}

describe("context stores", () => {
  it("ingests .md, .pdf, .docx, .html and .csv in a worker, and a malformed file fails alone with a clear error", async () => {
    const { workspace } = await newUser("stores");
    const store = await createStore(db(), workspace.id, { name: "Support", chunkSize: 200, chunkOverlap: 20 });
    await upload(workspace.id, store.id, "policy.md", text(policy));
    await upload(workspace.id, store.id, "warranty.pdf", tinyPdf(["Warranty: two years on parts and labour."]), "application/pdf");
    await upload(workspace.id, store.id, "care.docx", await tinyDocx("Care", ["Descale the kettle monthly."]));
    await upload(workspace.id, store.id, "hours.html", text("<h1>Opening hours</h1><p>Weekdays nine to five.</p>"));
    await upload(workspace.id, store.id, "prices.csv", text("sku,name,price\nK1,Kettle,30\n"));
    await upload(workspace.id, store.id, "broken.pdf", text("%PDF-1.4 truncated"), "application/pdf");

    const { documents } = await settled(workspace.id, store.id);
    const byName = Object.fromEntries(documents.map((document) => [document.name, document]));
    for (const name of ["policy.md", "warranty.pdf", "care.docx", "hours.html", "prices.csv"])
      expect(byName[name], name).toMatchObject({ status: "READY", progress: 100, error: null });
    expect(byName["broken.pdf"]).toMatchObject({ status: "FAILED", chunkCount: 0 });
    expect(byName["broken.pdf"]!.error).toMatch(/^The PDF could not be read/);
    expect(byName["policy.md"]!.chunkCount).toBe(3);

    const chunks = await db().chunk.findMany({ where: { documentId: byName["policy.md"]!.id }, orderBy: { position: "asc" } });
    expect(chunks.map((chunk) => [chunk.position, chunk.heading])).toEqual([
      [0, "Returns"],
      [1, "Returns › Damaged items"],
      [2, "Shipping"],
    ]);
    expect(chunks.every((chunk) => chunk.embedding.length === 0)).toBe(true); // no embedding model configured
  });

  it("ingests a document of thousands of chunks in one swap", async () => {
    const { workspace } = await newUser("large");
    const store = await createStore(db(), workspace.id, { name: "Large", chunkSize: 50, chunkOverlap: 0 });
    const sections = Array.from({ length: 3_000 }, (_, i) => `# Article ${i}\n\nArticle ${i} explains topic number ${i} in a few words.`);
    const document = await upload(workspace.id, store.id, "large.md", text(sections.join("\n\n")));
    const [done] = (await settled(workspace.id, store.id)).documents;
    expect(done).toMatchObject({ status: "READY", chunkCount: 3_000 });
    expect(await db().chunk.count({ where: { documentId: document.id } })).toBe(3_000);
    const last = await db().chunk.findFirstOrThrow({ where: { documentId: document.id, position: 2_999 } });
    expect(last).toMatchObject({ heading: "Article 2999", content: "Article 2999 explains topic number 2999 in a few words." });
  });

  it("finds chunks by full-text search with their source and position; another workspace's store is unknown", async () => {
    const { workspace } = await newUser("search");
    const store = await createStore(db(), workspace.id, { name: "Policies", chunkSize: 200, chunkOverlap: 20 });
    await upload(workspace.id, store.id, "policy.md", text(policy));
    await upload(workspace.id, store.id, "warranty.pdf", tinyPdf(["Warranty: two years on parts and labour."]), "application/pdf");
    await settled(workspace.id, store.id);

    const retrieval = createRetrievalService({ db: db(), workspaceId: workspace.id, embedding: async () => null });
    const signal = new AbortController().signal;
    const hits = await retrieval.retrieve(
      { storeId: store.id, query: "What do I do with a damaged parcel?", topK: 2, mode: "hybrid" },
      { signal },
    );
    expect(hits[0]).toMatchObject({ documentName: "policy.md", position: 1, heading: "Returns › Damaged items" });
    expect(hits[0]!.content).toContain("Photograph the damage");
    const warranty = await retrieval.retrieve({ storeId: store.id, query: "warranty years", topK: 3, mode: "fulltext" }, { signal });
    expect(warranty.map((hit) => hit.documentName)).toEqual(["warranty.pdf"]);
    expect(await retrieval.retrieve({ storeId: store.id, query: "zebra", topK: 3, mode: "fulltext" }, { signal })).toEqual([]);

    const other = await newUser("intruder");
    const intruder = createRetrievalService({ db: db(), workspaceId: other.workspace.id, embedding: async () => null });
    await expect(intruder.retrieve({ storeId: store.id, query: "damage", topK: 2, mode: "fulltext" }, { signal })).rejects.toThrow(
      "Context store not found",
    );
    await expect(retrieval.retrieve({ storeId: "nope", query: "damage", topK: 2, mode: "fulltext" }, { signal })).rejects.toThrow(
      "Context store not found",
    );
  });

  it("embeds chunks and queries with the workspace's embedding model and fuses both rankings", async () => {
    const { workspace } = await newUser("vectors");
    const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${fixture.url}/v1`, "sk-embed");
    await setEmbeddingSettings(db(), workspace.id, { credentialId: credential.id, model: "text-embedding-3-small" });
    const store = await createStore(db(), workspace.id, { name: "Vectors", chunkSize: 200, chunkOverlap: 20 });
    fixture.reset();
    await upload(workspace.id, store.id, "policy.md", text(policy));
    const { documents } = await settled(workspace.id, store.id);
    expect(documents[0]).toMatchObject({ status: "READY", chunkCount: 3 });

    const embeddingRequests = fixture.requests.filter((request) => request.path === "/v1/embeddings");
    expect(embeddingRequests).toHaveLength(1);
    expect(embeddingRequests[0]!.body).toMatchObject({
      model: "text-embedding-3-small",
      input: expect.arrayContaining([expect.stringContaining("Rotterdam")]),
    });
    const chunks = await db().chunk.findMany({ where: { storeId: store.id } });
    for (const chunk of chunks) {
      expect(chunk.embedding).toHaveLength(64);
      expect(Math.hypot(...chunk.embedding)).toBeCloseTo(1, 5);
    }

    const target = await loadEmbeddingTarget(db(), workspace.id, secret());
    const retrieval = createRetrievalService({ db: db(), workspaceId: workspace.id, embedding: async () => target });
    const signal = new AbortController().signal;
    // no word of this query is in the text index ("warehouse" is), but the vectors share words
    const byVector = await retrieval.retrieve(
      { storeId: store.id, query: "rotterdam warehouse orders", topK: 1, mode: "vector" },
      { signal },
    );
    expect(byVector[0]).toMatchObject({ heading: "Shipping", position: 2 });
    const hybrid = await retrieval.retrieve(
      { storeId: store.id, query: "courier collects damaged parcel", topK: 3, mode: "hybrid" },
      { signal },
    );
    expect(hybrid[0]).toMatchObject({ heading: "Returns › Damaged items" });
    // fused scores: the top chunk was ranked by both searches
    expect(hybrid[0]!.score).toBeGreaterThan(1 / 61);
    expect(fixture.requests.filter((request) => request.path === "/v1/embeddings")).toHaveLength(3);

    // a new document is found by vector as soon as it is ready (the process's cached vectors reload)
    await upload(workspace.id, store.id, "fleet.md", text("# Fleet\n\nOur electric vans recharge overnight at the depot."));
    await settled(workspace.id, store.id);
    const vans = await retrieval.retrieve({ storeId: store.id, query: "electric vans recharge", topK: 1, mode: "vector" }, { signal });
    expect(vans[0]).toMatchObject({ documentName: "fleet.md", heading: "Fleet" });
  });

  it("fails a document whose embedding provider fails, with the provider's error, and re-ingests it once fixed", async () => {
    const { workspace } = await newUser("embed-fail");
    const broken = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${fixture.url}/nowhere/v1`);
    await setEmbeddingSettings(db(), workspace.id, { credentialId: broken.id, model: "text-embedding-3-small" });
    const store = await createStore(db(), workspace.id, { name: "Fails", chunkSize: 200, chunkOverlap: 20 });
    const document = await upload(workspace.id, store.id, "policy.md", text(policy));
    const [failed] = (await settled(workspace.id, store.id)).documents;
    expect(failed).toMatchObject({ status: "FAILED", chunkCount: 0 });
    expect(failed!.error).toBe("The embedding model failed: Invalid URL (POST /nowhere/v1/embeddings)"); // the provider's own message
    expect(await db().chunk.count({ where: { documentId: document.id } })).toBe(0);

    // fixed: a working provider, smaller chunks, and the same document ingested again
    const working = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${fixture.url}/v1`);
    await setEmbeddingSettings(db(), workspace.id, { credentialId: working.id, model: "text-embedding-3-small" });
    await updateStore(db(), workspace.id, store.id, { chunkSize: 50, chunkOverlap: 10 });
    await resetDocument(db(), workspace.id, store.id, document.id);
    await enqueueIngestion(ingestQueue, { workspaceId: workspace.id, documentId: document.id });
    const [ready] = (await settled(workspace.id, store.id)).documents;
    expect(ready).toMatchObject({ status: "READY", error: null, chunkCount: 3 });
    const chunks = await db().chunk.findMany({ where: { documentId: document.id } });
    expect(chunks.every((chunk) => chunk.embedding.length === 64)).toBe(true);
  });

  it("runs chat input → retrieve → prompt → model → output in a worker, and the reply cites its source", async () => {
    const { workspace } = await newUser("flow");
    const store = await createStore(db(), workspace.id, { name: "Flow store", chunkSize: 200, chunkOverlap: 20 });
    await upload(workspace.id, store.id, "policy.md", text(policy));
    await settled(workspace.id, store.id);
    const credential = await newCredential(workspace.id, "OPENAI", `${fixture.url}/v1`, "sk-test");
    const graph = retrievalFlow(store.id, credential.id);
    const bot = await newBot(workspace.id, graph);

    // the fixture echoes the prompt, which holds the cited passages
    const run = await client.run({ workspaceId: workspace.id, botId: bot.id, graph, message: "Where do orders ship from?" });
    const finished = await run.finished;
    expect(finished.status).toBe("SUCCEEDED");
    expect(finished.output).toContain("[1] policy.md § Shipping (part 3)");
    expect(finished.output).toContain("Rotterdam warehouse");
    const step = await db().runStep.findFirstOrThrow({ where: { runId: run.runId, nodeId: "retrieve" } });
    expect(step.status).toBe("SUCCEEDED");
    expect((step.output as { documents: { documentName: string }[] }).documents[0]!.documentName).toBe("policy.md");

    const other = await newUser("other-flow");
    const foreign = retrievalFlow(store.id, (await newCredential(other.workspace.id, "OPENAI", `${fixture.url}/v1`, "k")).id);
    const refused = await (
      await client.run({
        workspaceId: other.workspace.id,
        botId: (await newBot(other.workspace.id, foreign)).id,
        graph: foreign,
        message: "x",
      })
    ).finished;
    expect(refused.status).toBe("FAILED");
    expect(refused.error).toMatch(/Context store not found/);
  });
});

function retrievalFlow(storeId: string, credentialId: string): FlowGraph {
  const id = randomUUID().slice(0, 4);
  return {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
      { id: "retrieve", type: "retrieve", config: { storeId, topK: 2 }, position: { x: 200, y: 0 } },
      {
        id: "prompt",
        type: "prompt-template",
        config: { template: `Answer from these passages and cite them as [n] (${id}).\n{{input}}\nQuestion: {{message}}`, variables: {} },
        position: { x: 400, y: 0 },
      },
      { id: "model", type: "model", config: { credentialId, model: "gpt-4o-mini" }, position: { x: 600, y: 0 } },
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

// bench/retrieval: a context store of 100,000 chunks answers retrievals (target: p95 ≤ 50 ms).
//   node --import tsx bench/retrieval/index.ts      (or: npm run bench:retrieval; --quick for 10,000 chunks)
// Documents are ingested through the real path (parse, chunk, insert with the generated tsvector),
// then varied queries run through the same retrieval service the Retrieve node uses, against
// PostgreSQL. Prints the figures and writes bench/results/retrieval.json.
import { addDocument, createStore, createUserWithWorkspace, getDb, setEmbeddingSettings, createCredential, type Db } from "@switchyard/db";
import { createRetrievalService, ingestDocument, loadEmbeddingTarget } from "@switchyard/knowledge";
import { startBenchPlatform } from "../support/platform";
import { round, summarize, writeResult } from "../support/stats";
import { createCorpus } from "./corpus";

const quick = process.argv.includes("--quick");
const targetChunks = quick ? 10_000 : 100_000;
const documents = 20;
const queries = 300;
const warmUp = 20;

const platform = await startBenchPlatform({ workers: 0 });
const db: Db = getDb();
const secret = process.env.SWITCHYARD_SECRET!;
const { workspace } = await createUserWithWorkspace(db, { email: "bench-retrieval@example.com", name: "Bench" });
const store = await createStore(db, workspace.id, { name: "Support knowledge", chunkSize: 150, chunkOverlap: 20 });
const corpus = createCorpus();

// ~1 chunk per 1.4 sections at this chunk size; generate until the store holds the target
console.log(`seeding ${targetChunks.toLocaleString()} chunks in ${documents} documents…`);
const seedStarted = performance.now();
let chunkCount = 0;
for (let index = 0; chunkCount < targetChunks; index++) {
  const remaining = targetChunks - chunkCount;
  const sections = Math.ceil(Math.min(remaining, targetChunks / documents) * 0.62);
  const text = corpus.document(sections);
  const document = await addDocument(db, workspace.id, store.id, {
    name: `manual-${index + 1}.md`,
    mimeType: "text/markdown",
    content: new TextEncoder().encode(text),
  });
  const outcome = await ingestDocument({ db, masterSecret: secret }, { workspaceId: workspace.id, documentId: document.id });
  if (outcome.status !== "READY") throw new Error(`ingestion failed: ${JSON.stringify(outcome)}`);
  chunkCount += outcome.chunkCount;
  process.stdout.write(`  ${document.name}: ${outcome.chunkCount} chunks (total ${chunkCount})\n`);
}
const seedSeconds = (performance.now() - seedStarted) / 1000;
// what autovacuum does to a live store: merges the GIN pending list and refreshes statistics
await db.$executeRawUnsafe(`VACUUM ANALYZE "Chunk"`);

async function measure(label: string, mode: "hybrid" | "fulltext" | "vector", count: number, embedding = async () => null as never) {
  const retrieval = createRetrievalService({ db, workspaceId: workspace.id, embedding });
  const signal = new AbortController().signal;
  const latencies: number[] = [];
  let empty = 0;
  for (let index = 0; index < count + warmUp; index++) {
    const query = corpus.query();
    const started = performance.now();
    const hits = await retrieval.retrieve({ storeId: store.id, query, topK: 5, mode }, { signal });
    if (index >= warmUp) {
      latencies.push(performance.now() - started);
      if (!hits.length) empty++;
    }
  }
  const figures = { ...summarize(latencies), queriesWithoutHits: empty };
  console.log(`${label}: p50 ${figures.p50} ms, p95 ${figures.p95} ms, p99 ${figures.p99} ms (${count} queries, ${empty} without hits)`);
  return figures;
}

const fullText = await measure("full-text (hybrid mode, no embedding model)", "hybrid", queries);

const result = {
  chunks: chunkCount,
  documents: await db.document.count({ where: { storeId: store.id } }),
  seedSeconds: round(seedSeconds, 1),
  chunksPerSecondIngested: round(chunkCount / seedSeconds, 0),
  topK: 5,
  retrievalMs: fullText,
  targetP95Ms: 50,
  note: "Measured on a 2-core machine shared with other engineers' builds and tests: figures are noisy.",
};
console.log(`p95 ${fullText.p95} ms against a target of 50 ms`);
await writeResult("retrieval", result);
await platform.stop();
process.exit(0);

// Knowledge-base evals: a help-centre store, a bot whose Retrieve node feeds its model, a JSONL dataset
// naming each question's expected source document, and an eval run from the form comparing top-k 1
// with top-k 4 on faithfulness, context relevance (judged by the fixture's judge model), retrieval hit
// rate and MRR, each with its interval; then a paired verdict on one metric. An item naming no source,
// which the retrieval metrics cannot measure, shows as not measured and stays out of the pass rate.
// Last, refusals save nothing:
// an eval run of the draft refused by the budget leaves no new version behind.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { JUDGE_MODEL } from "../fixtures/providers/judge";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

const documents: Record<string, string> = {
  "returns.md": "# Returns\n\nItems can be returned within 30 days of delivery with the receipt.",
  "shipping.md": "# Shipping\n\nOrders ship from the Rotterdam warehouse within two working days.",
  "warranty.md": "# Warranty\n\nThe warranty covers parts and labour for two years after purchase.",
  "care.md": "# Care\n\nDescale the appliance every month with citric acid.",
};
const questions = [
  { input: "Where do orders ship from?", answer: "Orders ship from the Rotterdam warehouse.", source: "shipping.md" },
  { input: "Within how many days can items be returned?", answer: "Items can be returned within 30 days.", source: "returns.md" },
  { input: "What does the warranty cover?", answer: "The warranty covers parts and labour.", source: "warranty.md" },
  { input: "How do I descale it?", answer: "Descale it monthly with citric acid.", source: "care.md" },
  { input: "Which warehouse sends the parcels?", answer: "The Rotterdam warehouse sends parcels.", source: "shipping.md" },
  { input: "Is a receipt needed to return something?", answer: "Yes, keep the receipt to return items.", source: "returns.md" },
];

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({
    latencyMs: 5,
    replies: { "kb-model": (prompt) => questions.find((question) => prompt.includes(question.input))?.answer ?? "I do not know." },
  });
});
test.afterAll(async () => fixture.close());

test.use({ viewport: { width: 1440, height: 1000 } });

async function call<T>(request: APIRequestContext, method: "post" | "put" | "get", url: string, data?: unknown): Promise<T> {
  const response = await request[method](url, data === undefined ? {} : { data });
  expect(response.ok(), `${method} ${url} → ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

function kbFlow(storeId: string, credentialId: string, topK = 2) {
  const position = { x: 0, y: 0 };
  return {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position },
      { id: "retrieve", type: "retrieve", config: { storeId, topK, mode: "hybrid" }, position: { x: 250, y: 0 } },
      {
        id: "prompt",
        type: "prompt-template",
        config: { template: "Answer from these passages.\n{{input}}\nQuestion: {{message}}", variables: {} },
        position: { x: 500, y: 0 },
      },
      { id: "model", type: "model", config: { credentialId, model: "kb-model" }, position: { x: 750, y: 0 } },
      { id: "output", type: "chat-output", config: {}, position: { x: 1000, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "retrieve", targetHandle: "query" },
      { id: "e2", source: "retrieve", sourceHandle: "text", target: "prompt", targetHandle: "input" },
      { id: "e3", source: "prompt", sourceHandle: "prompt", target: "model", targetHandle: "prompt" },
      { id: "e4", source: "model", sourceHandle: "text", target: "output", targetHandle: "text" },
    ],
  };
}

test("a top-k 1 vs 4 eval shows faithfulness, context relevance, hit rate and MRR with intervals", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, newAccount("kb-evals"));
  const workspaceId = workspaceIdFrom(page);
  const api = `/api/workspaces/${workspaceId}`;
  const session = asApp(page.request);

  const { credential } = await call<{ credential: { id: string } }>(session, "post", `${api}/credentials`, {
    name: "Local fixture",
    kind: "OPENAI_COMPATIBLE",
    baseUrl: `${fixture.url}/v1`,
  });
  await call(session, "put", `${api}/embedding`, { credentialId: credential.id, model: "text-embedding-3-small" });
  // priced, so the eval costs something and a tiny budget is over at the end
  await call(session, "put", `${api}/prices`, {
    provider: "OPENAI_COMPATIBLE",
    model: "kb-model",
    inputPerMillion: 100,
    outputPerMillion: 100,
  });
  const { store } = await call<{ store: { id: string } }>(session, "post", `${api}/stores`, { name: "Help centre" });
  for (const [name, content] of Object.entries(documents)) {
    const uploaded = await session.post(`${api}/stores/${store.id}/documents`, {
      multipart: { file: { name, mimeType: "text/markdown", buffer: Buffer.from(content) } },
    });
    expect(uploaded.status()).toBe(201);
  }
  await expect
    .poll(
      async () => {
        const { store: read } = await call<{ store: { documents: { status: string }[] } }>(session, "get", `${api}/stores/${store.id}`);
        return read.documents.map((document) => document.status).join(",");
      },
      { timeout: 30_000 },
    )
    .toBe("READY,READY,READY,READY");
  const { bot } = await call<{ bot: { id: string } }>(session, "post", `${api}/bots`, {
    name: "Help bot",
    graph: kbFlow(store.id, credential.id),
  });
  await call(session, "post", `${api}/bots/${bot.id}/versions`, {});

  // the dataset: JSONL naming each question's expected source; the import finds the column itself
  await page.goto(`/w/${workspaceId}/evals`);
  await page.getByRole("button", { name: "Import dataset" }).click();
  await page.getByLabel("Dataset file").setInputFiles({
    name: "help.jsonl",
    mimeType: "application/x-ndjson",
    buffer: Buffer.from(questions.map(({ input, source }) => JSON.stringify({ input, expectedSources: [source] })).join("\n")),
  });
  await expect(page.getByLabel("Expected sources column")).toHaveValue("expectedSources");
  await expect(page.getByRole("table", { name: "Import preview" })).toContainText("shipping.md");
  await page.getByRole("button", { name: "Import 6 rows" }).click();
  await expect(page.getByRole("heading", { name: "help" })).toBeVisible();
  await expect(page.getByLabel("Expected sources 1")).toHaveValue("shipping.md");
  await snap(page, "evals-kb-1-dataset-sources");

  // the form offers the knowledge-base metrics because the flow has a Retrieve node
  await page.goto(`/w/${workspaceId}/evals/runs/new`);
  await page.getByLabel("Bot", { exact: true }).selectOption({ label: "Help bot" });
  await page.getByRole("combobox", { name: "Dataset", exact: true }).selectOption({ label: "help · v1" });
  const knowledge = page.getByRole("group", { name: "Knowledge-base metrics" });
  await expect(knowledge).toContainText("the share of the reply's claims that the retrieved passages support");
  await expect(knowledge).toContainText("mean reciprocal rank");
  await page.getByLabel("Exact match").uncheck();
  await page.getByLabel("Contains").uncheck();
  for (const metric of ["Faithfulness", "Context relevance", "Retrieval hit rate", "Retrieval MRR"])
    await knowledge.getByLabel(metric).check();
  await page.getByLabel("Knowledge judge model").fill(JUDGE_MODEL);
  await page.getByLabel("Variant 1 name").fill("top-k 1");
  await page.getByLabel("Variant 1 retrieve passages").fill("1");
  await page.getByRole("button", { name: "Add variant" }).click();
  await page.getByLabel("Variant 2 name").fill("top-k 4");
  await page.getByLabel("Variant 2 retrieve passages").fill("4");
  await knowledge.scrollIntoViewIfNeeded();
  await snap(page, "evals-kb-2-new-run-knowledge-metrics");
  await page.getByRole("button", { name: "Start eval run" }).click();
  await expect(page.getByTestId("eval-progress")).toHaveText("12 / 12", { timeout: 90_000 });
  await expect(page.getByText("finished")).toBeVisible();

  // the four metrics, each with its interval, per variant
  const stats = page.getByRole("table", { name: "Variant statistics" });
  for (const heading of ["Faithfulness", "Context relevance", "Retrieval hit rate", "Retrieval MRR"])
    await expect(stats.getByRole("columnheader", { name: heading })).toBeVisible();
  for (const variant of ["top-k 1", "top-k 4"]) {
    const row = stats.getByRole("row", { name: new RegExp(variant) });
    for (const id of ["faithfulness", "context-relevance", "hit-rate", "mrr"])
      await expect(row.locator(`[data-evaluator="${id}"]`)).toHaveText(/^\d+(\.\d)?% \(\d+–\d+%\)$/);
  }
  // a score interval never leaves 0–100 %, however few the items
  const bounds = (await stats.locator("td").allTextContents()).flatMap((text) => [...text.matchAll(/\((\d+)–(\d+)%\)/g)]);
  expect(bounds.length).toBeGreaterThanOrEqual(8);
  for (const [, low, high] of bounds) expect(Number(low) <= Number(high) && Number(high) <= 100, `${low}–${high}%`).toBe(true);
  // four passages find every expected source; one passage finds it first or not at all
  const k4 = stats.getByRole("row", { name: /top-k 4/ });
  await expect(k4.locator('[data-evaluator="hit-rate"]')).toHaveText(/^100% /);
  const k1 = stats.getByRole("row", { name: /top-k 1/ });
  expect((await k1.locator('[data-evaluator="mrr"]').textContent())!.split(" ")[0]).toBe(
    (await k1.locator('[data-evaluator="hit-rate"]').textContent())!.split(" ")[0],
  );
  await stats.scrollIntoViewIfNeeded();
  await snap(page, "evals-kb-3-metrics-with-intervals");

  // the paired comparison on one metric
  await page.getByLabel("Compare on").selectOption({ label: "Context relevance" });
  await page.getByLabel("Compare from").selectOption({ label: "top-k 1" });
  await page.getByLabel("Compare to").selectOption({ label: "top-k 4" });
  await expect(page.getByTestId("paired-verdict")).toContainText("top-k");
  // each result keeps the judge's reason
  await expect(page.getByText(/of the answer's words appear in the passages/).first()).toBeVisible();
  await page.getByTestId("paired-panel").scrollIntoViewIfNeeded();
  await snap(page, "evals-kb-4-paired-on-relevance");
});

test("an item no evaluator can measure is shown as not measured and left out of the pass rate", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("kb-unmeasured"));
  const workspaceId = workspaceIdFrom(page);
  const api = `/api/workspaces/${workspaceId}`;
  const session = asApp(page.request);
  const { credential } = await call<{ credential: { id: string } }>(session, "post", `${api}/credentials`, {
    name: "Local fixture",
    kind: "OPENAI_COMPATIBLE",
    baseUrl: `${fixture.url}/v1`,
  });
  await call(session, "put", `${api}/embedding`, { credentialId: credential.id, model: "text-embedding-3-small" });
  const { store } = await call<{ store: { id: string } }>(session, "post", `${api}/stores`, { name: "Help centre" });
  for (const name of ["shipping.md", "returns.md"]) {
    const uploaded = await session.post(`${api}/stores/${store.id}/documents`, {
      multipart: { file: { name, mimeType: "text/markdown", buffer: Buffer.from(documents[name]!) } },
    });
    expect(uploaded.status()).toBe(201);
  }
  await expect
    .poll(
      async () => {
        const { store: read } = await call<{ store: { documents: { status: string }[] } }>(session, "get", `${api}/stores/${store.id}`);
        return read.documents.map((document) => document.status).join(",");
      },
      { timeout: 30_000 },
    )
    .toBe("READY,READY");
  const { bot } = await call<{ bot: { id: string } }>(session, "post", `${api}/bots`, {
    name: "Help bot",
    graph: kbFlow(store.id, credential.id),
  });
  // the third item names no expected source: hit rate and MRR, the only evaluators, both skip it
  const { dataset } = await call<{ dataset: { id: string } }>(session, "post", `${api}/datasets`, {
    name: "partly sourced",
    rows: [
      { input: questions[0]!.input, expectedSources: [questions[0]!.source] },
      { input: questions[1]!.input, expectedSources: [questions[1]!.source] },
      { input: "How do I descale it?" },
    ],
  });
  const { evalRun } = await call<{ evalRun: { id: string } }>(session, "post", `${api}/eval-runs`, {
    botId: bot.id,
    draft: true,
    datasetId: dataset.id,
    variants: [{ key: "a", label: "top-k 2" }],
    evaluators: [
      { id: "hit-rate", kind: "retrieval_hit_rate" },
      { id: "mrr", kind: "retrieval_mrr" },
    ],
  });
  await page.goto(`/w/${workspaceId}/evals/runs/${evalRun.id}`);
  await expect(page.getByTestId("eval-progress")).toHaveText("3 / 3", { timeout: 60_000 });
  await expect(page.getByText("finished")).toBeVisible();

  // two measured items, both found: 100 %, over 2 items — the unmeasured one is not a third pass
  const row = page.getByRole("table", { name: "Variant statistics" }).getByRole("row", { name: /top-k 2/ });
  await expect(row.getByTestId("unmeasured-items")).toHaveText("+ 1 not measured");
  // one run per item: no "× repeats" made up from the unmeasured item's run
  await expect(row.getByRole("cell").nth(1)).toHaveText(/^2\s*\+ 1 not measured$/);
  await expect(row.getByTestId("pass-rate")).toHaveText(/^100% \(\d+–100%\)$/);
  // Wilson over 2 items starts at 34 %; over 3 it would start at 44 %
  await expect(row.getByTestId("pass-rate")).toHaveText("100% (34–100%)");
  const cells = page.getByTestId("matrix-cell");
  await expect(cells).toHaveCount(3);
  await expect(cells.nth(2)).toHaveAttribute("data-passed", "unmeasured");
  await expect(cells.nth(2)).toContainText("not measured");
  await expect(cells.nth(0)).toHaveAttribute("data-passed", "true");
  // not a failure either
  await page.getByRole("radio", { name: "failures" }).click();
  await expect(cells).toHaveCount(0);
  await page.getByRole("radio", { name: "all" }).click();
  await expect(cells).toHaveCount(3);
  await cells.nth(2).scrollIntoViewIfNeeded();
  await snap(page, "evals-kb-5-not-measured");
});

test("an eval run refused by the budget or a metric the flow cannot have saves the draft as no version", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("kb-refusals"));
  const workspaceId = workspaceIdFrom(page);
  const api = `/api/workspaces/${workspaceId}`;
  const session = asApp(page.request);
  const { credential } = await call<{ credential: { id: string } }>(session, "post", `${api}/credentials`, {
    name: "Local fixture",
    kind: "OPENAI_COMPATIBLE",
    baseUrl: `${fixture.url}/v1`,
  });
  await call(session, "put", `${api}/prices`, {
    provider: "OPENAI_COMPATIBLE",
    model: "kb-model",
    inputPerMillion: 1000,
    outputPerMillion: 1000,
  });
  const { store } = await call<{ store: { id: string } }>(session, "post", `${api}/stores`, { name: "Help centre" });
  const { bot } = await call<{ bot: { id: string } }>(session, "post", `${api}/bots`, {
    name: "Draft bot",
    graph: kbFlow(store.id, credential.id),
  });
  const { dataset } = await call<{ dataset: { id: string } }>(session, "post", `${api}/datasets`, {
    name: "plain",
    rows: [{ input: "Where do orders ship from?", expected: "Rotterdam" }],
  });
  const versions = async () => (await call<{ versions: unknown[] }>(session, "get", `${api}/bots/${bot.id}/versions`)).versions.length;
  const start = (evaluators: unknown[]) =>
    session.post(`${api}/eval-runs`, {
      data: { botId: bot.id, draft: true, datasetId: dataset.id, variants: [{ key: "a", label: "a" }], evaluators },
    });
  const contains = { id: "contains", kind: "contains" };

  // hit rate on a dataset naming no expected sources: a 400 naming the evaluator, and no version saved
  const noSources = await start([contains, { id: "hit", kind: "retrieval_hit_rate" }]);
  expect(noSources.status()).toBe(400);
  expect(((await noSources.json()) as { error: { message: string } }).error.message).toMatch(
    /^evaluators\.1: Retrieval hit rate compares the retrieved documents with each item's expected sources/,
  );
  expect(await versions()).toBe(0);

  // spend something, then a budget below it: the draft run is refused with 402 and saves no version
  const first = await start([contains]);
  expect(first.status(), await first.text()).toBe(201);
  expect(((await first.json()) as { savedVersion: number }).savedVersion).toBe(1);
  await expect
    .poll(
      async () => {
        const { evalRuns } = await call<{ evalRuns: { status: string }[] }>(session, "get", `${api}/eval-runs`);
        return evalRuns[0]?.status;
      },
      { timeout: 30_000 },
    )
    .toBe("SUCCEEDED");
  await call(session, "put", `${api}/budget`, { monthlyBudgetUsd: 0.000001, budgetWarnPercent: 80 });
  // the draft now differs from version 1, so measuring it would save version 2
  const { bot: saved } = await call<{ bot: { draftRevision: number } }>(session, "get", `${api}/bots/${bot.id}`);
  await call(session, "put", `${api}/bots/${bot.id}/draft`, {
    graph: kbFlow(store.id, credential.id, 3),
    baseRevision: saved.draftRevision,
  });
  expect(await versions()).toBe(1);
  const refused = await start([contains]);
  expect(refused.status()).toBe(402);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
    /^This workspace has reached its monthly budget/,
  );
  expect(await versions()).toBe(1);
});

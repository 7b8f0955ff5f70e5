// Evals you can trust: a JSONL dataset of conversations (a broken one refused naming the line and the
// field), two oracle fixture models that differ on some items, 3 repeats each; the eval run page
// shows the spread per cell, mean and pass rate with 95 % intervals, whiskers on the chart and a
// paired verdict between the two variants; the same eval with one variant changed shows the other
// answered from the response cache.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { asApp, newAccount, screenshotDir, signUp, snap, workspaceIdFrom } from "./support";

// oracle-<P>: right on about P % of prompts, nested (see test/fixtures/providers/oracle.ts)
const strong = "oracle-95";
const weak = "oracle-45";
const medium = "oracle-70";
let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ latencyMs: 10, models: [strong, weak, medium] });
});
test.afterAll(async () => fixture.close());

test.use({ viewport: { width: 1440, height: 1000 } });

const jsonl = (lines: unknown[]) => ({
  name: "conversations.jsonl",
  mimeType: "application/x-ndjson",
  buffer: Buffer.from(lines.map((line) => JSON.stringify(line)).join("\n")),
});

// 30 code-word items, most of them conversations whose earlier turns name the word
const items = Array.from({ length: 30 }, (_, index) => {
  const word = `word${index}`;
  const final = { role: "user", content: `Say the code word: ${word}` };
  return {
    messages:
      index % 5 === 4
        ? [final]
        : [{ role: "user", content: `Remember the code word ${word}.` }, { role: "assistant", content: "Noted." }, final],
    expected: word,
  };
});

test("conversations, repeats, intervals and a paired verdict on the eval run page", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, newAccount("statistician"));
  const workspaceId = workspaceIdFrom(page);
  const api = `/api/workspaces/${workspaceId}`;

  // a provider and a published bot whose model also receives the conversation history
  const credential = await asApp(page.request).post(`${api}/credentials`, {
    data: { name: "Local fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` },
  });
  const credentialId = ((await credential.json()) as { credential: { id: string } }).credential.id;
  const position = { x: 0, y: 0 };
  const graph = {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position },
      { id: "model", type: "model", config: { credentialId, model: weak }, position: { x: 300, y: 0 } },
      { id: "output", type: "chat-output", config: {}, position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "model", targetHandle: "prompt" },
      { id: "e2", source: "input", sourceHandle: "history", target: "model", targetHandle: "history" },
      { id: "e3", source: "model", sourceHandle: "text", target: "output", targetHandle: "text" },
    ],
  };
  const created = await asApp(page.request).post(`${api}/bots`, { data: { name: "Code words", graph } });
  const botId = ((await created.json()) as { bot: { id: string } }).bot.id;
  expect((await asApp(page.request).post(`${api}/bots/${botId}/versions`, { data: {} })).status()).toBe(201);

  // import: a conversation that ends with the assistant is refused, naming the line and the field
  await page.getByRole("link", { name: "Evals" }).click();
  await page.getByRole("button", { name: "Import dataset" }).click();
  const upload = page.getByLabel("Dataset file");
  await upload.setInputFiles(
    jsonl([
      items[0],
      {
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: "hello" },
        ],
        expected: "x",
      },
    ]),
  );
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    'Line 2, field "messages": the last message must be from the user: it is the one the bot answers',
  );
  await upload.setInputFiles(jsonl(items));
  await expect(page.getByLabel("Input column")).toHaveValue("messages");
  await expect(page.getByRole("table", { name: "Import preview" })).toContainText("Say the code word: word1");
  await page.getByRole("button", { name: "Import 30 rows" }).click();
  await expect(page.getByRole("heading", { name: "conversations" })).toBeVisible();
  // the dataset shows each conversation's earlier turns above its final user message
  await expect(page.getByTestId("earlier-turns").first()).toContainText("User: Remember the code word word0.");
  await expect(page.getByTestId("earlier-turns").first()).toContainText("Assistant: Noted.");
  await snap(page, "eval-stats-1-dataset-conversations");

  // the API refuses repeats out of range, naming the field
  const datasetId = /datasets\/([^/?]+)/.exec(page.url())![1]!;
  const refused = await asApp(page.request).post(`${api}/eval-runs`, {
    data: { botId, datasetId, variants: [{ key: "a", label: "a" }], evaluators: [], repeats: 11 },
  });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
    "repeats: Repeats must be a whole number from 1 to 10",
  );

  // a new eval run from the form: two variants, exact match, 3 repeats
  await page.goto(`/w/${workspaceId}/evals/runs/new`);
  await page.getByLabel("Bot", { exact: true }).selectOption({ label: "Code words" });
  await page.getByRole("combobox", { name: "Dataset", exact: true }).selectOption({ label: "conversations · v1" });
  await page.getByLabel("Variant 1 name").fill("Weak");
  await page.getByRole("button", { name: "Add variant" }).click();
  await page.getByLabel("Variant 2 name").fill("Strong");
  await page.getByLabel("Variant 2 model model").fill(strong);
  await page.getByLabel("Repeats").fill("3");
  await page.getByRole("button", { name: "Start eval run" }).click();
  await expect(page.getByTestId("eval-progress")).toHaveText("180 / 180", { timeout: 90_000 });
  await expect(page.getByText("finished")).toBeVisible();

  // the table: mean score and pass rate, each with its 95 % interval
  const stats = page.getByRole("table", { name: "Variant statistics" });
  await expect(stats).toContainText("Items × repeats");
  for (const variant of ["Weak", "Strong"]) {
    const row = stats.getByRole("row", { name: new RegExp(variant) });
    await expect(row).toContainText("30 × 3");
    await expect(row.getByTestId("mean-score")).toHaveText(/^\d+(\.\d)?% \(\d+–\d+%\)$/);
    await expect(row.getByTestId("pass-rate")).toHaveText(/^\d+(\.\d)?% \(\d+–\d+%\)$/);
  }
  // the chart: one point per variant, each with its whisker, labels apart
  const chart = page.getByTestId("quality-cost-chart");
  await expect(chart.getByTestId("chart-point")).toHaveCount(2);
  await expect(chart.getByTestId("whisker")).toHaveCount(2);
  const labels = await chart
    .getByTestId("chart-label")
    .evaluateAll((nodes) => nodes.map((node) => (node as SVGGraphicsElement).getBoundingClientRect()));
  const [a, b] = labels as DOMRect[];
  expect(a!.right <= b!.left || b!.right <= a!.left || a!.bottom <= b!.top || b!.bottom <= a!.top).toBe(true);

  // the paired verdict between the two variants (same items): strong is right wherever weak is
  await page.getByLabel("Compare from").selectOption({ label: "Weak" });
  await page.getByLabel("Compare to").selectOption({ label: "Strong" });
  await expect(page.getByTestId("paired-verdict")).toHaveText(
    /^Strong scores higher than Weak by \d+ points \(95 % CI \d+(\.\d)?–\d+\)\.$/,
  );
  await expect(page.getByTestId("paired-panel")).toContainText("Pass/fail (McNemar, exact)");
  // both cost the same (fixture models have no price): the recommendation reads the intervals
  await expect(page.getByTestId("recommendation")).toContainText("Use Strong");
  await snap(page, "eval-stats-2-run");
  // the part worth keeping in the docs: statistics, chart and verdict, as the viewport shows them
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(screenshotDir, "eval-stats-run-top.png") });

  // the matrix shows the spread of each item's repeats and the conversation it was asked in
  const matrix = page.getByRole("table", { name: "Results matrix" });
  await expect(
    matrix
      .getByTestId("matrix-cell")
      .filter({ hasText: /[0-3] \/ 3 passed/ })
      .first(),
  ).toBeVisible();
  await expect(matrix.getByTestId("earlier-turns").first()).toContainText("Remember the code word word0.");
  await page.getByRole("radio", { name: "disagreements" }).click();
  await matrix.scrollIntoViewIfNeeded();
  await snap(page, "eval-stats-3-matrix");

  // the flow got the earlier turns as its history
  const call = fixture.requests.find((request) => JSON.stringify(request.body).includes("Remember the code word word1."));
  expect(call).toBeDefined();

  // the same eval with one variant changed: only that variant goes to the provider (30 items × 3
  // repeats); the unchanged one is answered from the response cache, and the run page says so
  const callsBefore = fixture.stats.byPath["/v1/chat/completions"] ?? 0;
  await page.goto(`/w/${workspaceId}/evals/runs/new`);
  await page.getByLabel("Bot", { exact: true }).selectOption({ label: "Code words" });
  await page.getByRole("combobox", { name: "Dataset", exact: true }).selectOption({ label: "conversations · v1" });
  await page.getByLabel("Variant 1 name").fill("Medium");
  await page.getByLabel("Variant 1 model model").fill(medium);
  await page.getByRole("button", { name: "Add variant" }).click();
  await page.getByLabel("Variant 2 name").fill("Strong");
  await page.getByLabel("Variant 2 model model").fill(strong);
  await page.getByLabel("Repeats").fill("3");
  await page.getByRole("button", { name: "Start eval run" }).click();
  await expect(page.getByTestId("eval-progress")).toHaveText("180 / 180", { timeout: 90_000 });
  await expect(page.getByTestId("cache-savings")).toContainText("90 calls answered from the response cache");
  await expect(page.getByTestId("cache-savings")).toContainText("Strong 90");
  expect((fixture.stats.byPath["/v1/chat/completions"] ?? 0) - callsBefore).toBe(90);
  await page.getByTestId("cache-savings").scrollIntoViewIfNeeded();
  await snap(page, "eval-stats-4-rerun-cache-hits");
});

// The headline: a user imports a dataset (after the importer refuses broken files with clear
// messages), makes it the bot's default, and from the model node runs "Swap model and re-run evals";
// the comparison and the quality-vs-cost chart open when both variants have run against the fixture.
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

const capitals: Record<string, string> = { France: "Paris", Japan: "Tokyo", Italy: "Rome", Peru: "Lima" };
const country = (text: string) => Object.keys(capitals).find((name) => text.includes(name)) ?? "";

// two models the catalog prices differently (free and paid), so the chart has a cost axis to show
const small = "meta-llama/Llama-3.1-8B-Instruct";
const large = "deepseek-chat";
let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({
    latencyMs: 20,
    models: [small, large],
    replies: {
      // the small model answers tersely and gets Peru wrong; the large one wraps every right answer in a sentence
      [small]: (text) => (country(text) === "Peru" ? "Quito" : capitals[country(text)]!),
      [large]: (text) => `The capital of ${country(text)} is ${capitals[country(text)]}.`,
    },
  });
});
test.afterAll(async () => fixture.close());

test.use({ viewport: { width: 1440, height: 1000 } });

const file = (name: string, content: string | Buffer) => ({
  name,
  mimeType: name.endsWith(".csv") ? "text/csv" : "application/x-ndjson",
  buffer: Buffer.isBuffer(content) ? content : Buffer.from(content),
});

test("swap the model on a node, re-run the default dataset for both models and compare", async ({ page }) => {
  test.setTimeout(150_000);
  await signUp(page, newAccount("evaluator"));
  const workspaceId = workspaceIdFrom(page);
  const api = `/api/workspaces/${workspaceId}`;

  // a provider and a bot built through the API (the canvas itself is covered by editor.spec.ts)
  const credential = await asApp(page.request).post(`${api}/credentials`, {
    data: { name: "Local fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` },
  });
  const credentialId = ((await credential.json()) as { credential: { id: string } }).credential.id;
  const position = { x: 0, y: 0 };
  const graph = {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position },
      { id: "prompt", type: "prompt-template", config: { template: "{{input}}" }, position: { x: 260, y: 0 } },
      { id: "model", type: "model", config: { credentialId, model: small }, position: { x: 520, y: 40 } },
      { id: "output", type: "chat-output", config: {}, position: { x: 780, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "prompt", targetHandle: "input" },
      { id: "e2", source: "prompt", sourceHandle: "prompt", target: "model", targetHandle: "prompt" },
      { id: "e3", source: "model", sourceHandle: "text", target: "output", targetHandle: "text" },
    ],
  };
  const created = await asApp(page.request).post(`${api}/bots`, { data: { name: "Geography tutor", graph } });
  expect(created.status()).toBe(201);

  // Evals → Import: broken files are refused with a message that says what is wrong
  await page.getByRole("link", { name: "Evals" }).click();
  await expect(page.getByRole("heading", { name: "Evals" })).toBeVisible();
  await page.getByRole("button", { name: "Import dataset" }).click();
  const upload = page.getByLabel("Dataset file");
  await upload.setInputFiles(file("broken.csv", 'question,answer\n"Capital of France?,Paris\n'));
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/The CSV could not be read on row 1: a quoted value is never closed/);
  await upload.setInputFiles(file("latin1.csv", Buffer.from("question,answer\nCapital of Nouvelle-Cal\xe9donie?,Noum\xe9a\n", "latin1")));
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/The file is not UTF-8 text/);
  await upload.setInputFiles(file("lines.jsonl", '{"question":"Capital of France?"}\n["not", "an object"]\n'));
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/Line 2 is not a JSON object/);
  await upload.setInputFiles(file("blank.csv", "question,answer\n,Paris\n"));
  await expect(page.getByRole("main").getByRole("alert")).toHaveText('Row 1 has no value in the input column "question"');
  await snap(page, "60-evals-import-error");

  // a good CSV: columns are mapped with a preview
  const csv = [
    "question,answer,region",
    ...Object.entries(capitals).map(([name, city]) => `What is the capital of ${name}?,${city},world`),
  ].join("\n");
  await upload.setInputFiles(file("capitals.csv", csv));
  await expect(page.getByLabel("Input column")).toHaveValue("question");
  await expect(page.getByLabel("Expected column")).toHaveValue("answer");
  await expect(page.getByRole("table", { name: "Import preview" })).toContainText("What is the capital of Japan?");
  await snap(page, "61-evals-import-preview");
  await page.getByRole("button", { name: "Import 4 rows" }).click();
  await expect(page.getByRole("heading", { name: "capitals" })).toBeVisible();

  // editing a row saves version 2; then the dataset becomes the bot's default
  await page.getByLabel("Input 4").fill("What is the capital city of Peru?");
  await page.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page.getByLabel("Version")).toHaveValue("2");
  await page.getByLabel("Use for bot").selectOption({ label: "Geography tutor" });
  await expect(page.getByRole("status")).toHaveText("Default dataset of Geography tutor");
  await snap(page, "62-evals-dataset");

  // the headline: on the model node, swap to the large model and re-run evals
  await page.getByRole("link", { name: "Bots" }).click();
  await page.getByRole("link", { name: "Geography tutor" }).click();
  await page.getByTestId("node-model").click();
  await page.getByRole("button", { name: "Swap model and re-run evals" }).click();
  await page.getByLabel("New model").selectOption(large);
  await snap(page, "63-evals-swap-from-node");
  await page.getByRole("button", { name: "Run evals for both" }).click();

  // the eval run page follows progress, then the comparison opens by itself
  await expect(page).toHaveURL(/\/evals\/compare\?before=.*:current&after=.*:candidate/, { timeout: 60_000 });
  await expect(page.getByRole("heading", { name: "Comparison" })).toBeVisible();
  const summary = page.getByLabel("Comparison summary");
  await expect(summary).toContainText("Improved1"); // Peru: wrong before, right (in a sentence) after
  await expect(summary).toContainText("Regressed3"); // exact match lost on the three terse right answers
  await expect(summary).toContainText("75% → 50%");
  await expect(page.getByTestId("quality-cost-chart").getByTestId("chart-point")).toHaveCount(2);
  await expect(page.getByRole("table", { name: "Compared items" })).toContainText("The capital of Peru is Lima.");
  await snap(page, "64-evals-comparison");

  // the eval run itself: statistics, chart, recommendation and the matrix filtered to failures
  await page.getByRole("link", { name: "Eval run" }).click();
  await expect(page.getByTestId("eval-progress")).toHaveText("8 / 8");
  const stats = page.getByRole("table", { name: "Variant statistics" });
  await expect(stats.getByRole("row", { name: /Llama/ })).toContainText("75%");
  await expect(stats.getByRole("row", { name: /deepseek/ })).toContainText("50%");
  await expect(page.getByTestId("recommendation")).toContainText(`Use ${small}`);
  await page.getByRole("radio", { name: "failures" }).click();
  await expect(page.getByRole("table", { name: "Results matrix" }).locator("tbody tr")).toHaveCount(4);
  await page.getByRole("radio", { name: "disagreements" }).click();
  await expect(page.getByRole("table", { name: "Results matrix" }).locator("tbody tr")).toHaveCount(3); // Peru fails for both
  await page.getByRole("radio", { name: "all" }).click();
  await snap(page, "65-evals-run");

  // "Add to dataset" from a run in the editor's Runs tab: one more row, as version 3
  await page.getByRole("link", { name: "Geography tutor" }).click();
  await page.getByRole("tab", { name: "Runs" }).click();
  await page
    .getByLabel("Runs")
    .getByRole("button", { name: /succeeded/ })
    .first()
    .click();
  await page.getByRole("button", { name: "Add to dataset" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added as row" })).toHaveText("Added as row 5 (version 3)");

  // a new eval run from the form: the bot's default dataset is preselected, a second variant changes the model
  await page.goto(`/w/${workspaceId}/evals`);
  await snap(page, "66-evals-home");
  await page.getByRole("link", { name: "New eval run" }).click();
  await expect(page.getByRole("combobox", { name: "Dataset", exact: true })).toHaveValue(/.+/);
  await page.getByLabel("Variant 1 name").fill("Llama");
  await page.getByRole("button", { name: "Add variant" }).click();
  await page.getByLabel("Variant 2 name").fill("DeepSeek");
  await page.getByLabel("Variant 2 model model").fill(large);
  await page.getByLabel("Latency", { exact: true }).check();
  await snap(page, "67-evals-new-run");
  await page.getByRole("button", { name: "Start eval run" }).click();
  await expect(page.getByRole("heading", { name: "Eval run" })).toBeVisible();
  await expect(page.getByTestId("eval-progress")).toHaveText("10 / 10", { timeout: 30_000 });
  await expect(page.getByText("finished")).toBeVisible();
});

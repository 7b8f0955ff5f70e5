// Eval runs without hidden prerequisites, and what they cost before and after: "Swap model and re-run
// evals" on a bot with no default dataset picks one inline; "Use … in the draft" applies the winner as
// an undoable edit; the new-eval-run form measures the draft (and says it saves it), shows the estimate,
// refuses a grid over 48 and evaluators needing expected values with the reason, sweeps a grid; and a
// re-run shows the calls answered from the response cache.
import { expect, test, type Page } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { chatGraph } from "./publish-support";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ latencyMs: 20, replies: { "fixture-small": "Paris", "fixture-large": "Paris" } });
});
test.afterAll(async () => fixture.close());

test.use({ viewport: { width: 1440, height: 1000 } });

const draftModel = async (page: Page, api: string, botId: string) =>
  (
    (await (await asApp(page.request).get(`${api}/bots/${botId}`)).json()) as {
      bot: { draftGraph: { nodes: { id: string; config: { model?: string } }[] } };
    }
  ).bot.draftGraph.nodes.find((node) => node.id === "llm")!.config.model;

test("swap with an inline dataset, apply the winner, estimate and sweep from the form, see cache hits", async ({ page }) => {
  test.setTimeout(150_000);
  await signUp(page, newAccount("sweeper"));
  const workspaceId = workspaceIdFrom(page);
  const api = `/api/workspaces/${workspaceId}`;
  const credential = await asApp(page.request).post(`${api}/credentials`, {
    data: { name: "Local fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` },
  });
  const credentialId = ((await credential.json()) as { credential: { id: string } }).credential.id;
  const created = await asApp(page.request).post(`${api}/bots`, {
    data: { name: "Capitals", graph: chatGraph(credentialId, "fixture-small") },
  });
  const botId = ((await created.json()) as { bot: { id: string } }).bot.id;
  const rows = ["France", "the French Republic", "France (again)", "Paris's country"].map((name) => ({
    input: `Capital of ${name}?`,
    expected: "Paris",
  }));
  expect((await asApp(page.request).post(`${api}/datasets`, { data: { name: "capitals", rows } })).status()).toBe(201);
  const noAnswers = rows.map(({ input }) => ({ input }));
  expect((await asApp(page.request).post(`${api}/datasets`, { data: { name: "questions only", rows: noAnswers } })).status()).toBe(201);

  // the bot has no default dataset: the swap dialog offers one right there
  await page.goto(`/w/${workspaceId}/bots/${botId}`);
  await page.getByTestId("node-llm").click();
  await page.getByRole("button", { name: "Swap model and re-run evals" }).click();
  const dialog = page.getByRole("dialog", { name: "Swap model and re-run evals" });
  await expect(dialog).toContainText("This bot has no default dataset yet");
  await dialog.getByLabel("Dataset").selectOption({ label: "capitals" });
  await dialog.getByLabel("New model").selectOption("fixture-large");
  await snap(page, "evals-runs-01-swap-dataset-picker");
  await dialog.getByRole("button", { name: "Run evals for both" }).click();
  await expect(page).toHaveURL(/\/evals\/compare\?/, { timeout: 60_000 });

  // "Use fixture-large in the draft": applied in the editor as one edit, undone with Ctrl+Z
  await snap(page, "evals-runs-02-comparison");
  await page.getByRole("link", { name: "Use fixture-large in the draft" }).click();
  await expect(page.getByText("Applied “fixture-large” to the draft")).toBeVisible();
  await expect.poll(() => draftModel(page, api, botId), { timeout: 10_000 }).toBe("fixture-large");
  await snap(page, "evals-runs-03-applied");
  await page.locator(".react-flow__pane").click();
  await page.keyboard.press("Control+z");
  await expect.poll(() => draftModel(page, api, botId), { timeout: 10_000 }).toBe("fixture-small");
  await page.keyboard.press("Control+Shift+z");
  await expect.poll(() => draftModel(page, api, botId), { timeout: 10_000 }).toBe("fixture-large");

  // the form measures the draft, says it saves it, and estimates the run
  await page.goto(`/w/${workspaceId}/evals/runs/new`);
  await page.getByLabel("Bot version").selectOption("draft");
  await expect(page.getByTestId("draft-note")).toHaveText("The draft differs from v1: starting saves it as v2.");
  await expect(page.getByTestId("estimate")).toContainText("Estimated 4 runs making 4 model calls");

  // evaluators that need expected values, on a dataset without any: the reason, and no Start
  await page.getByRole("combobox", { name: "Dataset", exact: true }).selectOption({ label: "questions only · v1" });
  await expect(page.getByTestId("estimate-error")).toContainText(
    "compares with the expected value, and no item of this dataset version has one",
  );
  await expect(page.getByRole("button", { name: "Start eval run" })).toBeDisabled();
  await snap(page, "evals-runs-04-needs-expected");
  await page.getByRole("combobox", { name: "Dataset", exact: true }).selectOption({ label: "capitals · v1" });

  // a sweep: two models × two temperatures; a grid over 48 is refused with the reason
  await page.getByRole("button", { name: "Sweep a grid" }).click();
  await page.getByRole("button", { name: "Add model" }).click();
  await page.getByLabel("Grid model 2", { exact: true }).fill("fixture-small");
  for (const model of ["m3", "m4", "m5"]) {
    await page.getByRole("button", { name: "Add model" }).click();
    await page.getByLabel(`Grid model ${model.slice(1)}`, { exact: true }).fill(model);
  }
  await page.getByLabel("Grid temperatures").fill(Array.from({ length: 10 }, (_, index) => index / 10).join(", "));
  await expect(page.getByTestId("estimate-error")).toContainText("The grid makes 50 variants; at most 48");
  await expect(page.getByRole("button", { name: "Start eval run" })).toBeDisabled();
  await snap(page, "evals-runs-05-grid-too-large");
  for (const index of [5, 4, 3]) await page.getByRole("button", { name: `Remove grid model ${index}` }).click();
  await page.getByLabel("Grid temperatures").fill("0, 0.7");
  await expect(page.getByTestId("estimate")).toContainText("Estimated 16 runs making 16 model calls");
  await snap(page, "evals-runs-06-grid-estimate");
  await page.getByRole("button", { name: "Start eval run" }).click();
  await expect(page.getByTestId("eval-progress")).toHaveText("16 / 16", { timeout: 60_000 });
  await expect(page.getByRole("table", { name: "Variant statistics" })).toContainText("fixture-small · t=0.7");
  expect((await (await asApp(page.request).get(`${api}/bots/${botId}/versions`)).json()).versions).toHaveLength(2);

  // the same sweep again: the estimate expects the cache to answer everything, and the run shows it
  await page.goto(`/w/${workspaceId}/evals/runs/new`);
  await page.getByRole("button", { name: "Sweep a grid" }).click();
  await page.getByRole("button", { name: "Add model" }).click();
  await page.getByLabel("Grid model 2", { exact: true }).fill("fixture-small");
  await expect(page.getByTestId("estimate")).toContainText("16 of them answered from the cache (0 paid)");
  await snap(page, "evals-runs-07-estimate-cached");
  const calls = fixture.stats.byPath["/v1/chat/completions"] ?? 0;
  await page.getByRole("button", { name: "Start eval run" }).click();
  await expect(page.getByTestId("eval-progress")).toHaveText("16 / 16", { timeout: 60_000 });
  await expect(page.getByTestId("cache-savings")).toContainText("16 calls answered from the response cache");
  expect(fixture.stats.byPath["/v1/chat/completions"] ?? 0).toBe(calls);
  await snap(page, "evals-runs-08-cache-hits");

  // require the default dataset to pass before publishing: set on the dataset page, applied by Publish
  await page.goto(`/w/${workspaceId}/evals`);
  await page.getByRole("link", { name: "capitals" }).first().click();
  const requireToPublish = page.getByLabel("Require it to pass before publishing Capitals");
  await requireToPublish.click();
  await expect(requireToPublish).toBeChecked();
  await expect
    .poll(
      async () =>
        ((await (await asApp(page.request).get(`${api}/bots/${botId}`)).json()) as { bot: { requireEvalsToPublish: boolean } }).bot
          .requireEvalsToPublish,
    )
    .toBe(true);
  await snap(page, "evals-runs-09-publish-gate");
  // the sweep saved the draft as v2, and publishing an unchanged draft publishes nothing: move a node first,
  // so the draft is a new flow (answering the same) that the gate measures
  const { bot } = (await (await asApp(page.request).get(`${api}/bots/${botId}`)).json()) as {
    bot: { draftRevision: number; draftGraph: { nodes: { position: { x: number; y: number } }[] } };
  };
  bot.draftGraph.nodes[0]!.position = { x: -40, y: 40 };
  const moved = await asApp(page.request).put(`${api}/bots/${botId}/draft`, {
    data: { graph: bot.draftGraph, baseRevision: bot.draftRevision },
  });
  expect(moved.ok(), await moved.text()).toBe(true);
  const published = await asApp(page.request).post(`${api}/bots/${botId}/versions`, { data: {} });
  expect(published.status(), await published.text()).toBe(201);
  expect(await published.json()).toMatchObject({ version: { number: 3, reused: false }, gate: { passed: true } });
});

test("an empty form says why; bad grids and evaluators that need expected values are a 400 naming the field, and nothing is created", async ({
  page,
}) => {
  await signUp(page, newAccount("grids"));
  const workspaceId = workspaceIdFrom(page);
  const api = `/api/workspaces/${workspaceId}`;
  // an empty selector always says why and where to fix it
  await page.goto(`/w/${workspaceId}/evals/runs/new`);
  await expect(page.getByTestId("no-bots")).toHaveText("No bots in this workspace yet: create one to measure it.");
  await expect(page.getByText("No datasets yet: import one (CSV or JSONL).")).toBeVisible();
  await expect(page.getByRole("button", { name: "Start eval run" })).toBeDisabled();
  await snap(page, "evals-runs-10-empty-form");
  const credential = await asApp(page.request).post(`${api}/credentials`, {
    data: { name: "Local fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` },
  });
  const credentialId = ((await credential.json()) as { credential: { id: string } }).credential.id;
  const created = await asApp(page.request).post(`${api}/bots`, {
    data: { name: "Grid", graph: chatGraph(credentialId, "fixture-small") },
  });
  const botId = ((await created.json()) as { bot: { id: string } }).bot.id;
  const dataset = await asApp(page.request).post(`${api}/datasets`, { data: { name: "plain", rows: [{ input: "Hi" }] } });
  const datasetId = ((await dataset.json()) as { dataset: { id: string } }).dataset.id;
  const start = (body: object) =>
    asApp(page.request).post(`${api}/eval-runs`, { data: { botId, datasetId, draft: true, evaluators: [], ...body } });
  const refused = async (body: object, path: string, message: RegExp) => {
    const response = await start(body);
    expect(response.status(), await response.text()).toBe(400);
    const { error } = (await response.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error.issues.map((issue) => issue.message).join(" ")).toMatch(message);
  };
  const models = (count: number) => Array.from({ length: count }, (_, index) => ({ credentialId, model: `m${index}` }));
  await refused({ grid: { nodeId: "llm", temperatures: [] } }, "grid.temperatures", /at least one temperature/);
  await refused(
    { grid: { nodeId: "llm", models: models(7), temperatures: [0, 0.2, 0.4, 0.6, 0.8, 1, 1.2] } },
    "grid",
    /makes 49 variants; at most 48/,
  );
  await refused({ grid: { nodeId: "in", temperatures: [0] } }, "grid.nodeId", /no model node "in"/);
  await refused(
    { grid: { nodeId: "llm", prompts: { nodeId: "llm", field: "colour", values: ["x"] } } },
    "grid.prompts.field",
    /not a text field/,
  );
  await refused(
    { variants: [{ key: "a", label: "a", overrides: {} }], evaluators: [{ id: "exact", kind: "exact_match" }] },
    "evaluators.0",
    /compares with the expected value/,
  );
  // nothing half-created: no eval run, and the draft was not saved as a version
  expect(((await (await asApp(page.request).get(`${api}/eval-runs`)).json()) as { evalRuns: unknown[] }).evalRuns).toHaveLength(0);
  expect(
    ((await (await asApp(page.request).get(`${api}/bots/${botId}/versions`)).json()) as { versions: unknown[] }).versions,
  ).toHaveLength(0);
  // the same body with a fitting grid starts, saying it saved the draft
  const ok = await start({ grid: { nodeId: "llm", models: models(2), temperatures: [0, 1] } });
  expect(ok.status(), await ok.text()).toBe(201);
  expect(await ok.json()).toMatchObject({ evalRun: { total: 4, variants: 4 }, savedVersion: 1 });
});

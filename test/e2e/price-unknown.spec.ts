// A model nobody has priced costs an unknown amount, not $0: the node's badge and Usage say so and
// link to where the price is set; Usage names providers as people do.
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { chatGraph, deploy } from "./publish-support";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({});
});
test.afterAll(async () => fixture.close());

test("a run on a model without a price shows 'price unknown' on the node and in Usage, linking to the prices", async ({ page }) => {
  await signUp(page, newAccount("pricer"));
  const workspaceId = workspaceIdFrom(page);
  const base = `/api/workspaces/${workspaceId}`;
  const created = await asApp(page.request).post(`${base}/credentials`, {
    data: { name: "Fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` },
  });
  const { credential } = (await created.json()) as { credential: { id: string } };
  const response = await asApp(page.request).post(`${base}/bots`, {
    data: { name: "Unpriced", graph: chatGraph(credential.id, "fixture-small") },
  });
  const { bot } = (await response.json()) as { bot: { id: string } };

  await page.goto(`/w/${workspaceId}/bots/${bot.id}`);
  await page.getByLabel("Message").fill("How much does this cost?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("node-llm")).toHaveAttribute("data-status", "SUCCEEDED");
  const badge = page.getByTestId("badge-llm");
  await expect(badge.getByRole("link", { name: "price unknown" })).toHaveAttribute("href", `/w/${workspaceId}/usage#prices`);
  await expect(badge).not.toContainText("$0");
  await snap(page, "price-unknown-badge");

  await badge.getByRole("link", { name: "price unknown" }).click();
  await expect(page).toHaveURL(/\/usage#prices$/);
  const row = page.getByRole("row").filter({ hasText: "fixture-small" }).first();
  await expect(row).toContainText("OpenAI-compatible");
  await expect(row.getByRole("link", { name: "price unknown" })).toHaveAttribute("href", `/w/${workspaceId}/usage#prices`);
  await expect(page.locator("#prices")).toContainText("fixture-small");
  await snap(page, "price-unknown-usage");

  // an eval run of the bot: the variant on the unpriced model has an unknown cost, the priced one a cost
  expect((await asApp(page.request).post(`${base}/bots/${bot.id}/versions`, { data: {} })).status()).toBe(201);
  const dataset = await asApp(page.request).post(`${base}/datasets`, {
    data: { name: "One question", rows: [{ input: "Hi", expected: "Hi" }] },
  });
  const { dataset: datasetRow } = (await dataset.json()) as { dataset: { id: string } };
  const started = await asApp(page.request).post(`${base}/eval-runs`, {
    data: {
      botId: bot.id,
      datasetId: datasetRow.id,
      variants: [
        { key: "local", label: "fixture-small", overrides: {} },
        { key: "listed", label: "deepseek-chat", overrides: { llm: { model: "deepseek-chat" } } },
      ],
      evaluators: [{ id: "contains", kind: "contains", value: "Hi" }],
    },
  });
  expect(started.status(), await started.text()).toBe(201);
  const { evalRun } = (await started.json()) as { evalRun: { id: string } };
  await page.goto(`/w/${workspaceId}/evals/runs/${evalRun.id}`);
  const table = page.getByRole("table", { name: "Variant statistics" });
  await expect(table.getByRole("row").filter({ hasText: "fixture-small" }).getByRole("link", { name: "price unknown" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(table.getByRole("row").filter({ hasText: "deepseek-chat" })).toContainText("$");
  await expect(table.getByRole("row").filter({ hasText: "deepseek-chat" }).getByRole("link", { name: "price unknown" })).toHaveCount(0);
  await snap(page, "price-unknown-eval");
});

test("the test chat's run summary and Usage's by-bot and by-deployment rows say 'price unknown', never $0", async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await signUp(page, newAccount("rowpricer"));
  const workspaceId = workspaceIdFrom(page);
  const base = `/api/workspaces/${workspaceId}`;
  const prices = `/w/${workspaceId}/usage#prices`;
  const created = await asApp(page.request).post(`${base}/credentials`, {
    data: { name: "Fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` },
  });
  const { credential } = (await created.json()) as { credential: { id: string } };
  const response = await asApp(page.request).post(`${base}/bots`, {
    data: { name: "Unpriced rows", graph: chatGraph(credential.id, "fixture-small") },
  });
  const { bot } = (await response.json()) as { bot: { id: string } };

  // the test chat: the summary under the reply names no price it does not know
  await page.goto(`/w/${workspaceId}/bots/${bot.id}`);
  await page.getByLabel("Message").fill("What will this cost?");
  await page.getByRole("button", { name: "Send" }).click();
  const summary = page.getByLabel("Run summary");
  await expect(summary).toContainText("tokens");
  await expect(summary.getByRole("link", { name: "price unknown" })).toHaveAttribute("href", prices);
  await expect(summary).not.toContainText("$0");
  await snap(page, "price-unknown-run-summary");

  // a deployment of it, asked once by a visitor
  expect((await asApp(page.request).post(`${base}/bots/${bot.id}/versions`, { data: {} })).status()).toBe(201);
  const deployment = await deploy(asApp(page.request), workspaceId, {
    botId: bot.id,
    slug: "unpriced-rows",
    allowedOrigins: ["https://shop.example.com"],
  });
  const visitor = await playwright.request.newContext({ baseURL });
  const asked = await visitor.post(`/api/public/chat?bot=${deployment.publicId}`, {
    data: { message: "And from the public?" },
    headers: { origin: "https://shop.example.com" },
  });
  expect(asked.status(), await asked.text()).toBe(200);
  await asked.body();
  await visitor.dispose();

  await page.goto(`/w/${workspaceId}/usage`);
  const byBot = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Bot", exact: true }) });
  const botRow = byBot.getByRole("row").filter({ hasText: "Unpriced rows" });
  await expect(botRow.getByRole("link", { name: "price unknown" })).toHaveAttribute("href", prices);
  await expect(botRow).not.toContainText("$0");
  const byDeployment = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Deployment", exact: true }) });
  for (const name of ["unpriced-rows", "Editor and API (no deployment)"]) {
    const row = byDeployment.getByRole("row").filter({ hasText: name });
    await expect(row.getByRole("link", { name: "price unknown" })).toHaveAttribute("href", prices);
    await expect(row).not.toContainText("$0");
  }
  await byDeployment.scrollIntoViewIfNeeded();
  await snap(page, "price-unknown-usage-rows");
});

test("a local model of unknown price is marked free from Usage in one click, or its price is set from a filled-in form", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signUp(page, newAccount("freelocal"));
  const workspaceId = workspaceIdFrom(page);
  const app = asApp(page.request);
  const base = `/api/workspaces/${workspaceId}`;
  const created = await app.post(`${base}/credentials`, {
    data: { name: "Local", kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` },
  });
  const { credential } = (await created.json()) as { credential: { id: string } };
  const response = await app.post(`${base}/bots`, { data: { name: "Local bot", graph: chatGraph(credential.id, "fixture-small") } });
  const { bot } = (await response.json()) as { bot: { id: string } };
  const run = await app.post(`${base}/bots/${bot.id}/runs`, { data: { message: "Is this free?" } });
  expect(run.status(), await run.text()).toBe(200);

  await page.goto(`/w/${workspaceId}/usage`);
  const traffic = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Traffic share" }) });
  const modelRow = traffic.getByRole("row").filter({ hasText: "fixture-small" });
  await expect(modelRow.getByRole("link", { name: "price unknown" })).toBeVisible();
  // the prices card says the same and offers both shortcuts for the model
  const prices = page.locator("#prices");
  const priceRow = prices.getByRole("row").filter({ hasText: "fixture-small" });
  await expect(priceRow).toContainText("price unknown");
  await priceRow.getByRole("button", { name: "Set a price for fixture-small" }).click();
  await expect(prices.getByLabel("Provider")).toHaveValue("OPENAI_COMPATIBLE");
  await expect(prices.getByLabel("Model")).toHaveValue("fixture-small");
  await expect(prices.getByLabel("Input $/M")).toBeFocused();
  await prices.scrollIntoViewIfNeeded();
  await snap(page, "price-unknown-set-price-filled");

  await modelRow.scrollIntoViewIfNeeded();
  await snap(page, "price-unknown-mark-free-before");
  await modelRow.getByRole("button", { name: "Mark fixture-small as free" }).click();
  await expect(modelRow.getByRole("link", { name: "price unknown" })).toHaveCount(0);
  await expect(modelRow).toContainText("$0.00");
  await expect(modelRow.getByRole("button", { name: "Mark fixture-small as free" })).toHaveCount(0);
  await expect(priceRow).toContainText("$0 / $0");
  await expect(priceRow).not.toContainText("price unknown");
  const { prices: saved } = (await (await app.get(`${base}/prices`)).json()) as {
    prices: { provider: string; model: string; inputPerMillion: number; outputPerMillion: number }[];
  };
  expect(saved).toEqual([
    expect.objectContaining({ provider: "OPENAI_COMPATIBLE", model: "fixture-small", inputPerMillion: 0, outputPerMillion: 0 }),
  ]);
  await modelRow.scrollIntoViewIfNeeded();
  await snap(page, "price-unknown-marked-free");
});

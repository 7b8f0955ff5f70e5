// A model nobody has priced costs an unknown amount, not $0: the node's badge and Usage say so and
// link to where the price is set; Usage names providers as people do.
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { chatGraph } from "./publish-support";
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

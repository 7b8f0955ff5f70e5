// A team runs two bots on a cheap and a frontier model, then reads where the tokens and the money
// went on the Usage page: filters, charts, traffic share, CSV export, a workspace price, and a budget
// that stops new runs with a clear 402.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { asApp, fromApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({
    latencyMs: 40,
    replies: {
      "gpt-4o-mini": "Sure, here is a short answer for you.",
      "claude-sonnet-4-5": "Here is a longer and more careful answer, weighing the options one by one before concluding.",
    },
  });
});
test.afterAll(async () => fixture.close());

test.use({ viewport: { width: 1440, height: 1000 } });

const chatGraph = (credentialId: string, model: string) => ({
  nodes: [
    { id: "in", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
    { id: "prompt", type: "prompt-template", config: { template: "Reply to: {{input}}" }, position: { x: 250, y: 0 } },
    { id: "llm", type: "model", config: { credentialId, model, maxRetries: 0 }, position: { x: 500, y: 0 } },
    { id: "out", type: "chat-output", config: {}, position: { x: 750, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "in", sourceHandle: "message", target: "prompt", targetHandle: "input" },
    { id: "e2", source: "prompt", sourceHandle: "prompt", target: "llm", targetHandle: "prompt" },
    { id: "e3", source: "llm", sourceHandle: "text", target: "out", targetHandle: "text" },
  ],
});

async function createBot(
  request: APIRequestContext,
  base: string,
  name: string,
  credential: { kind: string; baseUrl: string },
  model: string,
) {
  const saved = await request.post(`${base}/credentials`, { data: { name: `${name} provider`, ...credential, apiKey: "sk-fixture" } });
  const { credential: stored } = (await saved.json()) as { credential: { id: string } };
  const created = await request.post(`${base}/bots`, { data: { name, graph: chatGraph(stored.id, model) } });
  return ((await created.json()) as { bot: { id: string } }).bot.id;
}

test("the usage page shows where tokens and money go, and a budget stops new runs", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("finance"));
  const workspaceId = workspaceIdFrom(page);
  const base = `/api/workspaces/${workspaceId}`;
  const request = asApp(page.request);
  const helpdesk = await createBot(request, base, "Helpdesk", { kind: "OPENAI", baseUrl: `${fixture.url}/v1` }, "gpt-4o-mini");
  const analyst = await createBot(
    request,
    base,
    "Analyst",
    { kind: "ANTHROPIC", baseUrl: `${fixture.url}/anthropic` },
    "claude-sonnet-4-5",
  );

  const questions = ["Where is my order?", "How do I reset my password?", "Can I change my plan?", "Do you ship abroad?"];
  for (const [index, message] of [...questions, ...questions].entries()) {
    const response = await request.post(`${base}/bots/${helpdesk}/runs`, { data: { message } });
    expect(response.status(), `run ${index}`).toBe(200);
  }
  for (const message of questions.slice(0, 3))
    expect((await request.post(`${base}/bots/${analyst}/runs`, { data: { message } })).status()).toBe(200);
  fixture.setBehavior({ failures: { mode: "500" } });
  expect(await (await request.post(`${base}/bots/${helpdesk}/runs`, { data: { message: "fails" } })).json()).toMatchObject({
    status: "FAILED",
  });
  fixture.setBehavior(null);

  await page.getByRole("link", { name: "Usage" }).click();
  await expect(page.getByRole("heading", { name: "Usage", exact: true })).toBeVisible();
  await expect(page.getByText("Requests").first()).toBeVisible();
  const kpi = (label: string) => page.locator("div.rounded-xl", { has: page.getByText(label, { exact: true }) }).first();
  await expect(kpi("Requests")).toContainText("12");
  await expect(kpi("Error rate")).toContainText("8.3%");
  await expect(page.getByTestId("cost-comparison")).toContainText("claude-sonnet-4-5");
  const modelTable = page.locator("table", { has: page.getByText("Traffic share") });
  await expect(modelTable).toContainText("gpt-4o-mini");
  await expect(modelTable).toContainText("75.0%");
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute(
    "href",
    new RegExp(`/api/workspaces/${workspaceId}/usage/export\\?from=`),
  );
  await snap(page, "60-usage-dashboard");

  // filters narrow the figures and live in the URL
  await page.getByLabel("Bot").selectOption({ label: "Analyst" });
  await expect(page).toHaveURL(/botId=/);
  await expect(kpi("Requests")).toContainText("3");
  await expect(modelTable).not.toContainText("gpt-4o-mini");

  // the CSV export carries the same figures
  const csv = await request.get(`${base}/usage/export`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe(
    "day,bot,bot_id,deployment,provider,model,requests,errors,tokens_in,tokens_out,cost_usd,latency_p50_ms,latency_p95_ms",
  );
  expect(lines.slice(1).map((line) => line.split(",").slice(4, 8))).toEqual(
    expect.arrayContaining([
      ["ANTHROPIC", "claude-sonnet-4-5", "3", "0"],
      ["OPENAI", "gpt-4o-mini", "9", "1"],
    ]),
  );
  expect((await request.get(`${base}/usage?from=2026-13-01`)).status()).toBe(400);

  // a local-rate price for a model: saved, listed, and used from now on
  await page.getByLabel("Provider", { exact: true }).last().selectOption("OPENAI");
  await page.getByLabel("Model", { exact: true }).last().fill("gpt-4o-mini");
  await page.getByLabel("Input $/M").fill("0.05");
  await page.getByLabel("Output $/M").fill("0.1");
  await page.getByRole("button", { name: "Save price" }).click();
  await expect(page.getByRole("button", { name: "Use the list price for gpt-4o-mini" })).toBeVisible();

  // a workspace budget below what was spent: warned in the page, and new runs are refused with 402
  const budget = page.getByTestId("budget-workspace");
  await budget.getByRole("button", { name: "Set budget" }).click();
  await budget.getByLabel("Monthly budget (USD, empty for none)").fill("0.0001");
  await budget.getByRole("button", { name: "Save" }).click();
  await expect(budget.getByText("Budget reached")).toBeVisible();
  const refused = await request.post(`${base}/bots/${helpdesk}/runs`, { data: { message: "one more" } });
  expect(refused.status()).toBe(402);
  expect(await refused.json()).toMatchObject({
    error: {
      code: "BUDGET_EXCEEDED",
      message: expect.stringMatching(/^This workspace has reached its monthly budget of \$0\.0001 \(\$0\.00\d+ spent\)/),
    },
  });
  await page.getByLabel("Bot").selectOption({ label: "All bots" });
  await expect(page).not.toHaveURL(/botId=/);
  await expect(kpi("Requests")).toContainText("12");
  await page.mouse.move(0, 0); // no chart tooltip in the screenshot
  await snap(page, "61-usage-budgets-prices");

  // raising it lets runs start again
  await budget.getByRole("button", { name: "Edit" }).click();
  await budget.getByLabel("Monthly budget (USD, empty for none)").fill("500");
  await budget.getByRole("button", { name: "Save" }).click();
  await expect(budget.getByText("Budget reached")).toHaveCount(0);
  expect((await request.post(`${base}/bots/${helpdesk}/runs`, { data: { message: "one more" } })).status()).toBe(200);
});

test("a workspace on a free local model sees a $0 cost axis, not an invented scale", async ({ page }) => {
  await signUp(page, newAccount("local"));
  const workspaceId = workspaceIdFrom(page);
  const base = `/api/workspaces/${workspaceId}`;
  // Ollama models are listed at $0 per million tokens, so every call costs nothing
  const local = await createBot(
    asApp(page.request),
    base,
    "Local helper",
    { kind: "OLLAMA", baseUrl: `${fixture.url}/ollama` },
    "llama3.1:8b",
  );
  for (const message of ["Hello", "What can you do?"])
    expect((await asApp(page.request).post(`${base}/bots/${local}/runs`, { data: { message } })).status()).toBe(200);

  await page.getByRole("link", { name: "Usage" }).click();
  const costChart = page.locator("div.rounded-xl", { has: page.getByText("Cost and requests per day", { exact: true }) });
  await expect(costChart.getByRole("application")).toBeVisible();
  // the cost axis (the first y axis) has one tick, $0: no $1.00 … $4.00 scale without a cent spent
  await expect(costChart.locator(".recharts-yAxis-tick-labels").first().locator(".recharts-cartesian-axis-tick-value")).toHaveText(["$0"]);
  await page.mouse.move(0, 0);
  await snap(page, "62-usage-zero-cost");
});

test("usage and budgets of another workspace are not found", async ({ page, playwright, baseURL }) => {
  await signUp(page, newAccount("owner"));
  const workspaceId = workspaceIdFrom(page);
  const stranger = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const account = newAccount("stranger");
  expect((await stranger.post("/api/signup", { data: account })).status()).toBe(201);
  const csrf = (await (await stranger.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await stranger.post("/api/auth/callback/credentials", {
    form: { email: account.email, password: account.password, csrfToken: csrf.csrfToken, json: "true" },
  });
  const base = `/api/workspaces/${workspaceId}`;
  expect((await stranger.get(`${base}/usage`)).status()).toBe(404);
  expect((await stranger.get(`${base}/usage/export`)).status()).toBe(404);
  expect((await stranger.put(`${base}/budget`, { data: { monthlyBudgetUsd: 1, budgetWarnPercent: 80 } })).status()).toBe(404);
  expect(
    (await stranger.put(`${base}/prices`, { data: { provider: "OLLAMA", model: "x", inputPerMillion: 0, outputPerMillion: 0 } })).status(),
  ).toBe(404);
  // and bad input to one's own is a clear 400 / unknown deployment a 404
  const own = asApp(page.request);
  const negative = await own.put(`${base}/budget`, { data: { monthlyBudgetUsd: -5, budgetWarnPercent: 80 } });
  expect(negative.status()).toBe(400);
  expect(((await negative.json()) as { error: { message: string } }).error.message).toContain("A budget must be more than $0");
  expect((await own.put(`${base}/deployments/nope/budget`, { data: { monthlyBudgetUsd: 5, budgetWarnPercent: 80 } })).status()).toBe(404);
  expect((await own.delete(`${base}/prices`, { data: { provider: "OLLAMA", model: "never-set" } })).status()).toBe(404);
});

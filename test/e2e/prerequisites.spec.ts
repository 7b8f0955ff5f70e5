// A bot that cannot run cannot be published, nothing it needs disappears without warning, and a
// provider is tested before it is trusted.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { chatGraph } from "./publish-support";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({});
});
test.afterAll(async () => fixture.close());

async function post<T>(request: APIRequestContext, path: string, data: unknown): Promise<T> {
  const response = await asApp(request).post(path, { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as T;
}

const provider = (request: APIRequestContext, workspaceId: string, name: string) =>
  post<{ credential: { id: string } }>(request, `/api/workspaces/${workspaceId}/credentials`, {
    name,
    kind: "OPENAI_COMPATIBLE",
    baseUrl: `${fixture.url}/v1`,
  }).then(({ credential }) => credential.id);

const bot = (request: APIRequestContext, workspaceId: string, name: string, graph: unknown) =>
  post<{ bot: { id: string } }>(request, `/api/workspaces/${workspaceId}/bots`, { name, graph }).then((body) => body.bot.id);

const missingProvider = "#llm Model: Provider: this provider does not exist in this workspace";

test("a flow imported from another workspace names its missing provider, and publishing it is refused", async ({ page }) => {
  await signUp(page, newAccount("importer"));
  const home = workspaceIdFrom(page);
  // the flow is built in another workspace, with that workspace's provider, and exported
  const { workspace: other } = await post<{ workspace: { id: string } }>(page.request, "/api/workspaces", { name: "Elsewhere" });
  const graph = chatGraph(await provider(page.request, other.id, "Their provider"), "fixture-small");
  const file = JSON.stringify({ format: "switchyard.flow", version: 1, name: "Imported", graph });

  const botId = await bot(page.request, home, "Imported helper", { nodes: [], edges: [] });
  await page.goto(`/w/${home}/bots/${botId}`);
  await page
    .getByLabel("Import flow file")
    .setInputFiles({ name: "imported.switchyard.json", mimeType: "application/json", buffer: Buffer.from(file) });
  await expect(page.getByRole("button", { name: "1 problem" })).toBeVisible();
  await page.getByRole("button", { name: "1 problem" }).click();
  await expect(page.getByRole("list", { name: "Problems" })).toContainText(missingProvider);
  await expect(page.getByRole("button", { name: "Publish version" })).toBeDisabled();
  await snap(page, "prerequisites-imported-flow");

  // the server refuses it too, whoever asks
  await expect(page.getByLabel("Save status")).toHaveText("All changes saved");
  const refused = await asApp(page.request).post(`/api/workspaces/${home}/bots/${botId}/versions`, { data: {} });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
    `Fix the flow before publishing: ${missingProvider}`,
  );
});

test("a deployment cannot be switched to a version whose provider was removed", async ({ page }) => {
  await signUp(page, newAccount("switcher"));
  const workspaceId = workspaceIdFrom(page);
  const base = `/api/workspaces/${workspaceId}`;
  const first = await provider(page.request, workspaceId, "First");
  const second = await provider(page.request, workspaceId, "Second");
  const botId = await bot(page.request, workspaceId, "Switchy", chatGraph(first, "fixture-small"));
  await post(page.request, `${base}/bots/${botId}/versions`, {});
  const { deployment } = await post<{ deployment: { id: string } }>(page.request, `${base}/deployments`, {
    botId,
    version: 1,
    slug: "switchy",
    allowedOrigins: [],
  });
  const bot2 = await asApp(page.request).get(`${base}/bots/${botId}`);
  const { bot: current } = (await bot2.json()) as { bot: { draftRevision: number } };
  await asApp(page.request).put(`${base}/bots/${botId}/draft`, {
    data: { graph: chatGraph(second, "fixture-small"), baseRevision: current.draftRevision },
  });
  await post(page.request, `${base}/bots/${botId}/versions`, {});
  expect((await asApp(page.request).patch(`${base}/deployments/${deployment.id}`, { data: { version: 2 } })).status()).toBe(200);
  expect((await asApp(page.request).delete(`${base}/credentials/${first}`)).status()).toBe(200);

  const rollback = await asApp(page.request).patch(`${base}/deployments/${deployment.id}`, { data: { version: 1 } });
  expect(rollback.status()).toBe(400);
  expect(((await rollback.json()) as { error: { message: string } }).error.message).toContain(
    `Version 1 cannot be deployed: ${missingProvider}`,
  );
  const after = await asApp(page.request).get(`${base}/deployments/${deployment.id}`);
  expect(((await after.json()) as { deployment: { botVersion: { number: number } } }).deployment.botVersion.number).toBe(2);
});

test("removing a provider or a context store first says which bots and live deployments use it", async ({ page }) => {
  await signUp(page, newAccount("remover"));
  const workspaceId = workspaceIdFrom(page);
  const base = `/api/workspaces/${workspaceId}`;
  const credential = await provider(page.request, workspaceId, "Shared fixture");
  const support = await bot(page.request, workspaceId, "Support", chatGraph(credential, "fixture-small"));
  await bot(page.request, workspaceId, "Sales", chatGraph(credential, "fixture-large"));
  await post(page.request, `${base}/bots/${support}/versions`, {});
  await post(page.request, `${base}/deployments`, { botId: support, version: 1, slug: "support", allowedOrigins: [] });

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Remove Shared fixture" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Remove Shared fixture?" });
  await expect(dialog).toContainText("Used by 2 bots and 1 live deployment");
  await expect(dialog.getByRole("list", { name: "Used by" })).toContainText("Bot Sales");
  await expect(dialog.getByRole("list", { name: "Used by" })).toContainText("Bot Support");
  await expect(dialog.getByRole("list", { name: "Used by" })).toContainText("Live deployment support (Support v1)");
  await snap(page, "prerequisites-remove-provider");
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(page.getByRole("list", { name: "Provider credentials" })).toContainText("Shared fixture");

  await page.getByRole("button", { name: "Remove Shared fixture" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove anyway" }).click();
  await expect(page.getByText("No providers yet")).toBeVisible();

  // a context store nobody uses says so, and goes
  const { store } = await post<{ store: { id: string } }>(page.request, `${base}/stores`, {
    name: "Handbook",
    chunkSize: 800,
    chunkOverlap: 100,
  });
  await page.goto(`/w/${workspaceId}/stores/${store.id}`);
  await page.getByRole("button", { name: "Delete store" }).click();
  await expect(page.getByRole("alertdialog", { name: "Remove Handbook?" })).toContainText("No bot or deployment uses it");
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove", exact: true }).click();
  await expect(page).toHaveURL(/\/stores$/);
});

test("a provider is tested before it is saved, on demand afterwards, and the model picker marks names it does not serve", async ({
  page,
}) => {
  await signUp(page, newAccount("tester"));
  const workspaceId = workspaceIdFrom(page);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Fixture");
  await page.getByLabel("Base URL").fill(`${fixture.url}/v1`);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status", { name: "Connection test" })).toHaveText(
    "Connected: serves 2 models: fixture-large, fixture-small",
  );

  // a dead address is reported and nothing is saved until the user says so
  await page.getByLabel("Base URL").fill("http://127.0.0.1:9/v1");
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByRole("alert", { name: "Connection test" })).toContainText("Could not reach http://127.0.0.1:9");
  await expect(page.getByRole("list", { name: "Provider credentials" })).toHaveCount(0);
  await snap(page, "prerequisites-dead-provider");
  await page.getByLabel("Base URL").fill(`${fixture.url}/v1`);
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByRole("list", { name: "Provider credentials" })).toContainText("Fixture");
  await page.getByRole("button", { name: "Test Fixture" }).click();
  await expect(page.getByRole("status", { name: "Connection of Fixture" })).toContainText("serves 2 models");

  const credentials = await asApp(page.request).get(`/api/workspaces/${workspaceId}/credentials`);
  const [credential] = ((await credentials.json()) as { credentials: { id: string }[] }).credentials;
  const botId = await bot(page.request, workspaceId, "Picky", chatGraph(credential!.id, "deepseek-chat"));
  await page.goto(`/w/${workspaceId}/bots/${botId}`);
  await page.getByTestId("node-llm").click();
  await expect(page.getByRole("status", { name: "Model not served" })).toHaveText(
    "Fixture does not list deepseek-chat; it serves fixture-large, fixture-small",
  );
  await page.getByLabel("Model", { exact: true }).fill("fixture-small");
  await expect(page.getByRole("status", { name: "Model not served" })).toHaveCount(0);
});

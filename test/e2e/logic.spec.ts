// A user opens a bot that branches and routes between models: edits the router's routes in the
// inspector, chats with it, and sees which branch ran, which was skipped, and why the router chose.
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiAccount, asApp, snap } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({
    replies: {
      "fixture-large": "**Careful answer.** Two things to check in the contract:\n\n1. the notice period\n2. the `renewal` clause",
      "fixture-small": "Quick answer: yes.",
    },
  });
});
test.afterAll(async () => fixture.close());

test.use({ viewport: { width: 1800, height: 1000 } });

test("a routed, branching bot shows its routes, its chosen branch and its skipped nodes", async ({ page }) => {
  test.setTimeout(120_000);
  const { workspaceId } = await apiAccount(asApp(page.request), "router");
  const base = `/api/workspaces/${workspaceId}`;
  const credential = await asApp(page.request).post(`${base}/credentials`, {
    data: { name: "Local fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` },
  });
  expect(credential.status()).toBe(201);
  const credentialId = ((await credential.json()) as { credential: { id: string } }).credential.id;
  const at = (x: number, y: number) => ({ x, y });
  const graph = {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position: at(0, 260) },
      { id: "human", type: "condition", config: { expression: 'contains(input, "human")' }, position: at(280, 260) },
      { id: "handoff", type: "prompt-template", config: { template: "A person will reply about: {{input}}" }, position: at(600, 60) },
      {
        id: "router",
        type: "router",
        config: {
          routes: [
            {
              name: "hard",
              credentialId,
              model: "fixture-large",
              keywords: ["contract", "legal"],
              fallbacks: [{ credentialId, model: "fixture-small" }],
            },
            { name: "cheap", credentialId, model: "fixture-small" },
          ],
          budgetUsd: 0.05,
          budgetRoute: "cheap",
        },
        position: at(600, 340),
      },
      { id: "merge", type: "merge", config: {}, position: at(940, 240) },
      { id: "output", type: "chat-output", config: {}, position: at(1220, 260) },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "human", targetHandle: "value" },
      { id: "e2", source: "human", sourceHandle: "true", target: "handoff", targetHandle: "input" },
      { id: "e3", source: "human", sourceHandle: "false", target: "router", targetHandle: "prompt" },
      { id: "e4", source: "handoff", sourceHandle: "prompt", target: "merge", targetHandle: "inputs" },
      { id: "e5", source: "router", sourceHandle: "text", target: "merge", targetHandle: "inputs" },
      { id: "e6", source: "merge", sourceHandle: "value", target: "output", targetHandle: "text" },
    ],
  };
  const created = await asApp(page.request).post(`${base}/bots`, { data: { name: "Contract helper", graph } });
  expect(created.status()).toBe(201);
  const { bot } = (await created.json()) as { bot: { id: string } };

  await page.goto(`/w/${workspaceId}/bots/${bot.id}`);
  await expect(page.getByRole("heading", { name: "Contract helper" })).toBeVisible();
  await expect(page.getByTestId("node-router")).toContainText("hard · cheap");

  // the router's routes are a list of small forms, with provider and model pickers per route
  await page.getByTestId("node-router").click();
  const inspector = page.getByLabel("Inspector");
  const routes = inspector.getByRole("group", { name: "Routes" });
  await expect(routes.getByLabel("Name")).toHaveCount(2);
  await expect(routes.getByLabel("Model", { exact: true }).first()).toHaveValue("fixture-large");
  await expect(routes.getByLabel("Provider").first()).toHaveValue(credentialId);
  await expect(routes.getByLabel("Keywords (one per line)").first()).toHaveValue("contract\nlegal");
  await routes.getByLabel("Keywords (one per line)").first().fill("contract\nlegal\nlawsuit");
  await routes.getByLabel("Name").first().click(); // leaving the field saves the list
  await expect(page.getByLabel("Save status")).toHaveText("All changes saved");
  await snap(page, "40-router-inspector");

  await page.getByLabel("Message").fill("Can you check my contract?");
  await page.getByLabel("Send").click();
  const reply = page.locator('[data-role="assistant"]').last();
  await expect(reply.locator("strong")).toHaveText("Careful answer.");
  await expect(reply.locator("ol > li")).toHaveCount(2);
  await expect(reply.locator("code")).toHaveText("renewal");
  await expect(page.getByTestId("node-handoff")).toHaveAttribute("data-status", "SKIPPED");
  await expect(page.getByTestId("badge-handoff")).toHaveText("skipped: branch not taken");
  await expect(page.getByTestId("node-router")).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(page.getByTestId("badge-router")).toContainText('Route "hard": keyword "contract"');
  await page.getByTestId("node-router").click();
  await expect(inspector.getByLabel("Last run")).toContainText('Route "hard": keyword "contract"');
  await inspector.getByLabel("Last run").scrollIntoViewIfNeeded();
  await snap(page, "41-router-run");

  // the saved draft kept the edited keywords
  const draft = await asApp(page.request).get(`${base}/bots/${bot.id}`);
  expect(JSON.stringify(await draft.json())).toContain('"keywords":["contract","legal","lawsuit"]');
});

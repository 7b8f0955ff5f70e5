// A user puts a JavaScript assertion in a flow's Evaluate node: writes it in the inspector, chats, and
// reads the score the sandboxed assertion gave the model's reply in the node's last run.
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiAccount, snap } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "fixture-small": "The capital of France is Paris." } });
});
test.afterAll(async () => fixture.close());

test.use({ viewport: { width: 1600, height: 1000 } });

test("an Evaluate node scores the reply with a sandboxed JavaScript assertion", async ({ page }) => {
  test.setTimeout(90_000);
  const { workspaceId } = await apiAccount(page.request, "evaluate-js");
  const base = `/api/workspaces/${workspaceId}`;
  const credential = await page.request.post(`${base}/credentials`, {
    data: { name: "Local fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` },
  });
  const credentialId = ((await credential.json()) as { credential: { id: string } }).credential.id;
  const at = (x: number, y: number) => ({ x, y });
  const graph = {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position: at(0, 100) },
      { id: "model", type: "model", config: { credentialId, model: "fixture-small" }, position: at(300, 100) },
      { id: "check", type: "evaluate", config: { kind: "javascript", code: "return true;" }, position: at(620, 100) },
      { id: "output", type: "chat-output", config: {}, position: at(940, 100) },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "model", targetHandle: "prompt" },
      { id: "e2", source: "model", sourceHandle: "text", target: "check", targetHandle: "text" },
      { id: "e3", source: "check", sourceHandle: "text", target: "output", targetHandle: "text" },
    ],
  };
  const created = await page.request.post(`${base}/bots`, { data: { name: "Checked answers", graph } });
  expect(created.status()).toBe(201);
  const { bot } = (await created.json()) as { bot: { id: string } };

  await page.goto(`/w/${workspaceId}/bots/${bot.id}`);
  await expect(page.getByRole("heading", { name: "Checked answers" })).toBeVisible();
  await page.getByTestId("node-check").click();
  const inspector = page.getByLabel("Inspector");
  await inspector
    .getByLabel("Code")
    .fill(
      "// a short answer naming the city scores best\nreturn input.output.includes('Paris') ? 6 / input.output.split(' ').length / 1.2 : 0;",
    );

  await page.getByLabel("Message").fill("Capital of France?");
  await page.getByLabel("Send").click();
  await expect(page.locator('[data-role="assistant"]').last()).toContainText("The capital of France is Paris.");
  await expect(page.getByTestId("node-check")).toHaveAttribute("data-status", "SUCCEEDED");
  await page.getByTestId("node-check").click();
  await expect(inspector.getByLabel("Last run")).toContainText('"reason": "The assertion scored 0.833"');
  await inspector.getByLabel("Last run").scrollIntoViewIfNeeded();
  await snap(page, "93-evaluate-node-javascript");
});

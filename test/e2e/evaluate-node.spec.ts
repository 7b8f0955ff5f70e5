// A user puts a JavaScript assertion in a flow's Evaluate node: writes it in the inspector, chats, and
// reads the score the sandboxed assertion gave the model's reply in the node's last run. Switching
// the evaluator's kind shows only the settings that kind uses.
import { expect, test, type Page } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiAccount, asApp, snap } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "fixture-small": "The capital of France is Paris." } });
});
test.afterAll(async () => fixture.close());

test.use({ viewport: { width: 1600, height: 1000 } });

/** A workspace with a provider and a bot whose flow is chat input → model → Evaluate ("check") → output. */
async function checkedAnswersBot(page: Page, label: string) {
  const { workspaceId } = await apiAccount(asApp(page.request), label);
  const base = `/api/workspaces/${workspaceId}`;
  const credential = await asApp(page.request).post(`${base}/credentials`, {
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
  const created = await asApp(page.request).post(`${base}/bots`, { data: { name: "Checked answers", graph } });
  expect(created.status()).toBe(201);
  const { bot } = (await created.json()) as { bot: { id: string } };
  await page.goto(`/w/${workspaceId}/bots/${bot.id}`);
  await expect(page.getByRole("heading", { name: "Checked answers" })).toBeVisible();
}

test("an Evaluate node scores the reply with a sandboxed JavaScript assertion", async ({ page }) => {
  test.setTimeout(90_000);
  await checkedAnswersBot(page, "evaluate-js");
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

test("the Evaluate node's inspector shows only the settings of the chosen kind", async ({ page }) => {
  await checkedAnswersBot(page, "evaluate-kinds");
  await page.getByTestId("node-check").click();
  const inspector = page.getByLabel("Inspector");
  const field = (label: string) => inspector.getByLabel(label, { exact: true });
  const kind = field("Evaluator");
  await expect(kind).toHaveValue("javascript");
  // options read as words; the stored value stays the raw one
  await expect(kind.locator('option[value="llm_judge"]')).toHaveText("LLM judge");
  await expect(kind.locator("option:checked")).toHaveText("JavaScript assertion");
  await expect(field("Code")).toBeVisible();
  await expect(field("Pattern (regular expression)")).toHaveCount(0);

  await kind.selectOption("regex");
  await expect(field("Pattern (regular expression)")).toBeVisible();
  await expect(field("Pattern flags")).toBeVisible();
  for (const hidden of ["Code", "Rubric", "Model", "Case sensitive"]) await expect(field(hidden)).toHaveCount(0);
  await field("Pattern (regular expression)").fill("Paris\\.$");
  await snap(page, "94-evaluate-node-regex");

  await kind.selectOption({ label: "LLM judge" });
  await expect(kind).toHaveValue("llm_judge");
  for (const shown of ["Provider", "Model", "Rubric", "Pass threshold (0–1)"]) await expect(field(shown)).toBeVisible();
  await expect(field("Pattern (regular expression)")).toHaveCount(0);
  await field("Rubric").fill("Does the answer name the right city, and only that?");
  await snap(page, "95-evaluate-node-llm-judge");

  await kind.selectOption("exact_match");
  await expect(field("Case sensitive")).toBeVisible();
  for (const hidden of ["Pattern (regular expression)", "Pattern flags", "Rubric", "Model", "Provider", "Code", "JSON Schema"])
    await expect(field(hidden)).toHaveCount(0);

  // a hidden field keeps its value: back on regex, the pattern is still there
  await kind.selectOption("regex");
  await expect(field("Pattern (regular expression)")).toHaveValue("Paris\\.$");
});

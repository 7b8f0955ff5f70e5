// A new user builds a bot on the canvas, chats with it, swaps the model, re-sends, and moves the flow
// out and back in as a file.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { connect, newAccount, signUp, snap } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({
    tokenDelayMs: 30,
    replies: {
      "fixture-small": (text) => `Small model says: ${text.replace(/^.*?: /, "")}`,
      "fixture-large": (text) => `Large model, more careful: ${text.replace(/^.*?: /, "")}`,
    },
  });
});
test.afterAll(async () => fixture.close());

test.use({ viewport: { width: 1800, height: 1000 } });

test("a new user builds, runs, tunes and exports a bot on the canvas", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("maker"));

  // a provider pointing at the OpenAI-compatible fixture
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Local fixture");
  await page.getByLabel("Base URL").fill(`${fixture.url}/v1`);
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByRole("list", { name: "Provider credentials" })).toContainText("Local fixture");

  await page.getByRole("link", { name: "Bots" }).click();
  await page.getByRole("button", { name: "New bot" }).click();
  await page.getByLabel("Bot name").fill("Support assistant");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("link", { name: "Support assistant" }).click();
  await expect(page.getByRole("heading", { name: "Support assistant" })).toBeVisible();
  await snap(page, "10-editor-empty");

  // drag four nodes from the palette onto the canvas
  const canvas = page.locator(".react-flow__pane");
  const box = (await canvas.boundingBox())!;
  const place = [
    ["Chat input", 0.03, 0.35],
    ["Prompt", 0.27, 0.08],
    ["Model", 0.51, 0.45],
    ["Chat output", 0.76, 0.12],
  ] as const;
  for (const [label, x, y] of place) {
    await page
      .getByRole("complementary", { name: "Node palette" })
      .getByRole("button", { name: label, exact: true })
      .dragTo(canvas, {
        targetPosition: { x: box.width * x, y: box.height * y },
      });
  }
  await expect(page.locator(".react-flow__node")).toHaveCount(4);

  // a mistyped connection is refused while dragging, with the reason
  await connect(page, "chat-input-1", "history", "prompt-template-1", "input");
  await expect(page.locator(".react-flow__edge")).toHaveCount(0);

  await connect(page, "chat-input-1", "message", "prompt-template-1", "input");
  await connect(page, "prompt-template-1", "prompt", "model-1", "prompt");
  await connect(page, "model-1", "text", "chat-output-1", "text");
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);
  await expect(page.getByRole("button", { name: "2 problems" })).toBeVisible(); // the model has no provider nor model yet

  // problems name the fields as the inspector labels them
  await page.getByRole("button", { name: "2 problems" }).click();
  await expect(page.getByRole("list", { name: "Problems" })).toContainText("#model-1 Model: Provider: Choose a provider");
  await page.getByTestId("node-model-1").click();
  await expect(page.getByTestId("node-model-1")).toContainText("Model: Provider: Choose a provider");
  await expect(page.getByLabel("Node problems")).toContainText("Model: Model: Choose a model");
  await snap(page, "10-editor-problems");
  await page.getByRole("button", { name: "2 problems" }).click();

  // configure the model in the inspector
  await page.getByLabel("Provider").selectOption({ label: "Local fixture" });
  await page.getByLabel("Model", { exact: true }).fill("fixture-small");
  await page.getByLabel("System prompt").fill("You are a concise support assistant.");
  await page.getByTestId("node-prompt-template-1").click();
  await page.getByLabel("Template", { exact: true }).fill("Customer asks: {{input}}");
  await expect(page.getByText("Valid flow")).toBeVisible();
  await expect(page.getByLabel("Save status")).toHaveText("All changes saved");
  await snap(page, "11-editor-flow");

  // chat: the reply streams in and every node gets its badge
  await page.getByLabel("Message").fill("Where is my parcel?");
  await page.getByRole("button", { name: "Send" }).click();
  const reply = page.locator('[data-role="assistant"]').last();
  await expect(reply).toHaveText("Small model says: Where is my parcel?");
  for (const id of ["chat-input-1", "prompt-template-1", "model-1", "chat-output-1"])
    await expect(page.getByTestId(`node-${id}`)).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(page.getByTestId("badge-model-1")).toContainText("tok");
  await snap(page, "12-editor-run");

  // swap the model from the node's toolbar, then re-send the last message
  await page.getByTestId("node-model-1").click();
  await page.getByLabel("Swap model").selectOption("fixture-large"); // listed by the provider itself
  await expect(page.getByLabel("Save status")).toHaveText("All changes saved");
  await page.getByRole("button", { name: "Re-send" }).click();
  await expect(page.locator('[data-role="assistant"]').last()).toHaveText("Large model, more careful: Where is my parcel?");
  await snap(page, "13-editor-swapped");

  // export, break the flow, refuse a bad file, then re-import the export
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export" }).click();
  const exported = JSON.parse(await readFile((await (await downloading).path())!, "utf8")) as { graph: { nodes: unknown[] } };
  expect(exported.graph.nodes).toHaveLength(4);

  await page
    .getByLabel("Import flow file")
    .setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from("{ not json") });
  await expect(page.getByRole("alert").filter({ hasText: "Import failed" })).toHaveText(
    /Import failed: The file is not valid JSON. Nothing was changed./,
  );
  await expect(page.locator(".react-flow__node")).toHaveCount(4);

  await page.getByTestId("node-chat-output-1").click();
  await page.keyboard.press("Delete");
  await expect(page.locator(".react-flow__node")).toHaveCount(3);
  await page
    .getByLabel("Import flow file")
    .setInputFiles({ name: "flow.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(exported)) });
  await expect(page.getByRole("status").filter({ hasText: "Imported 4 nodes" })).toBeVisible();
  await expect(page.locator(".react-flow__node")).toHaveCount(4);
  await expect(page.getByText("Valid flow")).toBeVisible();
  await snap(page, "14-editor-imported");

  // copy/paste, undo/redo and tidy-up from the keyboard
  await page.getByTestId("node-model-1").click();
  await page.keyboard.press("ControlOrMeta+c");
  await page.keyboard.press("ControlOrMeta+v");
  await expect(page.locator(".react-flow__node")).toHaveCount(5);
  await expect(page.getByTestId("node-model-2")).toBeVisible();
  await page.waitForTimeout(400); // edits are grouped into one undo step once the graph settles
  await page.keyboard.press("ControlOrMeta+z");
  await expect(page.locator(".react-flow__node")).toHaveCount(4);
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect(page.locator(".react-flow__node")).toHaveCount(5);
  await page.keyboard.press("ControlOrMeta+z");
  await expect(page.locator(".react-flow__node")).toHaveCount(4);
  await page.getByRole("button", { name: "Tidy up" }).click();
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(page.getByRole("table", { name: "Shortcuts" })).toContainText("Undo");
  await expect(page.getByText("Valid flow")).toBeVisible();
  await snap(page, "15-editor-tidy");
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();

  // publish, change the draft, compare with the version and restore it
  await page.getByRole("button", { name: "Publish version" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published version 1" })).toBeVisible();
  await page.getByTestId("node-model-1").click();
  await page.getByLabel("Swap model").selectOption("fixture-small");
  await expect(page.getByLabel("Save status")).toHaveText("All changes saved");
  await page.getByRole("tab", { name: "versions" }).click();
  await page.getByRole("button", { name: "View", exact: true }).click();
  await expect(page.getByLabel("Changes since version 1")).toContainText('#model-1 model: "fixture-large" → "fixture-small"');
  await snap(page, "16-editor-versions");
  await page.getByRole("button", { name: "Restore v1 into the draft" }).click();
  await expect(page.getByLabel("Changes since version 1")).toContainText("The draft is the same as this version");

  // the runs of this bot, filtered, and one replayed on the canvas
  await page.getByRole("tab", { name: "runs" }).click();
  await page.getByLabel("Filter runs by status").selectOption("SUCCEEDED");
  const runs = page.getByRole("region", { name: "Runs" }).or(page.getByLabel("Runs")).getByRole("listitem");
  await expect(runs).toHaveCount(2);
  await page.getByLabel("Filter runs by version").selectOption("v1");
  await expect(page.getByText("No runs yet.")).toBeVisible(); // both runs were of the draft
  await page.getByLabel("Filter runs by version").selectOption("Draft");
  await page.getByLabel("Filter runs by day").fill(new Date().toISOString().slice(0, 10));
  await expect(runs).toHaveCount(2);
  await runs.first().click();
  await expect(page.getByTestId("badge-model-1")).toContainText("tok");
  await snap(page, "17-editor-runs");
});

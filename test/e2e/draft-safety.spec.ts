// Nothing typed in the editor is lost: an edit made just before leaving (an app link, a reload) is
// saved, and the save indicator always says whether the draft matches what is stored.
import { expect, test, type Page } from "@playwright/test";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

const graph = {
  nodes: [
    { id: "in", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
    { id: "prompt", type: "prompt-template", config: { template: "{{input}}" }, position: { x: 280, y: 0 } },
    { id: "out", type: "chat-output", config: {}, position: { x: 560, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "in", sourceHandle: "message", target: "prompt", targetHandle: "input" },
    { id: "e2", source: "prompt", sourceHandle: "prompt", target: "out", targetHandle: "text" },
  ],
};

/** Signs up, creates a bot through the API and opens it in the editor with its prompt selected. */
async function openBot(page: Page, label: string) {
  await signUp(page, newAccount(label));
  const workspaceId = workspaceIdFrom(page);
  const response = await asApp(page.request).post(`/api/workspaces/${workspaceId}/bots`, { data: { name: "Drafty", graph } });
  expect(response.status()).toBe(201);
  const { bot } = (await response.json()) as { bot: { id: string } };
  const editorUrl = `/w/${workspaceId}/bots/${bot.id}`;
  await page.goto(editorUrl);
  await expect(page.getByLabel("Save status")).toHaveText("All changes saved");
  await page.getByTestId("node-prompt").click();
  return { workspaceId, botId: bot.id, editorUrl, template: page.getByLabel("Template", { exact: true }) };
}

const storedTemplate = async (page: Page, workspaceId: string, botId: string) => {
  const response = await asApp(page.request).get(`/api/workspaces/${workspaceId}/bots/${botId}`);
  const { bot } = (await response.json()) as { bot: { draftGraph: typeof graph } };
  return bot.draftGraph.nodes.find((node) => node.id === "prompt")!.config.template;
};

test("an edit followed at once by a click on a sidebar link is saved before the page changes", async ({ page }) => {
  const { workspaceId, botId, editorUrl, template } = await openBot(page, "leaver");
  await template.fill("Answer in one line: {{input}}");
  // clicked at once, well inside the 700 ms autosave delay (a locator click first waits for the link
  // to be stable, which on a loaded machine can outlast the delay)
  await page.evaluate(() => document.querySelector<HTMLAnchorElement>('aside nav a[href$="/usage"]')!.click());
  await expect(page).toHaveURL(/\/usage$/);
  expect(await storedTemplate(page, workspaceId, botId)).toBe("Answer in one line: {{input}}");

  await page.goto(editorUrl);
  await page.getByTestId("node-prompt").click();
  await expect(page.getByLabel("Template", { exact: true })).toHaveValue("Answer in one line: {{input}}");
  await expect(page.getByLabel("Save status")).toHaveText("All changes saved");
});

test("reloading with an edit not yet saved asks first, and the edit is there after the reload", async ({ page }) => {
  const { workspaceId, botId, template } = await openBot(page, "reloader");
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept(); // "Leave"
  });
  await template.fill("Reply as a pirate: {{input}}");
  await page.reload();
  await page.getByTestId("node-prompt").click();
  await expect(page.getByLabel("Template", { exact: true })).toHaveValue("Reply as a pirate: {{input}}");
  expect(dialogs).toEqual(["beforeunload"]);
  await expect(page.getByLabel("Save status")).toHaveText("All changes saved");
  await expect.poll(() => storedTemplate(page, workspaceId, botId)).toBe("Reply as a pirate: {{input}}");
});

test("after an undo back to the saved graph the indicator says saved", async ({ page }) => {
  const { template } = await openBot(page, "undoer");
  // the edit cannot be saved (the server is briefly unavailable)…
  let attempts = 0;
  await page.route("**/draft", (route) => {
    attempts += 1;
    return route.fulfill({ status: 503, json: { error: { code: "UNAVAILABLE", message: "Try again" } } });
  });
  await template.fill("Something I will take back: {{input}}");
  await expect.poll(() => attempts).toBeGreaterThan(0);
  await expect(page.getByLabel("Save status")).not.toHaveText("All changes saved");
  await page.unroute("**/draft");
  // …and is undone: the draft is again exactly what is stored
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press("Control+z");
  await page.getByTestId("node-prompt").click();
  await expect(page.getByLabel("Template", { exact: true })).toHaveValue("{{input}}");
  await expect(page.getByLabel("Save status")).toHaveText("All changes saved");
  await snap(page, "draft-undo-saved");
});

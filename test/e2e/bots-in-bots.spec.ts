// A user builds bots that use other bots: a For each bot summarises a list item by item, with its
// progress (n / N) on the canvas while it runs; a bot calls another bot, whose steps show nested under
// the calling step; a draft that would make two bots call each other is refused with the path.
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let provider: ProviderFixture;
test.beforeAll(async () => {
  // slow enough that the loop's progress can be seen on the canvas
  provider = await startProviderFixture({ latencyMs: 700 });
});
test.afterAll(async () => provider?.close());
test.use({ viewport: { width: 1600, height: 1000 } });

type Node = { id: string; type: string; config?: Record<string, unknown>; x: number };
const flow = (nodes: Node[], edges: string[]) => ({
  nodes: nodes.map(({ id, type, config = {}, x }) => ({ id, type, config, position: { x, y: 160 } })),
  edges: edges.map((text, index) => {
    const [from, to] = text.split(">") as [string, string];
    const [source, sourceHandle] = from.split(".") as [string, string];
    const [target, targetHandle] = to.split(".") as [string, string];
    return { id: `e${index}`, source, sourceHandle, target, targetHandle };
  }),
});

test("a For each bot summarises a list with progress on the canvas, and a bot calls a bot with a nested trace", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("loops"));
  const workspaceId = workspaceIdFrom(page);
  const app = asApp(page.request);
  const providerResponse = await app.post(`/api/workspaces/${workspaceId}/credentials`, {
    data: { name: "Fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${provider.url}/v1` },
  });
  const providerId = ((await providerResponse.json()) as { credential: { id: string } }).credential.id;
  const model = { credentialId: providerId, model: "fixture-small" };
  const createBot = async (name: string, graph: ReturnType<typeof flow>) => {
    const response = await app.post(`/api/workspaces/${workspaceId}/bots`, { data: { name, graph } });
    expect(response.status()).toBe(201);
    return ((await response.json()) as { bot: { id: string } }).bot.id;
  };

  // the bot each item goes through
  const itemBot = await createBot(
    "Summarise item",
    flow(
      [
        { id: "input", type: "chat-input", x: 0 },
        { id: "prompt", type: "prompt-template", config: { template: "One line on: {{input}}" }, x: 280 },
        { id: "model", type: "model", config: model, x: 560 },
        { id: "output", type: "chat-output", x: 840 },
      ],
      ["input.message>prompt.input", "prompt.prompt>model.prompt", "model.text>output.text"],
    ),
  );
  await expect(app.post(`/api/workspaces/${workspaceId}/bots/${itemBot}/versions`, { data: { note: "v1" } })).resolves.toBeOK();

  const listBot = await createBot(
    "List summary",
    flow(
      [
        { id: "input", type: "chat-input", x: 0 },
        { id: "loop", type: "for-each", config: { botId: itemBot, concurrency: 2 }, x: 280 },
        { id: "combine", type: "prompt-template", config: { template: "Summary of the list:\n{{input}}" }, x: 560 },
        { id: "model", type: "model", config: model, x: 840 },
        { id: "output", type: "chat-output", x: 1120 },
      ],
      ["input.message>loop.list", "loop.text>combine.input", "combine.prompt>model.prompt", "model.text>output.text"],
    ),
  );

  await page.goto(`/w/${workspaceId}/bots/${listBot}`);
  await expect(page.getByText("Valid flow")).toBeVisible();
  await page.getByTestId("node-loop").click();
  await expect(page.getByLabel("Bot", { exact: true })).toHaveValue(itemBot);
  // the chat box is one line: the list is a JSON array (text would be split into lines)
  await page.getByLabel("Message").fill(JSON.stringify(["apples", "bananas", "cherries", "dates", "elderberries", "figs"]));
  await page.getByRole("button", { name: "Send", exact: true }).click();
  // while it runs the node counts its items
  const progress = page.getByTestId("progress-loop");
  await expect(progress).toHaveText(/^[1-5] \/ 6$/);
  await snap(page, "loops-01-for-each-progress");
  await expect(page.getByTestId("node-loop")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  await expect(page.getByTestId("node-model")).toHaveAttribute("data-status", "SUCCEEDED");
  const reply = page.locator('[data-role="assistant"]').last();
  await expect(reply).toContainText("Summary of the list:");
  await expect(reply).toContainText("One line on: apples");
  await expect(reply).toContainText("One line on: figs");
  // each item's run is in the trace under the loop, its own steps under it
  await page.getByTestId("node-loop").click();
  const subSteps = page.getByRole("list", { name: "Sub-steps" });
  await expect(subSteps).toContainText("item-1:Summarise item");
  await expect(subSteps).toContainText("item-6:Summarise item/model");
  await expect(page.getByTestId("node-loop")).toContainText('6 items through bot "Summarise item"');
  await subSteps.scrollIntoViewIfNeeded();
  await snap(page, "loops-02-for-each-trace");

  // a bot calls a bot (its latest published version) as one step
  const deskBot = await createBot(
    "Front desk",
    flow(
      [
        { id: "input", type: "chat-input", x: 0 },
        { id: "ask", type: "bot", config: { botId: itemBot }, x: 280 },
        { id: "output", type: "chat-output", x: 560 },
      ],
      ["input.message>ask.input", "ask.reply>output.text"],
    ),
  );
  await page.goto(`/w/${workspaceId}/bots/${deskBot}`);
  await expect(page.getByText("Valid flow")).toBeVisible();
  await page.getByLabel("Message").fill("the weekly report");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator('[data-role="assistant"]').last()).toHaveText("Echo: One line on: the weekly report");
  await expect(page.getByTestId("node-ask")).toHaveAttribute("data-status", "SUCCEEDED");
  await page.getByTestId("node-ask").click();
  const nested = page.getByRole("list", { name: "Sub-steps" });
  await expect(nested).toContainText("call-1:Summarise item/model");
  await nested.scrollIntoViewIfNeeded();
  await snap(page, "loops-03-bot-calls-bot");

  // the item bot's draft may not call the front desk back: refused with the path
  const loopBack = flow(
    [
      { id: "input", type: "chat-input", x: 0 },
      { id: "back", type: "bot", config: { botId: deskBot, version: "draft" }, x: 280 },
      { id: "output", type: "chat-output", x: 560 },
    ],
    ["input.message>back.input", "back.reply>output.text"],
  );
  const { bot } = (await (await app.get(`/api/workspaces/${workspaceId}/bots/${itemBot}`)).json()) as { bot: { draftRevision: number } };
  const refused = await app.put(`/api/workspaces/${workspaceId}/bots/${itemBot}/draft`, {
    data: { graph: loopBack, baseRevision: bot.draftRevision },
  });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
    "bots must not call themselves: Summarise item → Front desk → Summarise item",
  );
});

// A deployment's share link: the owner turns on the hosted chat page, sees its link and QR code (and
// the MCP snippet beside it), a visitor with no account opens it and chats against the fixture under
// the page's CSP with every request to this origin; turned off, the link is a 404.
import { expect, test, type Page } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { deploy, publishedBot } from "./publish-support";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({
    tokenDelayMs: 20,
    replies: { "fixture-small": "We open at **9 am** on weekdays and at 10 am on Saturdays." },
  });
});
test.afterAll(async () => fixture.close());

const shareSwitch = (page: Page) => page.getByRole("switch", { name: "Share link" });

test("turn on a deployment's share link, chat on the page it opens without signing in, turn it off and it is gone", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await signUp(page, newAccount("sharer"));
  const workspaceId = workspaceIdFrom(page);
  const { botId } = await publishedBot(asApp(page.request), workspaceId, fixture.url, "fixture-small", "Opening hours");
  const deployment = await deploy(asApp(page.request), workspaceId, { botId, slug: "hours", allowedOrigins: [] });
  const shareUrl = `${baseURL}/chat/${deployment.publicId}`;

  // off by default: the link is a 404
  await page.goto(`/w/${workspaceId}/deployments/${deployment.id}`);
  await expect(shareSwitch(page)).toHaveAttribute("aria-checked", "false");
  expect((await page.request.get(shareUrl)).status()).toBe(404);

  // the MCP card: server URL, a config snippet for MCP clients, and the tool's description
  const mcpSnippet = page.getByLabel("MCP client config", { exact: true });
  await expect(mcpSnippet).toContainText(`"url": "${baseURL}/api/mcp"`);
  await expect(mcpSnippet).toContainText('"Authorization": "Bearer ${SWITCHYARD_API_KEY}"');
  await page.getByLabel("Tool description").fill("Tells customers when the shop is open.");
  await page.getByRole("button", { name: "Save description" }).click();
  await expect(page.getByRole("button", { name: "Save description" })).toBeDisabled();

  // how the chat looks, then on
  const appearance = page.getByRole("form", { name: "Chat appearance" });
  await appearance.getByLabel("Title").fill("Acme opening hours");
  await appearance.getByLabel("Greeting").fill("Hello! Ask me when we are open.");
  await appearance.getByLabel("Theme").selectOption("dark");
  await appearance.getByRole("button", { name: "Save appearance" }).click();
  await expect(page.getByLabel("Embed snippet", { exact: true })).toContainText('data-title="Acme opening hours"');
  await shareSwitch(page).click();
  await expect(shareSwitch(page)).toHaveAttribute("aria-checked", "true");
  await expect(page.getByLabel("Share link", { exact: true }).filter({ hasText: shareUrl })).toBeVisible();
  const qr = page.getByRole("img", { name: `QR code of ${shareUrl}` });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
  await page.reload();
  await expect(page.getByLabel("Tool description")).toHaveValue("Tells customers when the shop is open.");
  await expect(page.getByLabel("Embed snippet", { exact: true })).toContainText('data-title="Acme opening hours"');
  await qr.scrollIntoViewIfNeeded();
  await snap(page, "share-link-deployment-page");

  // a visitor: no account, no cookies
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const requested: string[] = [];
  const cspViolations: string[] = [];
  visitor.on("request", (request) => requested.push(request.url()));
  visitor.on("console", (message) => /Content Security Policy|Refused to/i.test(message.text()) && cspViolations.push(message.text()));
  const opened = await visitor.goto(shareUrl);
  expect(opened!.status()).toBe(200);
  await expect(visitor).toHaveTitle(/Acme opening hours/);
  const conversation = visitor.getByRole("log", { name: "Conversation" });
  await expect(visitor.getByRole("heading", { name: "Acme opening hours" })).toBeVisible();
  await expect(conversation).toContainText("Hello! Ask me when we are open.");
  await expect(visitor.getByRole("button", { name: /Open chat/ })).toHaveCount(0); // the page is the chat: no launcher
  await visitor.getByLabel("Message").fill("When do you open on Saturday?");
  await visitor.getByLabel("Message").press("Enter");
  await expect(conversation.locator(".msg.assistant strong")).toHaveText("9 am");
  await expect(conversation).toContainText("at 10 am on Saturdays.");
  await expect(visitor.getByRole("button", { name: "Good answer" })).toBeVisible();
  await snap(visitor, "share-link-chat-page");
  // air-gapped: everything the page loaded or called came from this origin
  expect(requested.filter((url) => !url.startsWith(`${baseURL}/`) && !url.startsWith("data:"))).toEqual([]);
  expect(cspViolations).toEqual([]);
  const details = (await (await page.request.get(`/api/workspaces/${workspaceId}/deployments/${deployment.id}`)).json()) as {
    usage: { bySource: { source: string; runs: number }[] };
  };
  expect(details.usage.bySource).toEqual([expect.objectContaining({ source: "WIDGET", runs: 1 })]);

  // off again: the page is gone, and the open one can no longer send
  await shareSwitch(page).click();
  await expect(shareSwitch(page)).toHaveAttribute("aria-checked", "false");
  await expect(page.getByRole("img", { name: `QR code of ${shareUrl}` })).toHaveCount(0);
  await visitor.getByLabel("Message").fill("Still there?");
  await visitor.getByLabel("Message").press("Enter");
  await expect(conversation.getByRole("alert")).toContainText("share link is turned off");
  expect((await visitor.reload())!.status()).toBe(404);
  await visitorContext.close();
});

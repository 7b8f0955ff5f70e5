// A user publishes a bot and embeds it on another site: the widget opens, streams a reply, keeps the
// conversation across a reload, renders model output as text only, and is refused on a site that
// is not allowed. Host pages are served from other ports, as another origin would be.
import { createServer, type Server } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { chatGraph, post, publishedBot } from "./publish-support";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

const allowedPort = 3221;
const otherPort = 3222;
const allowedOrigin = `http://127.0.0.1:${allowedPort}`;
let fixture: ProviderFixture;
let hostPages: Server[] = [];
let hostPage = "";

// the host page's own CSS tries hard to restyle everything; the shadow root keeps it out
const hostHtml = (script: string) => `<!doctype html><html><head><title>Acme Outdoor</title>
<style>body{font:16px Georgia,serif;margin:0;background:#f7f5f0;color:#3b3226}header{background:#2f4f3a;color:#fff;padding:24px 48px}
main{padding:32px 48px;max-width:720px}button{background:red!important;border:4px dashed yellow!important}div{outline:2px solid orange}</style></head>
<body><header><h1>Acme Outdoor</h1></header><main><h2>Tents, packs and trail gear</h2>
<p>Free returns within 60 days. Questions about an order? Ask our assistant in the corner.</p></main>${script}</body></html>`;

test.beforeAll(async () => {
  fixture = await startProviderFixture({
    port: 3225,
    tokenDelayMs: 40,
    replies: {
      "fixture-small":
        "Happy to help! Your order **#4521** ships tomorrow.\n\n- Track it under *My orders*\n- Returns are free for `60` days",
      "fixture-xss": "<img src=x onerror=alert(1)> <script>alert(2)</script> **still bold**",
    },
  });
  hostPages = [allowedPort, otherPort].map((port) =>
    createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end(hostPage)).listen(port, "127.0.0.1"),
  );
});
test.afterAll(async () => {
  await fixture.close();
  await Promise.all(hostPages.map((server) => new Promise((resolve) => server.close(resolve))));
});

const launcher = (page: Page) => page.getByRole("button", { name: /Open chat/ });
const log = (page: Page) => page.getByRole("log", { name: "Conversation" });

test("publish a bot, embed it on another site, chat with a streamed reply, reload and keep the conversation", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await signUp(page, newAccount("publisher"));
  const workspaceId = workspaceIdFrom(page);
  const { botId, credentialId } = await publishedBot(asApp(page.request), workspaceId, fixture.url, "fixture-small", "Acme support");
  // version 2 is published from the editor, once the draft differs from version 1 (an unchanged draft publishes nothing)
  const api = `/api/workspaces/${workspaceId}/bots/${botId}`;
  const { bot } = (await (await asApp(page.request).get(api)).json()) as { bot: { draftRevision: number } };
  const changed = chatGraph(credentialId, "fixture-small");
  changed.nodes[2]!.position = { x: 640, y: 40 }; // the output node moved: a new flow that answers the same
  expect((await asApp(page.request).put(`${api}/draft`, { data: { graph: changed, baseRevision: bot.draftRevision } })).ok()).toBe(true);
  await page.goto(`/w/${workspaceId}/bots/${botId}`);
  await page.getByRole("button", { name: "Publish version" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published version 2" })).toBeVisible();

  // deploy version 2 from the Deployments page, then roll back to version 1 in one click
  await page.getByRole("link", { name: "Deployments" }).click();
  await expect(page.getByText("No deployments yet")).toBeVisible();
  await page.getByRole("button", { name: "New deployment" }).click();
  await expect(page.getByLabel("Slug (API model name)")).toHaveValue("acme-support");
  await snap(page, "69-new-deployment");
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByRole("heading", { name: /Acme support/ })).toContainText("v2 live");
  await page.getByRole("button", { name: "Roll back to v1" }).click();
  await expect(page.getByRole("heading", { name: /Acme support/ })).toContainText("v1 live");
  await expect(page.getByRole("button", { name: "Deploy v2" })).toBeVisible();

  await page.getByLabel("Origin to allow").fill("not a url");
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByText("An allowed origin looks like https://example.com")).toBeVisible();
  await page.getByLabel("Origin to allow").fill(allowedOrigin);
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByRole("list", { name: "Allowed origins" })).toContainText(allowedOrigin);
  const snippet = (await page.getByLabel("Embed snippet", { exact: true }).textContent())!;
  expect(snippet).toContain(`${baseURL}/widget.js`);
  const publicId = /data-bot="([^"]+)"/.exec(snippet)![1]!;
  await snap(page, "70-deployment-page");

  // the host page on another origin, with the snippet (plus theming) pasted in
  hostPage = pageWith(
    baseURL!,
    publicId,
    'data-title="Acme support" data-greeting="Hi! Ask me about orders, returns or gear." data-accent="#2f6f4e"',
  );
  const site = await page.context().newPage();
  const alerts: string[] = [];
  site.on("dialog", (dialog) => (alerts.push(dialog.message()), dialog.dismiss()));
  await site.goto(allowedOrigin);
  await expect(launcher(site)).toBeVisible();
  await snap(site, "71-widget-closed");
  await launcher(site).click();
  await expect(site.getByRole("dialog", { name: "Acme support" })).toBeVisible();
  await expect(site.getByRole("textbox", { name: "Message" })).toBeFocused();
  await expect(log(site)).toContainText("Hi! Ask me about orders, returns or gear.");

  // the reply streams in: the last bubble is seen growing before it is complete
  await site.evaluate(() => {
    const root = document.querySelector("switchyard-chat")!.shadowRoot!;
    const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
    new MutationObserver(() => {
      const last = [...root.querySelectorAll(".msg.assistant:not(.typing)")].at(-1)?.textContent ?? "";
      if (seen.at(-1) !== last) seen.push(last);
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  await site.getByRole("textbox", { name: "Message" }).fill("Where is my order 4521?");
  await site.keyboard.press("Enter");
  await expect(log(site)).toContainText("Returns are free for 60 days");
  const seen = await site.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen.filter((text) => text && !text.includes("Returns are free")).length).toBeGreaterThanOrEqual(2);
  // markdown became elements, built node by node
  const bubble = log(site).locator(".msg.assistant").last();
  await expect(bubble.locator("strong")).toHaveText("#4521");
  await expect(bubble.locator("li")).toHaveCount(2);
  await snap(site, "72-widget-reply");

  // a reload keeps the conversation; a reset clears it
  await site.reload();
  await launcher(site).click();
  await expect(log(site)).toContainText("Where is my order 4521?");
  await expect(log(site)).toContainText("Your order #4521 ships tomorrow.");
  await snap(site, "73-widget-after-reload");

  // the JavaScript API and its events; Escape closes and returns focus to the launcher
  await site.evaluate(() => {
    const api = (window as unknown as { Switchyard: { on: (event: string, fn: (detail: { role: string; text: string }) => void) => void } })
      .Switchyard;
    const events: string[] = ((window as unknown as { events: string[] }).events = []);
    api.on("message", (message) => events.push(`${message.role}: ${message.text.slice(0, 12)}`));
  });
  await site.evaluate(() =>
    (window as unknown as { Switchyard: { send: (text: string) => Promise<void> } }).Switchyard.send("And returns?"),
  );
  expect(await site.evaluate(() => (window as unknown as { events: string[] }).events)).toEqual([
    "user: And returns?",
    "assistant: Happy to hel",
  ]);
  await site.keyboard.press("Escape");
  await expect(site.getByRole("dialog", { name: "Acme support" })).toBeHidden();
  await expect(launcher(site)).toBeFocused();
  await site.evaluate(() => (window as unknown as { Switchyard: { open: () => void } }).Switchyard.open());
  await site.getByRole("button", { name: "Start a new conversation" }).click();
  await expect(log(site)).not.toContainText("Where is my order");
  expect(alerts).toEqual([]);

  // the conversation is stored as runs of the deployment, shown on its page
  await page.reload();
  await expect(page.getByRole("list", { name: "Last conversations" })).toContainText("And returns?");
  await expect(page.getByLabel("Usage totals")).toContainText("Messages2");
  await snap(page, "74-deployment-with-usage");

  // on a phone-sized screen the panel fills the viewport
  await site.setViewportSize({ width: 390, height: 780 });
  await site.evaluate(() =>
    (window as unknown as { Switchyard: { send: (text: string) => Promise<void> } }).Switchyard.send("Hi from my phone"),
  );
  const panel = (await site.getByRole("dialog", { name: "Acme support" }).boundingBox())!;
  expect(panel.width).toBe(390);
  await snap(site, "75-widget-phone");

  // the same page on a site that is not allowed is refused
  const stranger = await page.context().newPage();
  await stranger.goto(`http://127.0.0.1:${otherPort}`);
  await launcher(stranger).click();
  await stranger.getByRole("textbox", { name: "Message" }).fill("hello?");
  await stranger.keyboard.press("Enter");
  await expect(log(stranger).getByRole("alert")).toHaveText("This chat is not available on this site right now.");
  await snap(stranger, "76-widget-refused-origin");
});

test("model output that looks like HTML is shown as text, never run", async ({ page, baseURL }) => {
  await signUp(page, newAccount("xss"));
  const workspaceId = workspaceIdFrom(page);
  const { botId } = await publishedBot(asApp(page.request), workspaceId, fixture.url, "fixture-xss", "Echo bot");
  const { deployment } = await post<{ deployment: { publicId: string } }>(
    asApp(page.request),
    `/api/workspaces/${workspaceId}/deployments`,
    {
      botId,
      version: 1,
      slug: "echo",
      allowedOrigins: [allowedOrigin],
    },
  );
  hostPage = pageWith(baseURL!, deployment.publicId, 'data-title="Echo" data-theme="dark" data-position="left"');
  const site = await page.context().newPage();
  const alerts: string[] = [];
  site.on("dialog", (dialog) => (alerts.push(dialog.message()), dialog.dismiss()));
  await site.goto(allowedOrigin);
  await launcher(site).click();
  await site.getByRole("textbox", { name: "Message" }).fill("<b>hi</b>");
  await site.keyboard.press("Enter");
  const reply = log(site).locator(".msg.assistant").last();
  await expect(reply).toContainText("<img src=x onerror=alert(1)> <script>alert(2)</script>");
  await expect(reply.locator("strong")).toHaveText("still bold");
  await expect(log(site).locator(".msg.user").last()).toHaveText("<b>hi</b>");
  const injected = await site.evaluate(
    () => document.querySelector("switchyard-chat")!.shadowRoot!.querySelectorAll("img, script, b").length,
  );
  expect(injected).toBe(0);
  await site.waitForTimeout(300); // an injected onerror would fire by now
  expect(alerts).toEqual([]);
  await snap(site, "77-widget-dark-text-only");
});

function pageWith(baseURL: string, publicId: string, attributes: string) {
  return hostHtml(`<script src="${baseURL}/widget.js" data-bot="${publicId}" ${attributes} async></script>`);
}

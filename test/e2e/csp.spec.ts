// The app's pages carry a nonce-based Content-Security-Policy, and nothing the app does trips it: a
// signed-in walk through the pages people use most raises no CSP violation and no console error.
// The same walk checks the air gap from the browser's side: every request goes to the app's origin
// (no fonts, CDNs, analytics or images from elsewhere). docs/security.md, "Content-Security-Policy".
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { post, publishedBot } from "./publish-support";
import { appOrigin, asApp, newAccount, paletteAndCanvas, signIn, signUp, snap, workspaceIdFrom } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "fixture-small": "Hello from the fixture, **in bold**." } });
});
test.afterAll(async () => fixture.close());

const nonceOf = (policy: string) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];

/** Every `<script …>` start tag in a server-rendered page. */
const scriptTags = (html: string) => html.match(/<script\b[^>]*>/g) ?? [];

test("every page has a CSP with a fresh nonce, and every script the server renders carries it", async ({ page }) => {
  const account = newAccount("csp");
  await signUp(page, account);
  const workspaceId = workspaceIdFrom(page);
  const { botId } = await publishedBot(asApp(page.request), workspaceId, fixture.url, "fixture-small", "Nonce bot");

  const pages = [
    "/login",
    "/signup",
    `/w/${workspaceId}/bots`,
    `/w/${workspaceId}/bots/${botId}`,
    `/w/${workspaceId}/evals`,
    "/no-such-page",
  ];
  for (const path of pages) {
    const nonces: string[] = [];
    for (let load = 0; load < 2; load++) {
      const response = await page.request.get(path);
      const policy = response.headers()["content-security-policy"];
      expect(policy, `${path} has a Content-Security-Policy`).toBeTruthy();
      for (const directive of [
        "default-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ])
        expect(policy!.split("; "), path).toContain(directive);
      const nonce = nonceOf(policy!)!;
      expect(nonce, path).toMatch(/^[A-Za-z0-9+/]{22}==$/); // 128 random bits
      expect(policy!.split("; ")).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
      expect(policy!.split("; ")).toContain(`style-src 'self' 'nonce-${nonce}'`);
      expect(policy).not.toContain("unsafe-eval");

      const tags = scriptTags(await response.text());
      expect(tags.length, `${path} renders scripts`).toBeGreaterThan(0);
      for (const tag of tags) expect(tag, `${path}: every <script> carries this response's nonce`).toContain(`nonce="${nonce}"`);
      nonces.push(nonce);
    }
    expect(nonces[0], `${path}: a second load gets a new nonce`).not.toBe(nonces[1]);
  }

  // JSON and the embeddable script need none (a browser never renders them as a page)
  expect((await page.request.get("/api/health")).headers()["content-security-policy"]).toBeUndefined();
  const widget = await page.request.get("/widget.js");
  expect(widget.status()).toBe(200);
  expect(widget.headers()["content-security-policy"]).toBeUndefined();

  // markup injected into a server-rendered page (as a stored XSS would be) runs nothing and loads nothing
  const violations = await recordViolations(page);
  await page.route(`**/w/${workspaceId}/bots`, async (route) => {
    const response = await route.fetch();
    const injected = '<script>window.injected = true</script><img src="https://example.com/pixel.png"></body>';
    await route.fulfill({ response, body: (await response.text()).replace("</body>", injected) });
  });
  await page.goto(`/w/${workspaceId}/bots`);
  await expect(page.getByRole("link", { name: "Nonce bot" })).toBeVisible(); // the app itself still runs
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
  await expect.poll(() => violations.map((violation) => violation.directive).sort()).toEqual(["img-src", "script-src-elem"]);
});

interface Violation {
  directive: string;
  blocked: string;
  page: string;
}

/** CSP violations on every page of the context, reported through a binding (which CSP does not govern). */
async function recordViolations(target: Page | BrowserContext): Promise<Violation[]> {
  const violations: Violation[] = [];
  await target.exposeFunction("reportViolation", (violation: Violation) => violations.push(violation));
  await target.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (event) =>
      (window as unknown as { reportViolation: (violation: Violation) => void }).reportViolation({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        page: location.pathname,
      }),
    ),
  );
  return violations;
}

/** Console errors and uncaught exceptions on every page of the context. */
function recordErrors(context: BrowserContext): string[] {
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on("console", (message) => message.type() === "error" && errors.push(`${new URL(page.url()).pathname}: ${message.text()}`));
    page.on("pageerror", (error) => errors.push(`${new URL(page.url()).pathname}: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return errors;
}

/** The URL of every request the browser makes (page loads, scripts, styles, images, fonts, fetches). */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on("request", (request) => urls.push(request.url()));
  return urls;
}

const origins = (urls: string[]) => [...new Set(urls.filter((url) => !/^(data|blob):/.test(url)).map((url) => new URL(url).origin))];

test.describe("signed in", () => {
  test.use({ viewport: { width: 1600, height: 1000 } });

  test("sign-in → editor (drop a node, test chat) → evals → usage → settings: no CSP violation, no console error, no request off the app", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const account = newAccount("walker");
    await signUp(page, account);
    const workspaceId = workspaceIdFrom(page);
    const { botId } = await publishedBot(asApp(page.request), workspaceId, fixture.url, "fixture-small", "Walk bot");

    // a new browser context, recorded from its first request: the walk starts at the sign-in page
    const context = await browser.newContext({ baseURL: appOrigin, viewport: { width: 1600, height: 1000 } });
    const violations = await recordViolations(context);
    const errors = recordErrors(context);
    const requests = recordRequests(context);
    const walker = await context.newPage();
    await signIn(walker, account);

    await walker.getByRole("link", { name: "Walk bot" }).click();
    await expect(walker.getByRole("heading", { name: "Walk bot" })).toBeVisible();
    await expect(walker.locator(".react-flow__node")).toHaveCount(3);
    // drop a node from the palette (React Flow positions it with inline styles), then take it away again
    const { palette, canvas, box, left, freeWidth } = await paletteAndCanvas(walker);
    await palette
      .getByRole("button", { name: "Prompt", exact: true })
      .dragTo(canvas, { targetPosition: { x: left + freeWidth * 0.5, y: box.height * 0.7 } });
    await expect(walker.locator(".react-flow__node")).toHaveCount(4);
    await walker.locator(".react-flow__node").last().click();
    await walker.keyboard.press("Delete");
    await expect(walker.locator(".react-flow__node")).toHaveCount(3);
    await expect(walker.getByLabel("Save status")).toHaveText("All changes saved");
    // the test chat streams the fixture's reply (server-sent events on the app's origin)
    await walker.getByLabel("Message").fill("Hello?");
    await walker.getByRole("button", { name: "Send" }).click();
    await expect(walker.locator('[data-role="assistant"]').last()).toHaveText("Hello from the fixture, in bold.");
    await snap(walker, "csp-01-editor");

    for (const [link, heading] of [
      ["Evals", "Evals"],
      ["Usage", "Usage"],
      ["Settings", /\S/], // the workspace's name
      ["Deployments", "Deployments"],
      ["Knowledge", "Knowledge"],
    ] as const) {
      await walker.getByRole("link", { name: link, exact: true }).click();
      await expect(walker).toHaveURL(new RegExp(`/w/${workspaceId}/`));
      await expect(walker.getByRole("heading", { level: 1 }).first()).toHaveText(heading);
      await walker.reload(); // and as a full page load, with its own nonce
      await expect(walker.getByRole("heading", { level: 1 }).first()).toHaveText(heading);
    }
    await walker.getByRole("link", { name: "Usage", exact: true }).click();
    await expect(walker.getByRole("heading", { level: 1 }).first()).toHaveText("Usage");
    await snap(walker, "csp-02-usage");
    await walker.goto(`/w/${workspaceId}/bots/${botId}`);
    await expect(walker.locator(".react-flow__node")).toHaveCount(3);
    await context.close();

    expect(violations, "CSP violations").toEqual([]);
    expect(errors, "console errors").toEqual([]);
    expect(requests.length).toBeGreaterThan(20);
    expect(origins(requests), "every request goes to the app").toEqual([appOrigin]);
  });
});

test("the widget on another site with a strict CSP of its own chats, and the browser asks only that site and the app", async ({
  page,
  browser,
}) => {
  await signUp(page, newAccount("embedder"));
  const workspaceId = workspaceIdFrom(page);
  const { botId } = await publishedBot(asApp(page.request), workspaceId, fixture.url, "fixture-small", "Shop helper");

  // the third-party page: another origin, allowing scripts and connections from itself and the app only,
  // and no inline styles at all
  let hostPolicy = "";
  const host: Server = createServer((_request, response) =>
    response
      .writeHead(200, { "content-type": "text/html", "content-security-policy": hostPolicy })
      .end(
        `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>` +
          `<script src="${appOrigin}/widget.js" data-bot="${deployment.publicId}" data-title="Shop helper" async></script></body></html>`,
      ),
  );
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  const hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  hostPolicy = `default-src 'self'; script-src 'self' ${appOrigin}; connect-src 'self' ${appOrigin}; style-src 'self'; img-src 'self'`;
  const { deployment } = await post<{ deployment: { publicId: string } }>(
    asApp(page.request),
    `/api/workspaces/${workspaceId}/deployments`,
    {
      botId,
      version: 1,
      slug: "shop",
      allowedOrigins: [hostOrigin],
    },
  );

  const context = await browser.newContext();
  const violations = await recordViolations(context);
  const errors = recordErrors(context);
  const requests = recordRequests(context);
  const site = await context.newPage();
  try {
    await site.goto(hostOrigin);
    const launcher = site.getByRole("button", { name: /Open chat/ });
    await expect(launcher).toBeVisible();
    // styled although the host refuses inline styles: the launcher is the widget's round floating button
    expect(await launcher.evaluate((button) => getComputedStyle(button).borderRadius)).toBe("50%");
    await launcher.click();
    await site.getByRole("textbox", { name: "Message" }).fill("Do you ship abroad?");
    await site.keyboard.press("Enter");
    await expect(site.getByRole("log", { name: "Conversation" })).toContainText("Hello from the fixture, in bold.");
    await snap(site, "csp-03-widget-strict-host");
  } finally {
    await context.close();
    await new Promise((resolve) => host.close(resolve));
  }
  expect(violations, "CSP violations on the host page").toEqual([]);
  expect(errors, "console errors").toEqual([]);
  expect(origins(requests).sort(), "requests go to the host page and the app only").toEqual([appOrigin, hostOrigin].sort());
});

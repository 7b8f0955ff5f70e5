// The editor fits the screen and the test chat tells the truth (issue 15), at a desktop and a laptop
// width: where new nodes land, folding panels, refused connections, a prompt with two inputs, chat
// errors and re-sends, model images, the widget's too-long message, and dark mode on every main page.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import {
  openBot,
  stepConnectionsAndNamedInputs,
  stepDarkMode,
  stepImagesAreLinks,
  stepNothingCovered,
  stepPanelsFold,
  stepPlacesNewNodes,
  stepTestChat,
  stepWidgetTooLong,
  uxContext,
  type UxContext,
} from "./first-hour-steps/editor-ux";
import { deploy, publishedBot } from "./publish-support";
import { apiAccount, asApp } from "./support";

let fixture: ProviderFixture;
let leak: Server;
let leakHits = 0;
let host: Server;
let hostPage = "";

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

test.beforeAll(async () => {
  leak = createServer((_request, response) => (leakHits++, response.writeHead(200, { "content-type": "image/png" }).end()));
  host = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end(hostPage));
  const leakUrl = await listen(leak);
  fixture = await startProviderFixture({
    strictModels: true,
    models: ["fixture-small", "fixture-large", "fixture-image"],
    replies: {
      "fixture-small": (text) => `Small model says: ${text}`,
      "fixture-large": (text) => `Large model, more careful: ${text}`,
      "fixture-image": `Here is your chart: ![sales chart](${leakUrl}/chart.png?secret=the-system-prompt)`,
    },
  });
});
test.afterAll(async () => {
  await fixture.close();
  await Promise.all([leak, host].map((server) => new Promise((resolve) => server.close(resolve))));
});

for (const width of [1440, 1024]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });
    let ctx: UxContext;
    test.beforeEach(async ({ page }) => {
      const { workspaceId } = await apiAccount(page.request, `ux${width}`);
      ctx = await uxContext(page, workspaceId, fixture.url);
    });

    test("new nodes land in view, next to the selection, never stacked; Tidy up keeps a readable zoom", async ({ page }) => {
      await stepPlacesNewNodes(page, ctx);
    });

    test("the palette and side panel fold and stay folded; the canvas keeps half the width; the sidebar stays put", async ({ page }) => {
      await stepPanelsFold(page, ctx);
    });

    test("a refused connection says why at the pointer and offers to replace; a prompt takes {{input}} and {{context}}", async ({
      page,
    }) => {
      await stepConnectionsAndNamedInputs(page, ctx);
    });

    test("test chat: errors under their message, Clear clears them, Re-send compares, old traces name their model", async ({ page }) => {
      await stepTestChat(page, ctx);
    });

    test("a model's markdown image is a link and is never fetched", async ({ page }) => {
      await stepImagesAreLinks(page, ctx, `${leakUrlOf()}/chart.png?secret=the-system-prompt`, () => leakHits);
    });

    test("dark mode follows the system, the switch overrides it, and every main page stays readable", async ({ page }) => {
      const botId = await openBot(page, ctx, "Dark bot", [{ id: "in", type: "chat-input", position: { x: 0, y: 0 } }]);
      await stepDarkMode(page, ctx, botId);
    });
  });
}

// 1280 is the narrowest width with the palette in a column of its own; below it, the palette floats
for (const width of [1440, 1280, 1024]) {
  test.describe(`layout at ${width} px`, () => {
    test.use({ viewport: { width, height: 800 } });
    test("the palette leaves the controls, the minimap and a Model node's toolbar clear", async ({ page }) => {
      const { workspaceId } = await apiAccount(page.request, `layout${width}`);
      await stepNothingCovered(page, await uxContext(page, workspaceId, fixture.url));
    });
  });
}

const leakUrlOf = () => `http://127.0.0.1:${(leak.address() as AddressInfo).port}`;

test.describe("the widget", () => {
  test.use({ viewport: { width: 1024, height: 800 } });
  test("an over-long message gets a human sentence, from the widget and from the public API", async ({ page, baseURL }) => {
    const hostUrl = await listen(host);
    const { workspaceId } = await apiAccount(page.request, "widgetlong");
    const { botId } = await publishedBot(asApp(page.request), workspaceId, fixture.url, "fixture-small", "Long talker");
    const deployment = await deploy(asApp(page.request), workspaceId, { botId, slug: "long-talker", allowedOrigins: [hostUrl] });
    hostPage = `<!doctype html><html><body><p>Shop</p><script src="${baseURL}/widget.js" data-bot="${deployment.publicId}" async></script></body></html>`;
    await stepWidgetTooLong(page, hostUrl, `/api/public/chat?bot=${deployment.publicId}`);
    // nothing over-long reached a model
    expect(fixture.requests.filter((request) => String(JSON.stringify(request.body ?? null)).includes("x".repeat(4001)))).toEqual([]);
  });
});

// The first hour of a new user (issue 15), walked as one story at a laptop's and a small screen's
// width: sign up, add and test a provider, upload a knowledge base, build a retrieval bot, run it,
// swap its model, eval the draft, apply the better model, publish, and embed it on another site
// where the widget answers. The steps live in first-hour-steps/newcomer.ts; each one asserts what it
// must and saves a screenshot under test-results/screenshots/first-hour/, never into docs/ unless
// UPDATE_DOC_SCREENSHOTS=1 asks for the docs' copies to be refreshed.
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import {
  addProviderStep,
  applyBetterModelStep,
  buildRetrievalBotStep,
  embedStep,
  evalDraftStep,
  knowledgeStep,
  newcomerReplies,
  publishStep,
  runStep,
  signUpStep,
  swapModelStep,
  type Walk,
} from "./first-hour-steps/newcomer";
import { screenshotDir } from "./support";

const docScreenshots = path.resolve(import.meta.dirname, "../../docs/screenshots");

/** Every file under docs/screenshots with its size and modification time: what a run must leave alone. */
function docsState(folder = docScreenshots): Record<string, string> {
  const state: Record<string, string> = {};
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) Object.assign(state, docsState(file));
    else state[path.relative(docScreenshots, file)] = `${statSync(file).size}@${statSync(file).mtimeMs}`;
  }
  return state;
}

let fixture: ProviderFixture;
let host: Server;
let hostUrl = "";
let hostHtml = "";
test.beforeAll(async () => {
  fixture = await startProviderFixture({ replies: newcomerReplies });
  host = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end(hostHtml));
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await fixture.close();
  await new Promise((resolve) => host.close(resolve));
});

for (const [width, height] of [
  [1440, 900],
  [1024, 768],
] as const)
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height } });

    test("a newcomer goes from sign-up to a retrieval bot, tried, compared, improved, published and answering on a website", async ({
      page,
      baseURL,
    }) => {
      test.setTimeout(300_000);
      const docsBefore = docsState();
      const walk: Walk = {
        page,
        width,
        step: 0,
        fixture,
        host: { url: hostUrl, setHtml: (html) => (hostHtml = html) },
        shots: [],
      };
      await signUpStep(walk);
      await addProviderStep(walk);
      await knowledgeStep(walk);
      await buildRetrievalBotStep(walk);
      await runStep(walk);
      await swapModelStep(walk);
      await evalDraftStep(walk);
      await applyBetterModelStep(walk);
      await publishStep(walk);
      await embedStep(walk, baseURL!);

      // every step's screenshot is in test-results; docs/screenshots changes only when asked to
      expect(walk.shots).toHaveLength(14);
      for (const file of walk.shots) expect(existsSync(path.join(screenshotDir, file)), file).toBe(true);
      if (process.env.UPDATE_DOC_SCREENSHOTS !== "1") expect(docsState(), "an ordinary run changed docs/screenshots").toEqual(docsBefore);
    });
  });

// An eval run with many variants, read on a 1024 px screen: the results matrix keeps every variant's
// column readable and scrolls sideways inside its card; the page itself never scrolls sideways.
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { chatGraph } from "./publish-support";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "fixture-small": (text) => `A fairly long answer to: ${text}` } });
});
test.afterAll(async () => fixture.close());

test.use({ viewport: { width: 1024, height: 768 } });

test("a wide results table scrolls inside its card at 1024 px, and the page does not", async ({ page }) => {
  test.setTimeout(90_000);
  await signUp(page, newAccount("widetable"));
  const workspaceId = workspaceIdFrom(page);
  const api = asApp(page.request);
  const base = `/api/workspaces/${workspaceId}`;
  const created = await api.post(`${base}/credentials`, {
    data: { name: "Fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` },
  });
  const { credential } = (await created.json()) as { credential: { id: string } };
  const bot = await api.post(`${base}/bots`, { data: { name: "Wide", graph: chatGraph(credential.id, "fixture-small") } });
  const botId = ((await bot.json()) as { bot: { id: string } }).bot.id;
  expect((await api.post(`${base}/bots/${botId}/versions`, { data: {} })).status()).toBe(201);
  const rows = [
    "Where is my parcel, which I ordered on Monday and which was due on Thursday?",
    "Can I return boots?",
    "Do you ship abroad?",
  ].map((input) => ({ input, expected: "answer" }));
  const dataset = await api.post(`${base}/datasets`, { data: { name: "Questions", rows } });
  const datasetId = ((await dataset.json()) as { dataset: { id: string } }).dataset.id;
  const variants = Array.from({ length: 8 }, (_, index) => ({
    key: `t${index}`,
    label: `fixture-small · t=${index / 10}`,
    overrides: { llm: { temperature: index / 10 } },
  }));
  const started = await api.post(`${base}/eval-runs`, {
    data: { botId, datasetId, variants, evaluators: [{ id: "contains", kind: "contains", value: "answer" }] },
  });
  expect(started.status(), await started.text()).toBe(201);
  const { evalRun } = (await started.json()) as { evalRun: { id: string } };

  await page.goto(`/w/${workspaceId}/evals/runs/${evalRun.id}`);
  await expect(page.getByTestId("eval-progress")).toHaveText("24 / 24", { timeout: 60_000 });
  const matrix = page.getByRole("table", { name: "Results matrix" });
  await expect(matrix.getByRole("columnheader", { name: "fixture-small · t=0.7" })).toBeAttached();
  const scroller = matrix.locator("xpath=..");
  const sizes = await scroller.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
  expect(sizes.scroll, "the matrix is wider than its card, so it scrolls inside it").toBeGreaterThan(sizes.client);
  // each variant keeps a readable column
  const column = (await matrix.getByRole("columnheader", { name: "fixture-small · t=0.3" }).boundingBox())!;
  expect(column.width).toBeGreaterThanOrEqual(160);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(await overflow(), "the page scrolls sideways").toBeLessThanOrEqual(0);
  await scroller.scrollIntoViewIfNeeded();
  await snap(page, "eval-tables-1024-matrix");

  // scrolled to its end inside the card, the last variant shows within the card
  await scroller.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
  const last = (await matrix.getByRole("columnheader", { name: "fixture-small · t=0.7" }).boundingBox())!;
  const card = (await scroller.boundingBox())!;
  expect(last.x + last.width).toBeLessThanOrEqual(card.x + card.width + 1);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await snap(page, "eval-tables-1024-matrix-scrolled");
});

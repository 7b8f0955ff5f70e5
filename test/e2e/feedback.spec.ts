// The feedback loop: a visitor rates the widget's answers on a third-party page (by keyboard, with a
// comment on the thumbs-down), an API caller rates a completion, the app shows the ratings, and the
// thumbs-down answers become test cases of a dataset, once.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiClient, deploy, post, publishedBot } from "./publish-support";
import { apiAccount, asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let fixture: ProviderFixture;
let host: Server;
let hostOrigin = "";
let hostPage = "";

test.beforeAll(async () => {
  fixture = await startProviderFixture({ tokenDelayMs: 5, replies: { "fixture-small": "Our shop opens at 9 and closes at 5." } });
  host = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end(hostPage));
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await fixture.close();
  await new Promise((resolve) => host.close(resolve));
});

const widget = (site: Page) => site.getByRole("dialog");
const ratings = (site: Page) => widget(site).getByRole("group", { name: "Rate this answer" });

test("thumbs on the widget and the API show up in the app and the thumbs-down answers become dataset items, once", async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("curator"));
  const workspaceId = workspaceIdFrom(page);
  const app = asApp(page.request);
  const { botId } = await publishedBot(app, workspaceId, fixture.url, "fixture-small", "Shop helper");
  const deployment = await deploy(app, workspaceId, { botId, slug: "shop", allowedOrigins: [hostOrigin] });
  const { dataset } = await post<{ dataset: { id: string } }>(app, `/api/workspaces/${workspaceId}/datasets`, {
    name: "Production regressions",
    rows: [{ input: "Do you sell gift cards?", expected: "Yes" }],
  });

  // a visitor on another site asks twice, rates the first answer down (keyboard only, with a comment) and the second up
  hostPage = `<!doctype html><html><body><h1>Acme shop</h1><script src="${baseURL}/widget.js" data-bot="${deployment.publicId}" data-title="Shop helper" async></script></body></html>`;
  const site = await page.context().newPage();
  await site.goto(hostOrigin);
  await site.getByRole("button", { name: /Open chat/ }).click();
  await site.getByRole("textbox", { name: "Message" }).fill("When do you open on Sundays?");
  await site.keyboard.press("Enter");
  await expect(ratings(site)).toHaveCount(1);
  // the greeting is not a run: only the answer has thumbs
  await expect(widget(site).getByRole("button", { name: "Bad answer" })).toHaveCount(1);
  await widget(site).getByRole("button", { name: "Bad answer" }).focus();
  await site.keyboard.press("Enter");
  const why = widget(site).getByRole("textbox", { name: "What was wrong with this answer? (optional)" });
  await expect(why).toBeFocused();
  await expect(widget(site).getByRole("button", { name: "Bad answer" })).toHaveAttribute("aria-pressed", "true");
  await site.keyboard.type("It ignored that I asked about Sundays");
  await snap(site, "feedback-01-widget-thumbs-down-comment");
  await site.keyboard.press("Enter");
  await expect(why).toHaveCount(0);
  await expect(ratings(site).first().getByRole("status")).toHaveText("Thanks for your feedback");

  await site.getByRole("textbox", { name: "Message" }).fill("And on Mondays?");
  await site.keyboard.press("Enter");
  await expect(ratings(site)).toHaveCount(2);
  await ratings(site).nth(1).getByRole("button", { name: "Good answer" }).click();
  await expect(ratings(site).nth(1).getByRole("button", { name: "Good answer" })).toHaveAttribute("aria-pressed", "true");
  await snap(site, "feedback-02-widget-rated");
  // the ratings survive a reload
  await site.reload();
  await site.getByRole("button", { name: /Open chat/ }).click();
  await expect(ratings(site).first().getByRole("button", { name: "Bad answer" })).toHaveAttribute("aria-pressed", "true");
  await expect(ratings(site).nth(1).getByRole("button", { name: "Good answer" })).toHaveAttribute("aria-pressed", "true");

  // a visitor without the conversation's session cannot rate its answers
  const runIds = await site.evaluate(
    (bot) =>
      (JSON.parse(localStorage.getItem(`switchyard:${bot}`)!) as { messages: { runId?: string }[] }).messages.flatMap((m) => m.runId ?? []),
    deployment.publicId,
  );
  expect(runIds).toHaveLength(2);
  const stranger = await site.evaluate(
    async ({ url, runId }) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ runId, score: 1 }),
      });
      return response.status;
    },
    { url: `${baseURL}/api/public/feedback?bot=${deployment.publicId}`, runId: runIds[0]! },
  );
  expect(stranger).toBe(404);

  // an API caller rates a completion by its id; a second vote replaces the first
  const { secret } = await post<{ secret: string }>(app, `/api/workspaces/${workspaceId}/api-keys`, { name: "server", scopes: ["chat"] });
  const bearer = { authorization: `Bearer ${secret}` };
  const completion = await page.request.post(`${baseURL}/api/v1/chat/completions`, {
    headers: bearer,
    data: { model: "shop", messages: [{ role: "user", content: "Do you deliver on Saturdays?" }] },
  });
  expect(completion.status()).toBe(200);
  const { id } = (await completion.json()) as { id: string };
  expect(id).toBe(`chatcmpl-${completion.headers()["x-run-id"]}`);
  const feedback = (data: unknown, headers = bearer) => page.request.post(`${baseURL}/api/v1/feedback`, { headers, data });
  expect((await feedback({ run_id: id, score: 1 })).status()).toBe(200);
  const revote = await feedback({ run_id: id, score: -1, comment: "Saturday delivery exists" });
  expect(revote.status()).toBe(200);
  expect(await revote.json()).toMatchObject({
    object: "feedback",
    run_id: id.slice("chatcmpl-".length),
    score: -1,
    comment: "Saturday delivery exists",
  });
  const bad = await feedback({ run_id: id, score: 0 });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({
    error: {
      message: expect.stringContaining("score must be 1 (thumbs up) or -1 (thumbs down)"),
      type: "invalid_request_error",
      param: "score",
      code: null,
    },
  });
  // another workspace's key: the run does not exist for it
  const otherClient = await apiClient(playwright, baseURL);
  const other = await apiAccount(otherClient, "outsider");
  const { secret: otherSecret } = await post<{ secret: string }>(otherClient, `/api/workspaces/${other.workspaceId}/api-keys`, {
    name: "theirs",
    scopes: ["chat"],
  });
  const foreign = await feedback({ run_id: id, score: -1 }, { authorization: `Bearer ${otherSecret}` });
  expect(foreign.status()).toBe(404);
  expect(((await foreign.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");

  // the app: counts and the latest thumbs-down on the deployment's page
  await page.goto(`/w/${workspaceId}/deployments/${deployment.id}`);
  await expect(page.getByLabel("Feedback totals")).toContainText("Thumbs up1");
  await expect(page.getByLabel("Feedback totals")).toContainText("Thumbs down2");
  const latest = page.getByRole("list", { name: "Latest thumbs-down answers" });
  await expect(latest).toContainText("It ignored that I asked about Sundays");
  await expect(latest).toContainText("Saturday delivery exists");

  // add the thumbs-down answers to the dataset, twice: the second time adds nothing
  await page.getByLabel("Dataset", { exact: true }).selectOption({ label: "Production regressions" });
  await page.getByRole("button", { name: "Add thumbs-down answers to dataset" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added" })).toContainText("Added 2 answers as version 2");
  await page.getByLabel("Feedback totals").scrollIntoViewIfNeeded();
  await snap(page, "feedback-03-deployment-feedback");
  await page.getByRole("button", { name: "Add thumbs-down answers to dataset" }).click();
  await expect(page.getByRole("status").filter({ hasText: "nothing added" })).toHaveText(
    /All 2 are already in the dataset; nothing added\./,
  );

  // the dataset holds them, expected left empty for a person to write
  await page.getByRole("link", { name: "Open the dataset" }).click();
  await expect(page).toHaveURL(new RegExp(`/evals/datasets/${dataset.id}`));
  const rows = page.getByRole("table", { name: "Dataset rows" });
  await expect(rows.locator("tbody tr")).toHaveCount(3);
  await expect(page.getByRole("textbox", { name: "Input 2" })).toHaveValue(/Sundays|Saturdays/);
  await expect(page.getByRole("textbox", { name: "Input 3" })).toHaveValue(/Sundays|Saturdays/);
  await expect(page.getByRole("textbox", { name: "Expected 2" })).toHaveValue("");
  await snap(page, "feedback-04-dataset-items");

  // the editor's run list shows the ratings, and the picked run the comments
  await page.goto(`/w/${workspaceId}/bots/${botId}`);
  await page.getByRole("tab", { name: "Runs" }).click();
  const runs = page.getByLabel("Runs");
  await expect(runs.getByRole("img", { name: "1 thumbs up, 0 thumbs down" })).toHaveCount(1);
  await expect(runs.getByRole("img", { name: "0 thumbs up, 1 thumbs down" })).toHaveCount(2);
  await runs
    .getByRole("button")
    .filter({ has: page.getByRole("img", { name: "0 thumbs up, 1 thumbs down" }) })
    .first()
    .click();
  const picked = page.getByRole("group", { name: "Feedback on this run" });
  await expect(picked).toContainText(/Saturday delivery exists|It ignored that I asked about Sundays/);
  // a member's own vote adds to the visitors' and callers'
  await picked.getByRole("button", { name: "Rate this run thumbs up" }).click();
  await expect(picked).toContainText("2 ratings");
  await expect(picked).toContainText("Thumbs up from member");
  await snap(page, "feedback-05-editor-runs");
});

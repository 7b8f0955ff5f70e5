// The signature feature, as a user meets it: an eval of two fixture models (the cheap one right only on
// the easy half), "Learn a router" on the eval run, the curve and the cost saved, "Use this router" into
// the draft, and an eval of the routed bot that lands on the Pareto chart between the two models alone.
import { expect, test, type Page } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

const isHard = (text: string) => text.includes("Australia");
function luckyFor(text: string): boolean {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return ((hash >>> 0) & 1) === 0;
}
/** Calls of the self-consistency model per text: its unlucky Brazil answers alternate, so two never agree. */
const asked = new Map<string, number>();
let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({
    replies: {
      "cheap-model": (text) => (isHard(text) ? "Sydney" : "Paris"),
      "strong-model": (text) => (isHard(text) ? "Canberra" : "Paris"),
      // Brazil: right on about half (by a hash of the text, which no n-gram reveals), and its confidence says which
      "cheap-json": (text) =>
        JSON.stringify(
          text.includes("Brazil")
            ? luckyFor(text)
              ? { answer: "Brasília", confidence: "high" }
              : { answer: "Rio", confidence: "low" }
            : { answer: isHard(text) ? "Sydney" : "Paris", confidence: isHard(text) ? "low" : "high" },
        ),
      "cheap-sc": (text) => {
        if (!text.includes("Brazil")) return isHard(text) ? "Sydney" : "Paris";
        const k = asked.get(text) ?? 0;
        asked.set(text, k + 1);
        return luckyFor(text) ? "Brasília" : k % 2 ? "São Paulo" : "Rio de Janeiro";
      },
      "strong-sc": (text) => (text.includes("Brazil") ? "Brasília" : isHard(text) ? "Canberra" : "Paris"),
      "strong-json": (text) =>
        JSON.stringify({ answer: text.includes("Brazil") ? "Brasília" : isHard(text) ? "Canberra" : "Paris", confidence: "high" }),
    },
  });
});
test.afterAll(async () => fixture.close());
test.use({ viewport: { width: 1440, height: 1000 } });

/** A new account's workspace with the fixture as a provider and a cheap (1) and a strong (20 per million) model priced. */
async function pricedPair(page: Page, account: string, [cheap, strong]: [string, string]) {
  await signUp(page, newAccount(account));
  const workspaceId = workspaceIdFrom(page);
  const api = `/api/workspaces/${workspaceId}`;
  const post = async <T>(path: string, data: unknown, status = 201) => {
    const response = await asApp(page.request).post(`${api}${path}`, { data });
    expect(response.status(), await response.text()).toBe(status);
    return (await response.json()) as T;
  };
  const { credential } = await post<{ credential: { id: string } }>("/credentials", {
    name: "Fixture",
    kind: "OPENAI_COMPATIBLE",
    baseUrl: `${fixture.url}/v1`,
  });
  for (const [model, price] of [
    [cheap, 1],
    [strong, 20],
  ] as const) {
    const response = await asApp(page.request).put(`${api}/prices`, {
      data: { provider: "OPENAI_COMPATIBLE", model, inputPerMillion: price, outputPerMillion: price },
    });
    expect(response.ok()).toBe(true);
  }
  return { workspaceId, api, post, credential };
}

/**
 * A published bot, chat input → "model" (a Model node with `config`) → chat output: the node the
 * eval's variants change the model of and "Use this router" replaces.
 */
async function publishedModelBot(post: Awaited<ReturnType<typeof pricedPair>>["post"], name: string, config: Record<string, unknown>) {
  const graph = {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
      { id: "model", type: "model", config, position: { x: 300, y: 0 } },
      { id: "output", type: "chat-output", config: {}, position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "model", targetHandle: "prompt" },
      { id: "e2", source: "model", sourceHandle: "text", target: "output", targetHandle: "text" },
    ],
  };
  const { bot } = await post<{ bot: { id: string } }>("/bots", { name, graph });
  await post(`/bots/${bot.id}/versions`, {});
  return bot;
}

/** The "model" node of the bot's draft (after "Use this router": the Router that replaced it). */
async function draftModelNode(page: Page, api: string, botId: string) {
  const { bot } = (await (await asApp(page.request).get(`${api}/bots/${botId}`)).json()) as {
    bot: { draftGraph: { nodes: { id: string; type: string; config: Record<string, unknown> }[] } };
  };
  return bot.draftGraph.nodes.find((node) => node.id === "model")!;
}

/** 90 rows, in turn France (easy), Australia (hard for the cheap models) and Brazil (their coin flip). */
const capitalsWithBrazil = Array.from(
  { length: 90 },
  (_, i) =>
    [
      { input: `Capital of France? (${i})`, expected: "Paris" },
      { input: `Hard one: capital of Australia? (${i})`, expected: "Canberra" },
      { input: `Capital of Brazil? (${i})`, expected: "Brasília" },
    ][i % 3]!,
);

interface Stat {
  variantKey: string;
  meanScore: number;
  costPerItemUsd: number;
  items: number;
}

test("learn a router from an eval, adopt it, and see the routed bot between the two models", async ({ page }) => {
  test.setTimeout(180_000);
  const { workspaceId, api, post, credential } = await pricedPair(page, "router", ["cheap-model", "strong-model"]);
  const bot = await publishedModelBot(post, "Capitals", { credentialId: credential.id, model: "cheap-model" });
  const rows = Array.from({ length: 40 }, (_, i) =>
    i % 2
      ? { input: `Hard one: capital of Australia? (${i})`, expected: "Canberra" }
      : { input: `Capital of France? (${i})`, expected: "Paris" },
  );
  const { dataset } = await post<{ dataset: { id: string } }>("/datasets", { name: "capitals", rows });
  const evaluators = [{ id: "contains", kind: "contains" }];
  const { evalRun } = await post<{ evalRun: { id: string } }>("/eval-runs", {
    name: "cheap vs strong",
    botId: bot.id,
    datasetId: dataset.id,
    variants: [
      { key: "cheap", label: "cheap-model", overrides: {} },
      { key: "strong", label: "strong-model", overrides: { model: { model: "strong-model" } } },
    ],
    evaluators,
  });

  // the eval run page: once it has finished, "Learn a router"
  await page.goto(`/w/${workspaceId}/evals/runs/${evalRun.id}`);
  await expect(page.getByTestId("eval-progress")).toHaveText("80 / 80", { timeout: 60_000 });
  await page.getByRole("button", { name: "Learn a router" }).click();
  await expect(page).toHaveURL(/\/evals\/routers\//);
  await expect(page.getByRole("heading", { name: "Learned router" })).toBeVisible();
  await expect(page.getByTestId("cost-saved")).toBeVisible({ timeout: 30_000 });
  const saved = Number((await page.getByTestId("cost-saved").textContent())!.replace("%", ""));
  // at most 47.5 % (half the items on a model 20× cheaper); cross-validated on 40 items it is less sure
  expect(saved).toBeGreaterThan(30);
  await expect(page.getByTestId("router-curve-chart").locator(".recharts-surface")).toBeVisible();
  await expect(page.getByTestId("router-warning")).toHaveCount(0);
  await expect(page.getByText(/Chosen threshold [01]\.\d+: accuracy (9[5-9]|100)(\.\d)?%/)).toBeVisible();
  // the choice rests on the lower confidence bound of the quality, not on the estimate
  await expect(page.getByTestId("quality-bound")).toHaveText(
    /lower confidence bound \(1\.645 standard errors, one-sided 95 %\) is (9[5-9]|100)(\.\d)?%/,
  );
  // 20 cheap answers that all passed cannot promise 95 %: the page says how low it could be
  await expect(page.getByTestId("router-reliability")).toHaveText(
    /^Learned from 40 items \(20 sent to a cheaper model\): on new requests like these its quality could be as low as 94% of strong-model's \(one-sided 95 %\)\. That is under the 95% target/,
  );
  await snap(page, "90-learned-router");

  await page.getByRole("button", { name: "Use this router" }).click();
  await expect(page.getByTestId("router-adopted")).toBeVisible();
  const routerId = /\/evals\/routers\/([^/?]+)/.exec(page.url())![1]!;
  expect(await draftModelNode(page, api, bot.id)).toMatchObject({ type: "router", config: { mode: "learned", learned: { routerId } } });

  // the routed bot, evaluated beside each model alone (the same router pinned to one end of its threshold)
  await post(`/bots/${bot.id}/versions`, {});
  const { evalRun: routed } = await post<{ evalRun: { id: string } }>("/eval-runs", {
    name: "routed",
    botId: bot.id,
    datasetId: dataset.id,
    variants: [
      { key: "cheap", label: "cheap-model only", overrides: { model: { learned: { routerId, threshold: 0 } } } },
      { key: "routed", label: "learned router", overrides: {} },
      { key: "strong", label: "strong-model only", overrides: { model: { learned: { routerId, threshold: 1.01 } } } },
    ],
    evaluators,
    // the first eval run asked the same questions: from the response cache they would cost nothing
    useCache: false,
  });
  await page.goto(`/w/${workspaceId}/evals/runs/${routed.id}`);
  await expect(page.getByTestId("eval-progress")).toHaveText("120 / 120", { timeout: 60_000 });
  await expect(page.getByText("finished")).toBeVisible();
  const chart = page.getByTestId("quality-cost-chart");
  // each point is labelled once (its tooltip repeats the name in an SVG title)
  for (const label of ["cheap-model only", "learned router", "strong-model only"])
    await expect(chart.getByTestId("chart-label").filter({ hasText: new RegExp(`^${label}$`) })).toBeVisible();
  const { evalRun: view } = (await (await asApp(page.request).get(`${api}/eval-runs/${routed.id}`)).json()) as {
    evalRun: { summary: { stats: Stat[]; frontier: string[] } };
  };
  const stat = (key: string) => view.summary.stats.find((candidate) => candidate.variantKey === key)!;
  // between the two on cost, as good as the strong model
  expect(stat("routed").costPerItemUsd).toBeGreaterThan(stat("cheap").costPerItemUsd);
  expect(stat("routed").costPerItemUsd).toBeLessThan(stat("strong").costPerItemUsd * 0.7);
  expect(stat("routed").meanScore).toBeGreaterThanOrEqual(0.95 * stat("strong").meanScore);
  expect(stat("cheap").meanScore).toBe(0.5);
  expect(view.summary.frontier).toContain("routed");
  await expect(page.getByRole("table", { name: "Variant statistics" }).getByRole("row", { name: /learned router/ })).toContainText(
    /cheap-model 50% · strong-model 50%/,
  );
  await snap(page, "91-routed-bot-pareto");

  // Usage: the router's share of traffic per route, and its cost against all-to-the-strong-model
  await page.goto(`/w/${workspaceId}/usage`);
  const routers = page.getByTestId("router-usage");
  await expect(routers.getByRole("region", { name: /Router Capitals · model/ })).toContainText(/had all gone to strong-model/);
  await snap(page, "92-router-usage");
});

test("a router learned with a JSON evaluator as verifier shows its verify line", async ({ page }) => {
  test.setTimeout(180_000);
  const { workspaceId, api, post, credential } = await pricedPair(page, "router-verify", ["cheap-json", "strong-json"]);
  const bot = await publishedModelBot(post, "Capitals JSON", { credentialId: credential.id, model: "cheap-json" });
  const { dataset } = await post<{ dataset: { id: string } }>("/datasets", { name: "capitals with a coin flip", rows: capitalsWithBrazil });
  const schema = { type: "object", properties: { confidence: { const: "high" } }, required: ["answer", "confidence"] };
  const { evalRun } = await post<{ evalRun: { id: string } }>("/eval-runs", {
    name: "cheap vs strong, JSON",
    botId: bot.id,
    datasetId: dataset.id,
    variants: [
      { key: "cheap", label: "cheap-json", overrides: {} },
      { key: "strong", label: "strong-json", overrides: { model: { model: "strong-json" } } },
    ],
    evaluators: [
      { id: "contains", kind: "contains" },
      { id: "confident", kind: "json", schema },
    ],
  });
  await page.goto(`/w/${workspaceId}/evals/runs/${evalRun.id}`);
  await expect(page.getByTestId("eval-progress")).toHaveText("180 / 180", { timeout: 90_000 });
  // the run has an evaluator that needs no expected value: the page offers it as the verifier
  const verifier = page.getByLabel("Verify the cheaper model's answers with");
  await expect(verifier.locator("option")).toHaveCount(2); // none, or the JSON evaluator (not "contains")
  await verifier.selectOption("evaluator:confident");
  await page.getByRole("button", { name: "Learn a router" }).click();
  await page.waitForURL(/\/evals\/routers\/[^/]+$/);
  const router = { id: page.url().split("/").pop()! };
  await expect(page.getByTestId("cost-saved")).toBeVisible({ timeout: 30_000 });
  const verify = page.getByTestId("verify-line");
  await expect(verify).toContainText("With a verify line (learned + cascade)");
  await expect(verify).toContainText('checked by the evaluator "confident"');
  await snap(page, "91-learned-router-verify-line");

  await page.getByRole("button", { name: "Use this router" }).click();
  await expect(page.getByTestId("router-adopted")).toBeVisible();
  const node = await draftModelNode(page, api, bot.id);
  expect(node.config).toMatchObject({
    mode: "learned",
    learned: { routerId: router.id, verifyBelow: expect.any(Number) },
    cascade: { kind: "json" },
  });
  expect(JSON.parse((node.config.cascade as { schema: string }).schema)).toEqual(schema);
});

test("a router learned by self-consistency of the cheap model's repeated answers adopts a sampling check", async ({ page }) => {
  test.setTimeout(240_000);
  const { workspaceId, api, post, credential } = await pricedPair(page, "router-sc", ["cheap-sc", "strong-sc"]);
  const bot = await publishedModelBot(post, "Capitals sampled", { credentialId: credential.id, model: "cheap-sc", temperature: 0.7 });
  const { dataset } = await post<{ dataset: { id: string } }>("/datasets", { name: "capitals sampled twice", rows: capitalsWithBrazil });
  const { evalRun } = await post<{ evalRun: { id: string } }>("/eval-runs", {
    name: "cheap vs strong, two repeats",
    botId: bot.id,
    datasetId: dataset.id,
    variants: [
      { key: "cheap", label: "cheap-sc", overrides: {} },
      { key: "strong", label: "strong-sc", overrides: { model: { model: "strong-sc" } } },
    ],
    evaluators: [{ id: "contains", kind: "contains" }],
    repeats: 2,
  });
  await page.goto(`/w/${workspaceId}/evals/runs/${evalRun.id}`);
  await expect(page.getByTestId("eval-progress")).toHaveText("360 / 360", { timeout: 150_000 });
  // more samples than the run's repeats, a verifier twice over, too many samples: 400s naming the problem
  const refused = async (data: unknown, message: string) => {
    const response = await asApp(page.request).post(`${api}/eval-runs/${evalRun.id}/routers`, { data });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain(message);
  };
  await refused({ verifier: { kind: "self_consistency", samples: 3 } }, "needs at least 3 answers of each model per item");
  await refused({ verifierEvaluatorId: "contains", verifier: { kind: "self_consistency", samples: 2 } }, "Choose one verifier");
  await refused({ verifier: { kind: "self_consistency", samples: 9 } }, "samples");

  // two repeats: the page offers self-consistency of two samples (and no evaluator: "contains" needs the expected answer)
  const verifier = page.getByLabel("Verify the cheaper model's answers with");
  await expect(verifier.locator("option")).toHaveText(["No verify line", "Verify by self-consistency (2 samples agree)"]);
  await verifier.selectOption("samples:2");
  await page.getByRole("button", { name: "Learn a router" }).click();
  await page.waitForURL(/\/evals\/routers\/[^/]+$/);
  const router = { id: page.url().split("/").pop()! };
  await expect(page.getByTestId("cost-saved")).toBeVisible({ timeout: 30_000 });
  const verify = page.getByTestId("verify-line");
  await expect(verify).toContainText("With a verify line (learned + cascade)");
  await expect(verify).toContainText("by self-consistency (2 samples of the cheaper model must agree");
  await snap(page, "93-learned-router-self-consistency");

  await page.getByRole("button", { name: "Use this router" }).click();
  await expect(page.getByTestId("router-adopted")).toBeVisible();
  expect(await draftModelNode(page, api, bot.id)).toMatchObject({
    type: "router",
    config: {
      mode: "learned",
      learned: { routerId: router.id, verifyBelow: expect.any(Number) },
      cascade: { kind: "self_consistency", samples: 2 },
    },
  });
});

test("the whole path through the UI: routes named after models, the routed draft evaluated beside each model, published once", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const { workspaceId, api, credential } = await pricedPair(page, "router-walk", ["cheap-model", "strong-model"]);
  const post = async <T>(path: string, data: unknown) => {
    const response = await asApp(page.request).post(`${api}${path}`, { data });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as T;
  };
  const bot = await publishedModelBot(post, "Capitals walk", { credentialId: credential.id, model: "cheap-model" });
  const rows = Array.from({ length: 40 }, (_, i) =>
    i % 2
      ? { input: `Hard one: capital of Australia? (${i})`, expected: "Canberra" }
      : { input: `Capital of France? (${i})`, expected: "Paris" },
  );
  await post("/datasets", { name: "capitals walk", rows });

  // the form as a newcomer fills it: v1 as it is, and a second variant with the strong model, names left blank
  await page.goto(`/w/${workspaceId}/evals/runs/new`);
  await page.getByRole("button", { name: "Add variant" }).click();
  await page.getByLabel("Variant 2 name").fill("");
  await page.getByLabel("Variant 2 model model").fill("strong-model");
  await page.getByRole("button", { name: "Start eval run" }).click();
  await expect(page.getByTestId("eval-progress")).toHaveText("80 / 80", { timeout: 60_000 });
  await page.getByRole("button", { name: "Learn a router" }).click();
  await page.waitForURL(/\/evals\/routers\/[^/]+$/);
  await expect(page.getByTestId("cost-saved")).toBeVisible({ timeout: 30_000 });
  // the page names the models, not the form's variant labels ("current", "Variant 2")
  await expect(page.getByText("Routes between cheap-model and strong-model")).toBeVisible();
  await expect(page.getByText(/Cost saved at 95% of strong-model's quality/i)).toBeVisible();
  await snap(page, "walk2-01-learned-router");

  await page.getByRole("button", { name: "Use this router" }).click();
  await expect(page.getByTestId("router-adopted")).toBeVisible();
  // item 1: the routes are named after their models; the learned router's keys (the variant keys) map to them
  const node = await draftModelNode(page, api, bot.id);
  expect(node.config).toMatchObject({
    mode: "learned",
    routes: [
      { name: "cheap-model", model: "cheap-model" },
      { name: "strong-model", model: "strong-model" },
    ],
    learnedRoutes: { v1: "cheap-model", v2: "strong-model" },
  });
  await snap(page, "walk2-02-router-adopted");

  // the canvas says which models the router sends to
  await page.getByRole("link", { name: "Open the bot" }).click();
  await expect(page.getByTestId("node-model")).toContainText("cheap-model · strong-model");
  await snap(page, "walk2-03-canvas-router");
  // the inspector shows the mapping from the learned router's keys to the route names
  await page.getByTestId("node-model").click();
  await expect(page.getByLabel("Learned router's routes (its key → route name)")).toHaveValue(/"v1": "cheap-model"/);
  await snap(page, "walk2-03b-router-inspector");

  // item 2: "Evaluate the routed draft" starts the form on the draft (and the router's dataset)
  await page.goBack();
  await page.getByRole("button", { name: "Use this router" }).click();
  await page.getByRole("link", { name: "Evaluate the routed draft" }).click();
  await page.waitForURL(/\/evals\/runs\/new\?/);
  await expect(page.getByLabel("Bot version")).toHaveValue("draft");
  await expect(page.getByTestId("draft-note")).toHaveText("The draft differs from v1: starting saves it as v2.");
  await expect(page.getByRole("combobox", { name: "Dataset", exact: true })).toHaveValue(/.+/);
  // item 4: the routed bot beside each of its routes' models alone, from the form
  await page.getByRole("button", { name: "Compare #model with each route alone" }).click();
  await expect(page.getByLabel("Variant 1 name")).toHaveValue("learned router");
  await expect(page.getByLabel("Variant 2 name")).toHaveValue("cheap-model only");
  await expect(page.getByLabel("Variant 3 name")).toHaveValue("strong-model only");
  await expect(page.getByLabel("Variant 3 model route")).toHaveValue("strong-model");
  // the first eval asked the same questions: from the response cache the single models would cost nothing
  await page.getByLabel("Use the response cache").uncheck();
  await snap(page, "walk2-04-routed-eval-form");
  await page.getByRole("button", { name: "Start eval run" }).click();
  await expect(page.getByTestId("eval-progress")).toHaveText("120 / 120", { timeout: 60_000 });
  await expect(page.getByText("finished")).toBeVisible();
  const chart = page.getByTestId("quality-cost-chart");
  for (const label of ["cheap-model only", "learned router", "strong-model only"])
    await expect(chart.getByTestId("chart-label").filter({ hasText: new RegExp(`^${label}$`) })).toBeVisible();
  const routedId = page.url().split("/").pop()!;
  const { evalRun: view } = (await (await asApp(page.request).get(`${api}/eval-runs/${routedId}`)).json()) as {
    evalRun: { summary: { stats: Stat[] } };
  };
  const stat = (key: string) => view.summary.stats.find((candidate) => candidate.variantKey === key)!;
  expect(stat("v2").meanScore).toBe(0.5);
  expect(stat("v3").meanScore).toBe(1);
  expect(stat("v1").costPerItemUsd).toBeGreaterThan(stat("v2").costPerItemUsd);
  expect(stat("v1").costPerItemUsd).toBeLessThan(stat("v3").costPerItemUsd);
  const table = page.getByRole("table", { name: "Variant statistics" });
  await expect(table.getByRole("row", { name: /learned router/ })).toContainText(/cheap-model 50% · strong-model 50%/);
  await expect(table.getByRole("row", { name: /cheap-model only/ })).toContainText(/cheap-model 100%/);
  await snap(page, "walk2-05-routed-pareto");

  // item 3: publishing the draft the routed eval saved as v2 publishes nothing new
  await page.goto(`/w/${workspaceId}/bots/${bot.id}`);
  await page.getByRole("button", { name: "Publish version" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Nothing new to publish: the draft is the same as version 2" })).toBeVisible();
  const { versions } = (await (await asApp(page.request).get(`${api}/bots/${bot.id}/versions`)).json()) as { versions: unknown[] };
  expect(versions).toHaveLength(2);
  await snap(page, "walk2-06-publish-unchanged");
});

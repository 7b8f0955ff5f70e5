// Evals over HTTP as CI uses them: dataset, eval run, poll, summary, results, comparison; and bad
// input, oversized bodies and another workspace's ids answered with clear 4xx (404, never 403).
import { expect, test, type APIResponse } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiAccount, asApp, fromApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "fixture-small": "Paris", "fixture-large": "I think it is Paris." } });
});
test.afterAll(async () => fixture.close());

async function expectError(response: APIResponse, status: number, message: RegExp) {
  expect(response.status(), `${response.url()} → ${await response.text()}`).toBe(status);
  expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
}

test("CI starts an eval run over HTTP, polls it and reads the summary; bad input gets clear errors", async ({ playwright, baseURL }) => {
  test.setTimeout(90_000);
  const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { workspaceId } = await apiAccount(client, "ci");
  const base = `/api/workspaces/${workspaceId}`;
  const { credential } = await (
    await client.post(`${base}/credentials`, { data: { name: "fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` } })
  ).json();
  const position = { x: 0, y: 0 };
  const graph = {
    nodes: [
      { id: "in", type: "chat-input", config: {}, position },
      { id: "model", type: "model", config: { credentialId: credential.id, model: "fixture-small" }, position },
      { id: "out", type: "chat-output", config: {}, position },
    ],
    edges: [
      { id: "e1", source: "in", sourceHandle: "message", target: "model", targetHandle: "prompt" },
      { id: "e2", source: "model", sourceHandle: "text", target: "out", targetHandle: "text" },
    ],
  };
  const { bot } = await (await client.post(`${base}/bots`, { data: { name: "CI bot", graph } })).json();
  const dataset = await client.post(`${base}/datasets`, {
    data: {
      name: "smoke",
      rows: [
        { input: "Capital of France?", expected: "Paris" },
        { input: "And of France again?", expected: "Paris" },
      ],
    },
  });
  expect(dataset.status()).toBe(201);
  const datasetId = ((await dataset.json()) as { dataset: { id: string } }).dataset.id;
  const variants = [
    { key: "small", label: "small", overrides: {} },
    { key: "large", label: "large", overrides: { model: { model: "fixture-large" } } },
  ];
  const start = { botId: bot.id, datasetId, variants, evaluators: [{ id: "exact", kind: "exact_match" }] };

  // an eval run measures a published version
  await expectError(await client.post(`${base}/eval-runs`, { data: start }), 400, /Publish the bot first/);
  expect((await client.post(`${base}/bots/${bot.id}/versions`, { data: {} })).status()).toBe(201);

  const started = await client.post(`${base}/eval-runs`, { data: start });
  expect(started.status()).toBe(201);
  const { evalRun } = (await started.json()) as { evalRun: { id: string; total: number } };
  expect(evalRun.total).toBe(4);
  let polled: { status: string; completed: number; summary: { stats: { variantKey: string; passRate: number }[] } };
  await expect
    .poll(
      async () => {
        polled = ((await (await client.get(`${base}/eval-runs/${evalRun.id}`)).json()) as { evalRun: typeof polled }).evalRun;
        return polled.status;
      },
      { timeout: 30_000 },
    )
    .toBe("SUCCEEDED");
  expect(polled!.completed).toBe(4);
  expect(polled!.summary.stats.map((stat) => [stat.variantKey, stat.passRate])).toEqual([
    ["small", 1],
    ["large", 0],
  ]);
  const compare = await (await client.get(`${base}/eval-runs/compare?before=${evalRun.id}:small&after=${evalRun.id}:large`)).json();
  expect(compare.counts.regressed).toBe(2);
  const { results } = await (await client.get(`${base}/eval-runs/${evalRun.id}/results`)).json();
  expect(results).toHaveLength(4);
  await expectError(await client.post(`${base}/eval-runs/${evalRun.id}/stop`), 409, /not running/);

  // bad input
  await expectError(await client.post(`${base}/eval-runs`, { data: { ...start, variants: [] } }), 400, /Add at least one variant/);
  await expectError(
    await client.post(`${base}/eval-runs`, { data: { ...start, evaluators: [{ id: "r", kind: "regex", pattern: "(" }] } }),
    400,
    /not a valid regular expression/,
  );
  await expectError(
    await client.post(`${base}/eval-runs`, {
      data: { ...start, variants: [{ key: "x", label: "x", overrides: { nope: { model: "m" } } }] },
    }),
    400,
    /node "nope", which the flow does not have/,
  );
  await expectError(await client.post(`${base}/datasets`, { data: { name: "empty", rows: [] } }), 400, /at least one row/);
  await expectError(
    await client.post(`${base}/datasets`, {
      data: Buffer.from(JSON.stringify({ name: "x".repeat(21 * 1024 * 1024) })),
      headers: { "content-type": "application/json" },
    }),
    413,
    /larger than/,
  );
  await expectError(
    await client.post(`${base}/bots/${bot.id}/swap-model-evals`, { data: { nodeId: "model", model: "fixture-large" } }),
    400,
    /no default dataset/,
  );
  await expectError(await client.get(`${base}/eval-runs/compare?before=x`), 400, /before must look like/);

  // another workspace's ids are 404, never 403
  const other = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { workspaceId: otherWorkspace } = await apiAccount(other, "stranger");
  const otherBase = `/api/workspaces/${otherWorkspace}`;
  await expectError(await other.get(`${otherBase}/eval-runs/${evalRun.id}`), 404, /Eval run not found/);
  await expectError(await other.get(`${otherBase}/datasets/${datasetId}`), 404, /Dataset not found/);
  await expectError(await other.post(`${otherBase}/datasets/${datasetId}/rows`, { data: { input: "x" } }), 404, /Dataset not found/);
  await expectError(await other.post(`${otherBase}/eval-runs`, { data: start }), 404, /not found/);
  await expectError(await other.get(`${base}/eval-runs/${evalRun.id}`), 404, /not found/);
});

test("a CI script with only an evals API key runs an eval run with semantic similarity; other keys are refused", async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("ci-key"));
  const workspaceId = workspaceIdFrom(page);
  const base = `/api/workspaces/${workspaceId}`;
  const session = asApp(page.request);
  const post = async <T>(path: string, data: unknown, method: "post" | "put" = "post") => {
    const response = await session[method](`${base}${path}`, { data });
    expect(response.ok(), `${path} → ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  };
  const { credential } = await post<{ credential: { id: string } }>("/credentials", {
    name: "fixture",
    kind: "OPENAI_COMPATIBLE",
    baseUrl: `${fixture.url}/v1`,
  });
  await post("/embedding", { credentialId: credential.id, model: "text-embedding-3-small" }, "put");
  // a price, so the runs cost something and the budget below can be reached
  await post("/prices", { provider: "OPENAI_COMPATIBLE", model: "fixture-small", inputPerMillion: 100, outputPerMillion: 100 }, "put");
  const position = { x: 0, y: 0 };
  const { bot } = await post<{ bot: { id: string } }>("/bots", {
    name: "CI bot",
    graph: {
      nodes: [
        { id: "in", type: "chat-input", config: {}, position },
        { id: "model", type: "model", config: { credentialId: credential.id, model: "fixture-small" }, position },
        { id: "out", type: "chat-output", config: {}, position },
      ],
      edges: [
        { id: "e1", source: "in", sourceHandle: "message", target: "model", targetHandle: "prompt" },
        { id: "e2", source: "model", sourceHandle: "text", target: "out", targetHandle: "text" },
      ],
    },
  });
  await post(`/bots/${bot.id}/versions`, {});
  const { dataset } = await post<{ dataset: { id: string } }>("/datasets", {
    name: "capitals",
    rows: [
      { input: "Capital of France?", expected: "Paris" },
      { input: "France's capital city?", expected: "Paris" },
    ],
  });

  // the key is made in Settings, with the evals scope only
  await page.goto(`/w/${workspaceId}/settings`);
  await page.getByLabel("Key label").fill("CI");
  await page.getByLabel("Chat completions").uncheck();
  await page.getByLabel("List models").uncheck();
  await page.getByLabel("Run evals (CI)").check();
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByLabel("New key secret", { exact: true }).textContent())!;
  await expect(page.getByRole("list", { name: "Issued keys" })).toContainText("evals");
  await page.locator("#api-keys").scrollIntoViewIfNeeded();
  await snap(page, "90-evals-api-key");

  // the new-eval-run form offers semantic similarity with the workspace's embedding model
  await page.goto(`/w/${workspaceId}/evals/runs/new`);
  await page.getByLabel("Semantic similarity").check();
  await expect(page.getByText("cosine of output and expected, embedded with text-embedding-3-small")).toBeVisible();
  await page.getByLabel("Similarity threshold").fill("0.9");
  await page.getByLabel("Similarity threshold").scrollIntoViewIfNeeded();
  await snap(page, "92-new-eval-run-semantic-similarity");

  // CI: no cookies, only the key
  const ci = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  const start = {
    botId: bot.id,
    datasetId: dataset.id,
    variants: [
      { key: "small", label: "small", overrides: {} },
      { key: "large", label: "large", overrides: { model: { model: "fixture-large" } } },
    ],
    evaluators: [{ id: "similar", kind: "semantic_similarity", threshold: 0.9 }],
  };
  const started = await ci.post(`${base}/eval-runs`, { data: start });
  expect(started.status(), await started.text()).toBe(201);
  const { evalRun } = (await started.json()) as { evalRun: { id: string; total: number } };
  expect(evalRun.total).toBe(4);
  let polled: { status: string; completed: number; summary: { stats: { variantKey: string; passRate: number; meanScore: number }[] } };
  await expect
    .poll(
      async () => {
        polled = ((await (await ci.get(`${base}/eval-runs/${evalRun.id}`)).json()) as { evalRun: typeof polled }).evalRun;
        return polled.status;
      },
      { timeout: 30_000 },
    )
    .toBe("SUCCEEDED");
  expect(polled!.completed).toBe(4);
  const [small, large] = polled!.summary.stats;
  expect([small!.variantKey, small!.passRate, small!.meanScore]).toEqual(["small", 1, expect.closeTo(1, 5)]);
  expect([large!.variantKey, large!.passRate]).toEqual(["large", 0]);
  expect(large!.meanScore).toBeGreaterThan(0);
  expect(large!.meanScore).toBeLessThan(0.9);
  const { results } = (await (await ci.get(`${base}/eval-runs/${evalRun.id}/results`)).json()) as { results: unknown[] };
  expect(results).toHaveLength(4);
  const compare = await ci.get(`${base}/eval-runs/compare?before=${evalRun.id}:small&after=${evalRun.id}:large`);
  expect(((await compare.json()) as { counts: { regressed: number } }).counts.regressed).toBe(2);
  await expectError(await ci.post(`${base}/eval-runs/${evalRun.id}/stop`), 409, /not running/);

  // the run page shows the similarity scores with their reasons
  await page.goto(`/w/${workspaceId}/evals/runs/${evalRun.id}`);
  await expect(page.getByText("Similarity 1.00 ≥ 0.9").first()).toBeVisible();
  await snap(page, "91-eval-run-semantic-similarity");

  // the key only reaches the evals endpoints of its own workspace
  await expectError(await ci.get(`${base}/bots`), 401, /Sign in to continue/);
  const stranger = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { workspaceId: theirs } = await apiAccount(stranger, "ci-stranger");
  const { secret: theirKey } = (await (
    await stranger.post(`/api/workspaces/${theirs}/api-keys`, { data: { name: "their CI", scopes: ["evals"] } })
  ).json()) as { secret: string };
  const withKey = (key: string) => playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  const foreign = await withKey(theirKey);
  await expectError(await foreign.get(`${base}/eval-runs/${evalRun.id}`), 404, /Workspace not found/);
  await expectError(await foreign.post(`${base}/eval-runs`, { data: start }), 404, /Workspace not found/);
  await expectError(await foreign.get(`/api/workspaces/${theirs}/eval-runs/${evalRun.id}`), 404, /Eval run not found/);
  await expectError(await ci.get(`/api/workspaces/${theirs}/eval-runs`), 404, /Workspace not found/);

  const { secret: chatOnly } = await post<{ secret: string }>("/api-keys", { name: "chat app", scopes: ["chat"] });
  await expectError(await (await withKey(chatOnly)).get(`${base}/eval-runs/${evalRun.id}`), 403, /lacks the "evals" scope/);
  await expectError(
    await (await withKey("sy_not-a-real-key")).get(`${base}/eval-runs/${evalRun.id}`),
    401,
    /not valid or has been revoked/,
  );
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get(`${base}/eval-runs/${evalRun.id}`)).status()).toBe(401);

  // semantic similarity without an embedding model is refused before anything is queued
  await post("/embedding", { credentialId: null }, "put");
  await expectError(await ci.post(`${base}/eval-runs`, { data: start }), 400, /needs an embedding model/);

  // over the monthly budget, an eval run is refused with the same 402 as a run
  const exact = { ...start, evaluators: [{ id: "exact", kind: "exact_match" }] };
  await post("/budget", { monthlyBudgetUsd: 0.000001, budgetWarnPercent: 80 }, "put");
  await expectError(
    await ci.post(`${base}/eval-runs`, { data: exact }),
    402,
    /^This workspace has reached its monthly budget of \$0\.000001/,
  );
  await post("/budget", { monthlyBudgetUsd: null, budgetWarnPercent: 80 }, "put");
  expect((await ci.post(`${base}/eval-runs`, { data: exact })).status()).toBe(201);

  // a revoked key is refused at once
  const { apiKeys } = (await (await session.get(`${base}/api-keys`)).json()) as { apiKeys: { id: string; name: string }[] };
  expect((await session.delete(`${base}/api-keys/${apiKeys.find((key) => key.name === "CI")!.id}`)).status()).toBe(200);
  await expectError(await ci.get(`${base}/eval-runs/${evalRun.id}`), 401, /not valid or has been revoked/);
});

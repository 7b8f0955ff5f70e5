// Evals over HTTP as CI uses them: dataset, eval run, poll, summary, results, comparison; and bad
// input, oversized bodies and another workspace's ids answered with clear 4xx (404, never 403).
import { expect, test, type APIResponse } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiAccount } from "./support";

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
  const client = await playwright.request.newContext({ baseURL });
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
  const other = await playwright.request.newContext({ baseURL });
  const { workspaceId: otherWorkspace } = await apiAccount(other, "stranger");
  const otherBase = `/api/workspaces/${otherWorkspace}`;
  await expectError(await other.get(`${otherBase}/eval-runs/${evalRun.id}`), 404, /Eval run not found/);
  await expectError(await other.get(`${otherBase}/datasets/${datasetId}`), 404, /Dataset not found/);
  await expectError(await other.post(`${otherBase}/datasets/${datasetId}/rows`, { data: { input: "x" } }), 404, /Dataset not found/);
  await expectError(await other.post(`${otherBase}/eval-runs`, { data: start }), 404, /not found/);
  await expectError(await other.get(`${base}/eval-runs/${evalRun.id}`), 404, /not found/);
});

// A flow built entirely through the HTTP API runs in a worker process, streams its tokens over SSE,
// and its trace (with tokens and cost) can be read back; strangers see none of it.
import { expect, test } from "@playwright/test";
import { nodeDefinitions } from "@switchyard/nodes";
import { Redis } from "ioredis";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiAccount, fromApp } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ tokenDelayMs: 5, replies: { "gpt-4o-mini": "Hello from the fixture model." } });
});
test.afterAll(async () => fixture.close());

function parseSse(body: string) {
  return body
    .split("\n\n")
    .filter((block) => block.includes("data: "))
    .map((block) => {
      const field = (name: string) =>
        block
          .split("\n")
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      return { id: field("id"), event: field("event"), data: JSON.parse(field("data")!) as Record<string, unknown> };
    });
}

const chatGraph = (credentialId: string, model: string) => ({
  nodes: [
    { id: "in", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
    { id: "prompt", type: "prompt-template", config: { template: "Reply to: {{input}}" }, position: { x: 250, y: 0 } },
    { id: "llm", type: "model", config: { credentialId, model, system: "Be brief." }, position: { x: 500, y: 0 } },
    { id: "out", type: "chat-output", config: {}, position: { x: 750, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "in", sourceHandle: "message", target: "prompt", targetHandle: "input" },
    { id: "e2", source: "prompt", sourceHandle: "prompt", target: "llm", targetHandle: "prompt" },
    { id: "e3", source: "llm", sourceHandle: "text", target: "out", targetHandle: "text" },
  ],
});

test("a flow built through the API runs in a worker and streams tokens over SSE", async ({ playwright, baseURL }) => {
  const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { workspaceId } = await apiAccount(client, "builder");
  const base = `/api/workspaces/${workspaceId}`;

  const credential = await client.post(`${base}/credentials`, {
    data: { name: "Fixture", kind: "OPENAI", baseUrl: `${fixture.url}/v1`, apiKey: "sk-fixture" },
  });
  const { credential: saved } = (await credential.json()) as { credential: { id: string } };
  const models = await client.get(`${base}/credentials/${saved.id}/models`);
  expect(((await models.json()) as { models: string[] }).models).toEqual(["fixture-large", "fixture-small"]);

  const nodes = (await (await client.get("/api/nodes")).json()) as { nodes: { type: string; configSchema: { properties: object } }[] };
  // every registered node type, in registry order
  expect(nodes.nodes.map((node) => node.type)).toEqual(nodeDefinitions.map((definition) => definition.type));
  expect(nodes.nodes.slice(0, 4).map((node) => node.type)).toEqual(["chat-input", "prompt-template", "model", "chat-output"]);
  expect(Object.keys(nodes.nodes[2]!.configSchema.properties)).toContain("credentialId");
  expect(Object.keys(nodes.nodes.find((node) => node.type === "retrieve")!.configSchema.properties)).toContain("storeId");

  const created = await client.post(`${base}/bots`, { data: { name: "Greeter", graph: chatGraph(saved.id, "gpt-4o-mini") } });
  const { bot } = (await created.json()) as { bot: { id: string } };

  const streamed = await client.post(`${base}/bots/${bot.id}/runs`, {
    data: { message: "hi there" },
    headers: { accept: "text/event-stream" },
  });
  expect(streamed.status()).toBe(200);
  expect(streamed.headers()["content-type"]).toContain("text/event-stream");
  const runId = streamed.headers()["x-run-id"]!;
  const events = parseSse(await streamed.text());
  const tokens = events.filter((event) => event.event === "token").map((event) => event.data.text as string);
  expect(tokens.length).toBeGreaterThanOrEqual(2); // tokens arriving in the same event-loop turn share an event
  expect(tokens.join("")).toBe("Hello from the fixture model.");
  expect(events.at(-1)).toMatchObject({ event: "run.finished", data: { status: "SUCCEEDED", output: "Hello from the fixture model." } });

  const run = await client.get(`/api/runs/${runId}`);
  const { run: stored } = (await run.json()) as {
    run: { status: string; costUsd: number; steps: { nodeId: string; tokensOut: number; model: string | null }[] };
  };
  expect(stored.status).toBe("SUCCEEDED");
  expect(stored.steps.map((step) => step.nodeId).sort()).toEqual(["in", "llm", "out", "prompt"]);
  expect(stored.steps.find((step) => step.nodeId === "llm")).toMatchObject({ model: "gpt-4o-mini", tokensOut: 5 });
  expect(stored.costUsd).toBeGreaterThan(0);

  // a late subscriber replays the whole run, and Last-Event-ID resumes after a given event
  const replay = parseSse(await (await client.get(`/api/runs/${runId}/events`)).text());
  expect(replay.map((event) => event.event)).toEqual(events.map((event) => event.event));
  const resumed = parseSse(await (await client.get(`/api/runs/${runId}/events`, { headers: { "last-event-id": replay[2]!.id! } })).text());
  expect(resumed.length).toBe(replay.length - 3);

  // once the run's Redis stream is gone (it expires within a minute of the finish), the same
  // requests are answered from PostgreSQL: the same events under the same ids, once each
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  try {
    const streams = await redis.keys(`*run:${runId}:events`); // the server's key namespace is its own
    expect(streams).toHaveLength(1);
    await redis.del(...streams);
  } finally {
    redis.disconnect();
  }
  const archived = parseSse(await (await client.get(`/api/runs/${runId}/events`)).text());
  expect(archived).toEqual(replay);
  const resumedFromArchive = parseSse(
    await (await client.get(`/api/runs/${runId}/events`, { headers: { "last-event-id": replay[2]!.id! } })).text(),
  );
  expect(resumedFromArchive).toEqual(replay.slice(3));

  // JSON when the client does not stream; a published version runs like the draft
  const published = await client.post(`${base}/bots/${bot.id}/versions`, { data: { note: "first" } });
  expect(published.status()).toBe(201);
  const versioned = await client.post(`${base}/bots/${bot.id}/runs`, { data: { message: "again", version: 1 } });
  expect(await versioned.json()).toMatchObject({ status: "SUCCEEDED", output: "Hello from the fixture model." });

  // strangers learn nothing about the run
  const stranger = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  await apiAccount(stranger, "stranger");
  for (const path of [`/api/runs/${runId}`, `/api/runs/${runId}/events`]) expect((await stranger.get(path)).status(), path).toBe(404);
  expect((await stranger.post(`/api/runs/${runId}/cancel`)).status()).toBe(404);
});

test("an invalid flow is refused before it runs, with every problem listed", async ({ playwright, baseURL }) => {
  const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { workspaceId } = await apiAccount(client, "sloppy");
  const base = `/api/workspaces/${workspaceId}`;
  const graph = chatGraph("", "");
  graph.edges.pop();
  const { bot } = (await (await client.post(`${base}/bots`, { data: { name: "Broken", graph } })).json()) as { bot: { id: string } };
  const response = await client.post(`${base}/bots/${bot.id}/runs`, { data: { message: "hi" } });
  expect(response.status()).toBe(400);
  const body = (await response.json()) as { error: { message: string; issues: { path: string; message: string }[] } };
  expect(body.error.issues).toEqual(
    expect.arrayContaining([
      { path: "llm", message: "Model: Provider: Choose a provider" },
      { path: "out", message: 'Chat output: connect its "Reply" input' },
    ]),
  );
  expect((await client.post(`${base}/bots/${bot.id}/versions`, { data: {} })).status()).toBe(400);
});

// Conversation memory belongs to one channel, deployment and caller: a widget visitor who sends an API
// caller's `user` as their session gets none of that caller's turns, widget sessions are minted (and
// signed) by the server, and each session has its own rate limit.
import { randomInt } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiClient, deploy, post, sseEvents } from "./publish-support";
import { apiAccount } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture(); // any free port: e2e runs of other checkouts may hold the fixed ones
});
test.afterAll(async () => fixture.close());

const allowed = "https://shop.example.com";
const TOKEN = /^[\w-]{22}\.[\w-]{43}$/;

/** chat input → model, with a Memory node giving the model the session's earlier turns. */
const memoryGraph = (credentialId: string) => ({
  nodes: [
    { id: "in", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
    { id: "memory", type: "memory", config: { mode: "turns", turns: 5 }, position: { x: 0, y: 200 } },
    { id: "llm", type: "model", config: { credentialId, model: "fixture-small" }, position: { x: 300, y: 0 } },
    { id: "out", type: "chat-output", config: {}, position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "in", sourceHandle: "message", target: "llm", targetHandle: "prompt" },
    { id: "e2", source: "memory", sourceHandle: "messages", target: "llm", targetHandle: "history" },
    { id: "e3", source: "llm", sourceHandle: "text", target: "out", targetHandle: "text" },
  ],
});

async function memoryDeployment(client: APIRequestContext) {
  const { workspaceId } = await apiAccount(client, "memory");
  const base = `/api/workspaces/${workspaceId}`;
  const { credential } = await post<{ credential: { id: string } }>(client, `${base}/credentials`, {
    name: "Fixture",
    kind: "OPENAI_COMPATIBLE",
    baseUrl: `${fixture.url}/v1`,
  });
  const { bot } = await post<{ bot: { id: string } }>(client, `${base}/bots`, { name: "Memo", graph: memoryGraph(credential.id) });
  await post(client, `${base}/bots/${bot.id}/versions`, { note: "first" });
  const deployment = await deploy(client, workspaceId, { botId: bot.id, slug: "memo", allowedOrigins: [allowed] });
  const { secret } = await post<{ secret: string }>(client, `${base}/api-keys`, { name: "server", scopes: ["chat"] });
  return { deployment, secret };
}

/** What the model was sent last, as one text. */
const lastPrompt = () => JSON.stringify((fixture.requests.at(-1)!.body as { messages: unknown[] }).messages);

test("a widget visitor sending an API caller's id as their session gets none of that caller's memory", async ({ playwright, baseURL }) => {
  const client = await apiClient(playwright, baseURL);
  const { deployment, secret } = await memoryDeployment(client);
  const api = (content: string) =>
    client.post("/api/v1/chat/completions", {
      headers: { authorization: `Bearer ${secret}` },
      data: { model: "memo", user: "visitor-123", messages: [{ role: "user", content }] },
    });
  expect((await api("My code is 4711")).status()).toBe(200);
  expect((await api("What is my code?")).status()).toBe(200);
  expect(lastPrompt()).toContain("My code is 4711"); // the API caller's own memory works

  const visitor = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": `192.0.2.${randomInt(1, 255)}` } });
  const endpoint = `/api/public/chat?bot=${deployment.publicId}`;
  const widget = (message: string, session: string) =>
    visitor.post(endpoint, { data: { sessionId: session, message }, headers: { origin: allowed, "x-switchyard-session": session } });

  // the caller's id, as the old body field and as the session header: a new session, no memory
  const probe = await widget("What is my code?", "visitor-123");
  expect(probe.status()).toBe(200);
  expect(sseEvents(await probe.text()).at(-1)!.event).toBe("done");
  expect(lastPrompt()).not.toContain("4711");
  const minted = probe.headers()["x-switchyard-session"]!;
  expect(minted).toMatch(TOKEN);

  // a forged signature is replaced too; the minted session continues its own conversation
  const forged = await widget("Still nothing?", `${minted.split(".")[0]}.${"A".repeat(43)}`);
  expect(forged.headers()["x-switchyard-session"]).not.toBe(minted);
  expect(lastPrompt()).not.toContain("What is my code?");
  expect((await widget("And now?", minted)).headers()["x-switchyard-session"]).toBe(minted);
  expect(lastPrompt()).toContain("What is my code?");
  expect(lastPrompt()).not.toContain("4711");
});

test("each widget session has its own rate limit, and a new visitor still gets through", async ({ playwright, baseURL }) => {
  const client = await apiClient(playwright, baseURL);
  const { deployment } = await memoryDeployment(client);
  // an address of its own, so the per-address limit (30, above this test's 22) is not what answers
  const visitor = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": `192.0.2.${randomInt(1, 255)}` } });
  const endpoint = `/api/public/chat?bot=${deployment.publicId}`;
  const send = (message: string, session?: string) =>
    visitor.post(endpoint, { data: { message }, headers: { origin: allowed, ...(session && { "x-switchyard-session": session }) } });

  const first = await send("hello");
  expect(first.status()).toBe(200);
  const session = first.headers()["x-switchyard-session"]!;
  expect(session).toMatch(TOKEN);
  // 20 messages a minute per session (PUBLIC_CHAT_PER_SESSION_PER_MINUTE), counted per attempt: 19 empty, 1 real, then 429
  for (let index = 0; index < 19; index++) expect((await send("", session)).status()).toBe(400);
  expect((await send("the twentieth", session)).status()).toBe(200);
  const limited = await send("one too many", session);
  expect(limited.status()).toBe(429);
  expect(limited.headers()["access-control-allow-origin"]).toBe(allowed);
  expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/^Too many requests for this conversation/);

  const stranger = await send("hi, I am new");
  expect(stranger.status()).toBe(200);
  expect(stranger.headers()["x-switchyard-session"]).not.toBe(session);
});

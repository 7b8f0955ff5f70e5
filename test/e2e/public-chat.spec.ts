// The public chat API the widget calls: CORS by the deployment's allowed origins, message size and
// rate limits, conversations stored as runs of the deployment with the earlier turns as history.
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiClient, deploy, publishedBot, sseEvents } from "./publish-support";
import { apiAccount } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ port: 3224, tokenDelayMs: 15 });
});
test.afterAll(async () => fixture.close());

const allowed = "https://shop.example.com";

test("the public chat answers allowed origins only, limits size and rate, and keeps the conversation", async ({ playwright, baseURL }) => {
  const client = await apiClient(playwright, baseURL);
  const { workspaceId } = await apiAccount(client, "publisher");
  const { botId } = await publishedBot(client, workspaceId, fixture.url, "fixture-small");
  const deployment = await deploy(client, workspaceId, { botId, slug: "support", allowedOrigins: [allowed] });
  const endpoint = `/api/public/chat?bot=${deployment.publicId}`;
  const visitor = await playwright.request.newContext({ baseURL });
  // the server mints the visitor's session on the first message; the widget sends it back
  let session: string | undefined;
  const chat = async (message: string, headers: Record<string, string> = {}) => {
    const response = await visitor.post(endpoint, {
      data: { message },
      headers: { origin: allowed, ...(session && { "x-switchyard-session": session }), ...headers },
    });
    session ??= response.headers()["x-switchyard-session"];
    return response;
  };

  // preflight: allowed origin gets CORS headers, another origin a clear refusal
  const preflight = await visitor.fetch(endpoint, {
    method: "OPTIONS",
    headers: { origin: allowed, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["access-control-allow-origin"]).toBe(allowed);
  expect(preflight.headers()["access-control-allow-headers"]).toBe("content-type, x-switchyard-session");
  const refusedPreflight = await visitor.fetch(endpoint, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
  expect(refusedPreflight.status()).toBe(403);
  expect(refusedPreflight.headers()["access-control-allow-origin"]).toBeUndefined();
  const refused = await chat("hello", { origin: "https://evil.example" });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
    "does not accept requests from https://evil.example",
  );

  // a conversation: two turns, the second sees the first
  const first = await chat("My name is Ada");
  expect(first.status()).toBe(200);
  expect(first.headers()["access-control-allow-origin"]).toBe(allowed);
  expect(first.headers()["access-control-expose-headers"]).toBe("x-switchyard-session");
  expect(session).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
  const events = sseEvents(await first.text());
  expect(events.filter((event) => event.event === "token").length).toBeGreaterThanOrEqual(2);
  // the run id lets the visitor rate the answer (POST /api/public/feedback)
  const runId = first.headers()["x-run-id"];
  expect(runId).toBeTruthy();
  expect(events.at(-1)).toEqual({ event: "done", data: JSON.stringify({ reply: "Echo: My name is Ada", runId, error: null }) });
  expect(events.map((event) => event.event)).toEqual(expect.not.arrayContaining(["node.started", "node.finished"])); // no internals

  const second = sseEvents(await (await chat("What is my name?")).text());
  expect(second.at(-1)!.event).toBe("done");
  const sent = fixture.requests.at(-1)!.body as { messages: { role: string; content: string }[] };
  expect(sent.messages).toEqual([
    { role: "user", content: "My name is Ada" },
    { role: "assistant", content: "Echo: My name is Ada" },
    { role: "user", content: "What is my name?" },
  ]);
  const details = (await (await client.get(`/api/workspaces/${workspaceId}/deployments/${deployment.id}`)).json()) as {
    usage: { bySource: { source: string; runs: number }[] };
    conversations: { sessionId: string; turns: number }[];
  };
  expect(details.usage.bySource).toEqual([expect.objectContaining({ source: "WIDGET", runs: 2 })]);
  expect(details.conversations).toEqual([
    expect.objectContaining({ sessionId: `widget:${deployment.id}:${session!.split(".")[0]}`, turns: 2 }),
  ]);

  // size limits: a long message and a huge body answer 413 with the reason, CORS headers included
  const long = await chat("x".repeat(4_001));
  expect(long.status()).toBe(413);
  expect(long.headers()["access-control-allow-origin"]).toBe(allowed);
  expect(((await long.json()) as { error: { message: string } }).error.message).toBe(
    "That message is too long: please keep it under 4,000 characters.",
  );
  expect((await chat("y".repeat(40_000))).status()).toBe(413);

  // bad input and unknown bots
  const noMessage = await visitor.post(endpoint, { data: { sessionId: "session-0001" }, headers: { origin: allowed } });
  expect(noMessage.status()).toBe(400);
  expect((await visitor.post("/api/public/chat?bot=pub_nope", { data: { sessionId: "session-0001", message: "hi" } })).status()).toBe(404);

  // rate limit per client address (30 a minute by default), counted once per attempt, valid or not:
  // 29 empty messages, then the 30th (a real one) is answered and the 31st gets 429 with Retry-After
  const address = { "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250)}` };
  const attempt = (message: string) =>
    visitor.post(endpoint, { data: { sessionId: "limit-session", message }, headers: { origin: allowed, ...address } });
  const statuses: number[] = [];
  for (let index = 0; index < 29; index++) statuses.push((await attempt("")).status());
  expect(statuses.every((status) => status === 400)).toBe(true);
  const thirtieth = await attempt("still allowed");
  expect(thirtieth.status()).toBe(200);
  expect(sseEvents(await thirtieth.text()).at(-1)!.event).toBe("done");
  const limited = await attempt("one too many");
  expect(limited.status()).toBe(429);
  expect(limited.headers()["access-control-allow-origin"]).toBe(allowed); // the widget can read why
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/Too many requests for your address/);

  // deleting the bot takes its deployment down at once
  expect((await client.delete(`/api/workspaces/${workspaceId}/bots/${botId}`)).status()).toBe(200);
  expect((await chat("anyone there?")).status()).toBe(404);
});

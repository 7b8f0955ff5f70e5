// The OpenAI-compatible API, driven by the official `openai` client with only baseURL and apiKey
// changed: completions streamed and not, the model list, and keys that are revoked or lack a scope.
import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiClient, deploy, post, publishedBot } from "./publish-support";
import { apiAccount, newAccount, signUp, snap } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ port: 3223, tokenDelayMs: 15, replies: { "fixture-small": "Paris is the capital of France." } });
});
test.afterAll(async () => fixture.close());

test("the official openai client chats with a deployment, streaming and not, and revoked keys get 401", async ({ playwright, baseURL }) => {
  const client = await apiClient(playwright, baseURL);
  const { workspaceId } = await apiAccount(client, "apiuser");
  const { botId } = await publishedBot(client, workspaceId, fixture.url, "fixture-small");
  const deployment = await deploy(client, workspaceId, { botId, slug: "geography", allowedOrigins: [] });
  const { secret, apiKey } = await post<{ secret: string; apiKey: { id: string; prefix: string } }>(
    client,
    `/api/workspaces/${workspaceId}/api-keys`,
    { name: "server", scopes: ["chat", "models"] },
  );
  expect(secret.startsWith(apiKey.prefix)).toBe(true);
  const listed = await (await client.get(`/api/workspaces/${workspaceId}/api-keys`)).text();
  expect(listed).not.toContain(secret); // shown once, never listed

  const openai = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: secret, maxRetries: 0 });

  const models = await openai.models.list();
  expect(models.data.map((model) => model.id)).toEqual(["geography"]);

  const completion = await openai.chat.completions.create({
    model: "geography",
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Which city is the capital of France?" },
      { role: "assistant", content: "Let me think." },
      { role: "user", content: "Well?" },
    ],
  });
  expect(completion.object).toBe("chat.completion");
  expect(completion.choices[0]!.message).toMatchObject({ role: "assistant", content: "Paris is the capital of France." });
  expect(completion.choices[0]!.finish_reason).toBe("stop");
  expect(completion.usage).toMatchObject({ completion_tokens: 6 });
  expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
  // the earlier turns reached the model as the conversation
  const sent = fixture.requests.at(-1)!.body as { messages: { role: string; content: string }[] };
  expect(sent.messages.map((message) => message.content)).toEqual([
    "Be brief.",
    "Which city is the capital of France?",
    "Let me think.",
    "Well?",
  ]);

  const stream = await openai.chat.completions.create({
    model: "geography",
    messages: [{ role: "user", content: "Capital of France?" }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const pieces: string[] = [];
  let usage: OpenAI.CompletionUsage | null | undefined;
  let finish: string | null | undefined;
  for await (const chunk of stream) {
    expect(chunk.object).toBe("chat.completion.chunk");
    if (chunk.choices[0]?.delta.content) pieces.push(chunk.choices[0].delta.content);
    if (chunk.choices[0]?.finish_reason) finish = chunk.choices[0].finish_reason;
    if (chunk.usage) usage = chunk.usage;
  }
  expect(pieces.length).toBeGreaterThanOrEqual(2);
  expect(pieces.join("")).toBe("Paris is the capital of France.");
  expect(finish).toBe("stop");
  expect(usage).toMatchObject({ completion_tokens: 6 });

  // the runs are stored as API runs of the deployment
  const runs = (await (await client.get(`/api/workspaces/${workspaceId}/deployments/${deployment.id}`)).json()) as {
    usage: { bySource: { source: string; runs: number }[] };
  };
  expect(runs.usage.bySource).toEqual([expect.objectContaining({ source: "API", runs: 2 })]);

  // an unknown model answers 404 in OpenAI's error shape
  const unknown = await openai.chat.completions
    .create({ model: "nope", messages: [{ role: "user", content: "hi" }] })
    .catch((error) => error);
  expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
  expect(unknown.error).toMatchObject({ type: "invalid_request_error", code: "model_not_found" });

  // a key without the chat scope is refused; a revoked key is unauthenticated at once
  const { secret: listOnly } = await post<{ secret: string }>(client, `/api/workspaces/${workspaceId}/api-keys`, {
    name: "lister",
    scopes: ["models"],
  });
  const lister = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: listOnly, maxRetries: 0 });
  const refused = await lister.chat.completions.create({ model: "geography", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
  expect(refused).toBeInstanceOf(OpenAI.PermissionDeniedError);

  expect((await client.delete(`/api/workspaces/${workspaceId}/api-keys/${apiKey.id}`)).status()).toBe(200);
  const revoked = await openai.chat.completions.create({ model: "geography", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
  expect(revoked).toBeInstanceOf(OpenAI.AuthenticationError);
  expect(revoked.status).toBe(401);
  expect(revoked.error).toMatchObject({ type: "invalid_request_error", code: "invalid_api_key" });
  const keys = (await (await client.get(`/api/workspaces/${workspaceId}/api-keys`)).json()) as {
    apiKeys: { id: string; revokedAt: string | null; lastUsedAt: string | null }[];
  };
  expect(keys.apiKeys.find((key) => key.id === apiKey.id)).toMatchObject({ revokedAt: expect.any(String), lastUsedAt: expect.any(String) });

  // no key at all, and a made-up one
  const anonymous = await client.post("/api/v1/chat/completions", {
    data: { model: "geography", messages: [] },
    headers: { authorization: "" },
  });
  expect(anonymous.status()).toBe(400); // body checked first: messages must not be empty
  const bogus = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: "sy_not-a-real-key", maxRetries: 0 });
  expect(await bogus.models.list().catch((e) => e)).toBeInstanceOf(OpenAI.AuthenticationError);
});

test("another workspace cannot see or change a deployment or key (404)", async ({ playwright, baseURL }) => {
  const owner = await apiClient(playwright, baseURL);
  const { workspaceId } = await apiAccount(owner, "owner");
  const { botId } = await publishedBot(owner, workspaceId, fixture.url, "fixture-small");
  const deployment = await deploy(owner, workspaceId, { botId, slug: "private-bot", allowedOrigins: [] });
  const { apiKey } = await post<{ apiKey: { id: string } }>(owner, `/api/workspaces/${workspaceId}/api-keys`, {
    name: "k",
    scopes: ["chat"],
  });

  const stranger = await apiClient(playwright, baseURL);
  const { workspaceId: theirs } = await apiAccount(stranger, "stranger");
  expect((await stranger.get(`/api/workspaces/${workspaceId}/deployments/${deployment.id}`)).status()).toBe(404);
  expect((await stranger.get(`/api/workspaces/${theirs}/deployments/${deployment.id}`)).status()).toBe(404);
  expect((await stranger.patch(`/api/workspaces/${theirs}/deployments/${deployment.id}`, { data: { version: 1 } })).status()).toBe(404);
  expect((await stranger.delete(`/api/workspaces/${theirs}/api-keys/${apiKey.id}`)).status()).toBe(404);
  // their bot id cannot be deployed in my workspace
  const foreign = await stranger.post(`/api/workspaces/${theirs}/deployments`, {
    data: { botId, version: 1, slug: "stolen", allowedOrigins: [] },
  });
  expect(foreign.status()).toBe(404);
  // bad input is explained
  const bad = await owner.post(`/api/workspaces/${workspaceId}/deployments`, {
    data: { botId, version: 1, slug: "Bad Slug", allowedOrigins: ["example.com"] },
  });
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/slug.*lowercase[\s\S]*allowed origin looks like/i);
});

test("API keys are created in Settings, shown once, and revoked there", async ({ page, baseURL }) => {
  await signUp(page, newAccount("keys"));
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByText("No API keys yet.")).toBeVisible();
  await page.getByLabel("Key label").fill("Production server");
  await page.getByLabel("List models").uncheck();
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByLabel("New key secret", { exact: true }).textContent())!;
  expect(secret).toMatch(/^sy_[\w-]{43}$/);
  await expect(page.getByRole("list", { name: "Issued keys" })).toContainText("Production server");
  await expect(page.getByRole("list", { name: "Issued keys" })).toContainText("never used");
  await snap(page, "78-api-key-created");

  // the key works for what its scope allows, and nothing else
  const openai = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: secret, maxRetries: 0 });
  expect(await openai.models.list().catch((error) => error)).toBeInstanceOf(OpenAI.PermissionDeniedError);

  await page.getByRole("button", { name: "I have copied it" }).click();
  await page.reload();
  await expect(page.getByText(secret)).toHaveCount(0); // never shown again
  await page.getByRole("button", { name: "Revoke Production server" }).click();
  await expect(page.getByRole("list", { name: "Issued keys" })).toContainText("revoked");
  expect(await openai.models.list().catch((error) => error)).toBeInstanceOf(OpenAI.AuthenticationError);
  await snap(page, "79-api-key-revoked");
});

test("the published endpoints, served outside Next.js, answer with the same headers and errors as every page", async ({
  playwright,
  baseURL,
}) => {
  const client = await playwright.request.newContext({ baseURL });
  const expectSecurityHeaders = (headers: Record<string, string>) => {
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  };
  const completions = await client.post("/api/v1/chat/completions", { data: { model: "x", messages: [{ role: "user", content: "hi" }] } });
  expect(completions.status()).toBe(401);
  expect((await completions.json()).error).toMatchObject({ code: "invalid_api_key" });
  expectSecurityHeaders(completions.headers());
  const models = await client.get("/api/v1/models", { headers: { authorization: "Bearer sy_not_a_key" } });
  expect(models.status()).toBe(401);
  expectSecurityHeaders(models.headers());
  const malformed = await client.post("/api/v1/chat/completions", {
    headers: { "content-type": "application/json" },
    data: Buffer.from("{not json"),
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.message).toMatch(/not valid JSON/);
  const chat = await client.post("/api/public/chat?bot=unknown-bot", { data: { sessionId: "session-123", message: "hi" } });
  expect(chat.status()).toBe(404);
  expectSecurityHeaders(chat.headers());
  // a page Next.js serves carries them too
  expectSecurityHeaders((await client.get("/login")).headers());
  await client.dispose();
});

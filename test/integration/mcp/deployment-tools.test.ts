// Every deployment an MCP tool: the official SDK's client, over Streamable HTTP, against the handler
// apps/web/server.ts serves at /api/mcp, with a real worker and a provider fixture. The same key
// checks, rate limit, budget gate and usage as /v1.
import { createApiKey, createDeployment, publishVersion, queryUsage, revokeApiKey, setBudget } from "@switchyard/db";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetPublishedLookups } from "../../../apps/web/src/server/published";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { startWorker, type WorkerProcess } from "../runs/worker-harness";
import { chatFlow, db, newBot, newCredential, newUser, redis, storedRun } from "../support";
import { startMcpEndpoint, type McpEndpoint } from "./endpoint-server";

let fixture: ProviderFixture;
let failing: ProviderFixture;
let worker: WorkerProcess;
let endpoint: McpEndpoint;
const clients: Client[] = [];

beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "gpt-4o-mini": "Our shop opens at nine." } });
  // knows one model and answers 404 for any other: a bot asking for another one fails
  failing = await startProviderFixture({ models: ["gpt-4o-mini"], strictModels: true });
  worker = await startWorker();
  endpoint = await startMcpEndpoint();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  await endpoint?.close();
  await worker?.stop();
  await Promise.all([fixture?.close(), failing?.close()]);
});

async function connect(secret: string) {
  const client = new Client({ name: "mcp-test", version: "1.0.0" });
  clients.push(client);
  const transport = new StreamableHTTPClientTransport(new URL(`${endpoint.url}/api/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${secret}` } },
  });
  await client.connect(transport);
  return client;
}

/** A workspace with a provider, a bot published as version 1, and a deployment of it per slug. */
async function workspaceWithDeployments(label: string, slugs: string[], model = "gpt-4o-mini", baseUrl = fixture.url) {
  const { workspace } = await newUser(label);
  const credential = await newCredential(workspace.id, "OPENAI", `${baseUrl}/v1`, "sk-test");
  const bot = await newBot(workspace.id, chatFlow({ credentialId: credential.id, model, maxRetries: 0 }));
  await publishVersion(db(), workspace.id, bot.id, {});
  const deployments = [];
  for (const slug of slugs)
    deployments.push(await createDeployment(db(), workspace.id, { botId: bot.id, version: 1, slug, allowedOrigins: [] }));
  return { workspace, bot, deployments };
}

const mcpKey = async (workspaceId: string, scopes: ("mcp" | "chat" | "models")[] = ["mcp"]) =>
  createApiKey(db(), workspaceId, { name: "agent", scopes });

const text = (result: Record<string, unknown>) => (result.content as { type: string; text: string }[]).map((part) => part.text).join("");

const today = () => new Date().toISOString().slice(0, 10);

describe("MCP endpoint", () => {
  it("lists the workspace's deployments as tools, named by slug, with the description set on the deployment page", async () => {
    const { workspace, bot, deployments } = await workspaceWithDeployments("lister", ["support", "sales"]);
    await db().deployment.update({ where: { id: deployments[0]!.id }, data: { mcpDescription: "Answers questions about opening hours." } });
    const { secret } = await mcpKey(workspace.id);
    const client = await connect(secret);

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["sales", "support"]);
    const support = tools.find((tool) => tool.name === "support")!;
    expect(support.description).toBe("Answers questions about opening hours.");
    expect(tools.find((tool) => tool.name === "sales")!.description).toBe(
      `Ask the "${bot.name}" bot a question and get its reply as text.`,
    );
    expect(support.inputSchema).toMatchObject({
      type: "object",
      properties: { message: { type: "string" }, sessionId: { type: "string" } },
      required: ["message"],
    });
  });

  it("answers a call with the bot's reply, reports progress, and the run shows in Usage under its deployment", async () => {
    const { workspace, deployments } = await workspaceWithDeployments("caller", ["support"]);
    const { secret } = await mcpKey(workspace.id);
    const client = await connect(secret);

    const progress: Progress[] = [];
    const result = await client.callTool({ name: "support", arguments: { message: "When do you open?" } }, undefined, {
      onprogress: (update) => progress.push(update),
    });
    expect(result.isError).toBeFalsy();
    expect(text(result)).toBe("Our shop opens at nine.");
    // one notification per step of chat input → prompt → model → chat output, always increasing
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)).toMatchObject({ total: 4 });
    for (let index = 1; index < progress.length; index++) expect(progress[index]!.progress).toBeGreaterThan(progress[index - 1]!.progress);

    const runId = (result._meta as Record<string, string>)["switchyard/runId"]!;
    const run = await storedRun(runId);
    expect(run).toMatchObject({ workspaceId: workspace.id, deploymentId: deployments[0]!.id, source: "MCP", status: "SUCCEEDED" });
    const usage = await queryUsage(db(), workspace.id, { from: today(), to: today(), deploymentId: deployments[0]!.id });
    expect(usage[0]).toMatchObject({ requests: 1, errors: 0 });
    expect(usage[0]!.tokensOut).toBeGreaterThan(0);
  });

  it("continues a conversation when calls share a sessionId: the bot sees the earlier turns", async () => {
    const { workspace } = await workspaceWithDeployments("conversation", ["support"]);
    const client = await connect((await mcpKey(workspace.id)).secret);
    const call = (message: string) => client.callTool({ name: "support", arguments: { message, sessionId: "thread-1" } });
    const first = await call("Hello");
    const second = await call("And on Sundays?");
    const runId = (result: typeof first) => (result._meta as Record<string, string>)["switchyard/runId"]!;
    const firstRun = await storedRun(runId(first));
    const secondRun = await storedRun(runId(second));
    expect(firstRun.sessionId).toBe(secondRun.sessionId);
    expect((secondRun.input as { history: unknown[] }).history).toEqual([
      { role: "user", content: "Hello" },
      { role: "assistant", content: "Our shop opens at nine." },
    ]);
  });

  it("turns a failed run, an exceeded budget, a rate limit and bad arguments into tool errors that say what happened", async () => {
    const broken = await workspaceWithDeployments("broken", ["broken"], "no-such-model", failing.url);
    const brokenClient = await connect((await mcpKey(broken.workspace.id)).secret);
    const failed = await brokenClient.callTool({ name: "broken", arguments: { message: "Hi" } });
    expect(failed.isError).toBe(true);
    expect(text(failed)).toMatch(/^The bot failed: /);

    const { workspace, deployments } = await workspaceWithDeployments("spender", ["support"]);
    const { apiKey, secret } = await mcpKey(workspace.id);
    const client = await connect(secret);
    await setBudget(
      db(),
      { workspaceId: workspace.id, deploymentId: deployments[0]!.id },
      { monthlyBudgetUsd: 1e-9, budgetWarnPercent: 80 },
    );
    // the first run is admitted (nothing spent yet) and spends past the tiny cap; the next is refused
    expect((await client.callTool({ name: "support", arguments: { message: "Hi" } })).isError).toBeFalsy();
    const refused = await client.callTool({ name: "support", arguments: { message: "Hi again" } });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/has reached its monthly budget of .* New runs are paused/);

    const invalid = await client.callTool({ name: "support", arguments: { message: "  " } });
    expect(invalid).toMatchObject({ isError: true, content: [{ type: "text", text: "Invalid arguments: message is empty" }] });

    // this key has used up its minute (as a burst of /v1 requests would)
    await redis().set(`ratelimit:api:${apiKey.id}`, 1_000_000, "PX", 60_000);
    const limited = await client.callTool({ name: "support", arguments: { message: "Hi" } });
    expect(limited.isError).toBe(true);
    expect(text(limited)).toMatch(/^Too many requests for this API key; try again in \d+ s$/);
  });

  it("opens the GET stream for server messages to a key with the scope, and refuses it without one", async () => {
    const { workspace } = await workspaceWithDeployments("listener", ["support"]);
    const { secret } = await mcpKey(workspace.id);
    const get = (authorization?: string) =>
      fetch(`${endpoint.url}/api/mcp`, {
        headers: { accept: "text/event-stream", ...(authorization && { authorization }) },
        signal: AbortSignal.timeout(5_000),
      });
    const stream = await get(`Bearer ${secret}`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toBe("text/event-stream");
    await stream.body!.cancel();
    const refused = await get();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: { code: "UNAUTHENTICATED", message: "Send your API key as `Authorization: Bearer <key>`" },
    });
  });

  it("refuses a key without the mcp scope, and a revoked key", async () => {
    const { workspace } = await workspaceWithDeployments("refused", ["support"]);
    const chatOnly = await mcpKey(workspace.id, ["chat", "models"]);
    await expect(connect(chatOnly.secret)).rejects.toMatchObject({
      code: 403,
      message: expect.stringContaining('lacks the \\"mcp\\" scope'),
    });

    const { apiKey, secret } = await mcpKey(workspace.id);
    const client = await connect(secret);
    expect((await client.listTools()).tools).toHaveLength(1);
    // what the revoke route does: revoke, then every web process forgets its cached copy
    await revokeApiKey(db(), workspace.id, apiKey.id);
    forgetPublishedLookups();
    const revoked = { code: 401, message: expect.stringContaining("This API key is not valid or has been revoked") };
    await expect(client.listTools()).rejects.toMatchObject(revoked);
    await expect(connect(secret)).rejects.toMatchObject(revoked);
    await expect(connect("sy_not-a-key")).rejects.toMatchObject({ code: 401 });
  });

  it("never reaches another workspace's deployment: it is not listed, and calling its slug is an unknown tool", async () => {
    const alice = await workspaceWithDeployments("alice", ["alice-private"]);
    const mallory = await workspaceWithDeployments("mallory", ["support"]);
    const client = await connect((await mcpKey(mallory.workspace.id)).secret);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["support"]);
    await expect(client.callTool({ name: "alice-private", arguments: { message: "secrets?" } })).rejects.toThrow(
      /No tool named "alice-private"/,
    );
    expect(await db().run.count({ where: { deploymentId: alice.deployments[0]!.id } })).toBe(0);
  });
});

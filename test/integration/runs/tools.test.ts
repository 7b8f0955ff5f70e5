// Tool and memory nodes run in a real worker: HTTP requests go through the SSRF guard with the
// workspace's allowed hosts and its encrypted HTTP credentials, code runs in the sandbox, MCP tools
// come from a real MCP server, and memory reads earlier runs of the session from PostgreSQL.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpCredential, setAllowedHosts } from "@switchyard/db";
import type { FlowGraph } from "@switchyard/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMcpFixture, type McpFixture } from "../../fixtures/mcp/server";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { db, newBot, newCredential, newUser } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "./worker-harness";

let api: http.Server;
let apiUrl = "";
const apiRequests: { url: string; authorization?: string; apiKey?: string }[] = [];
/** Another origin (its own port) that an editor would like to read a credential on. */
let thief: http.Server;
let thiefUrl = "";
const thiefRequests: http.IncomingHttpHeaders[] = [];
let mcp: McpFixture;
let provider: ProviderFixture;
let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;

beforeAll(async () => {
  api = http.createServer((request, response) => {
    const apiKey = request.headers["x-api-key"] as string | undefined;
    apiRequests.push({ url: request.url ?? "", authorization: request.headers.authorization, ...(apiKey && { apiKey }) });
    const url = new URL(request.url ?? "/", "http://api");
    if (url.pathname === "/to-thief") {
      response.writeHead(307, { location: `${thiefUrl}/collect` });
      return response.end();
    }
    if (url.pathname === "/to-metadata") {
      response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
      return response.end();
    }
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ city: url.searchParams.get("city"), forecast: "sunny", celsius: 21 }));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  thief = http.createServer((request, response) => {
    thiefRequests.push(request.headers);
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ city: "stolen", forecast: "none", celsius: 0 }));
  });
  await new Promise<void>((resolve) => thief.listen(0, "127.0.0.1", resolve));
  thiefUrl = `http://127.0.0.1:${(thief.address() as AddressInfo).port}`;
  mcp = await startMcpFixture();
  provider = await startProviderFixture({ replies: { "summary-model": "Ada likes tea." } });
  worker = await startWorker();
  client = createRunClient();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await mcp?.close();
  await provider?.close();
  await new Promise((resolve) => api?.close(resolve));
  await new Promise((resolve) => thief?.close(resolve));
});

/** chat input → HTTP request → Code (formats the JSON) → chat output */
function weatherFlow(http: Record<string, unknown>): FlowGraph {
  return {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
      { id: "http", type: "http-request", config: { url: `${apiUrl}/weather?city={{input}}`, ...http }, position: { x: 200, y: 0 } },
      {
        id: "code",
        type: "code",
        config: { code: "const { city, forecast, celsius } = input.body; return `${city}: ${forecast}, ${celsius} °C`;" },
        position: { x: 400, y: 0 },
      },
      { id: "output", type: "chat-output", config: {}, position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "http", targetHandle: "input" },
      { id: "e2", source: "http", sourceHandle: "response", target: "code", targetHandle: "input" },
      { id: "e3", source: "code", sourceHandle: "result", target: "output", targetHandle: "text" },
    ],
  };
}

async function runFlow(workspaceId: string, graph: FlowGraph, message: string, sessionId?: string) {
  const bot = await newBot(workspaceId, graph);
  const run = await client.run({ workspaceId, botId: bot.id, graph, message, sessionId });
  const finished = await run.finished;
  const steps = await db().runStep.findMany({ where: { runId: run.runId } });
  return { finished, steps, runId: run.runId };
}

describe("HTTP request and Code nodes in a worker", () => {
  it("call an allowed host, with the credential's header, and format the answer in the sandbox", async () => {
    const { workspace } = await newUser("http");
    await setAllowedHosts(db(), workspace.id, ["127.0.0.1"]);
    const credential = await createHttpCredential(
      db(),
      workspace.id,
      { name: "weather api", headerName: "Authorization", value: "Bearer weather-secret-123" },
      process.env.SWITCHYARD_SECRET!,
    );
    const { finished, steps } = await runFlow(workspace.id, weatherFlow({ httpCredentialId: credential.id }), "Oslo");

    expect(finished).toMatchObject({ status: "SUCCEEDED", output: "Oslo: sunny, 21 °C" });
    expect(apiRequests.at(-1)).toEqual({ url: "/weather?city=Oslo", authorization: "Bearer weather-secret-123" });
    const stored = await db().httpCredential.findUniqueOrThrow({ where: { id: credential.id } });
    expect(stored.valueCipher).not.toContain("weather-secret-123");
    // the secret reaches the server and nothing else: not the trace, not the events
    expect(JSON.stringify(steps)).not.toContain("weather-secret-123");
    expect(steps.find((step) => step.nodeId === "http")?.output).toMatchObject({ response: { status: 200, body: { forecast: "sunny" } } });
  });

  it("refuse loopback when the workspace has not allowed it, and a redirect to the metadata address when it has", async () => {
    const { workspace } = await newUser("ssrf");
    const blocked = await runFlow(workspace.id, weatherFlow({}), "Oslo");
    expect(blocked.finished.status).toBe("FAILED");
    expect(blocked.finished.error).toContain("Blocked request to 127.0.0.1: 127.0.0.1 is a loopback address");

    // another workspace: a worker reuses a workspace's allowed hosts for a few seconds
    const allowed = (await newUser("ssrf-allowed")).workspace;
    await setAllowedHosts(db(), allowed.id, ["127.0.0.1"]);
    const redirected = await runFlow(allowed.id, weatherFlow({ url: `${apiUrl}/to-metadata` }), "x");
    expect(redirected.finished.status).toBe("FAILED");
    expect(redirected.finished.error).toContain("Blocked request to 169.254.169.254: 169.254.169.254 is the cloud metadata address");
  });

  it("never send a custom credential header on to another origin after a redirect", async () => {
    const { workspace } = await newUser("http-redirect");
    await setAllowedHosts(db(), workspace.id, ["127.0.0.1"]);
    const credential = await createHttpCredential(
      db(),
      workspace.id,
      { name: "key", headerName: "X-Api-Key", value: "key-secret-456" },
      process.env.SWITCHYARD_SECRET!,
    );
    const { finished } = await runFlow(workspace.id, weatherFlow({ url: `${apiUrl}/to-thief`, httpCredentialId: credential.id }), "x");
    expect(finished).toMatchObject({ status: "SUCCEEDED", output: "stolen: none, 0 °C" });
    expect(apiRequests.at(-1)).toEqual({ url: "/to-thief", apiKey: "key-secret-456" });
    expect(thiefRequests.at(-1)!["x-api-key"]).toBeUndefined();
    expect(JSON.stringify(thiefRequests)).not.toContain("key-secret-456");
  });

  it("refuse to send a credential bound to other hosts, sending nothing", async () => {
    const { workspace } = await newUser("http-bound");
    await setAllowedHosts(db(), workspace.id, ["127.0.0.1"]);
    const credential = await createHttpCredential(
      db(),
      workspace.id,
      { name: "bound", headerName: "X-Api-Key", value: "bound-secret-789", allowedHosts: ["api.weather.example"] },
      process.env.SWITCHYARD_SECRET!,
    );
    const before = apiRequests.length;
    const { finished } = await runFlow(workspace.id, weatherFlow({ httpCredentialId: credential.id }), "Oslo");
    expect(finished.status).toBe("FAILED");
    expect(finished.error).toContain(
      `The HTTP credential for the X-Api-Key header may only be sent to api.weather.example, not to ${new URL(apiUrl).host}`,
    );
    expect(apiRequests.length).toBe(before);
  });

  it("fail the run with the sandbox's reason when the code tries to escape", async () => {
    const { workspace } = await newUser("escape");
    const graph: FlowGraph = {
      nodes: [
        { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
        {
          id: "code",
          type: "code",
          config: { code: "return globalThis.constructor.constructor('return process')().env" },
          position: { x: 200, y: 0 },
        },
        { id: "output", type: "chat-output", config: {}, position: { x: 400, y: 0 } },
      ],
      edges: [
        { id: "e1", source: "input", sourceHandle: "message", target: "code", targetHandle: "input" },
        { id: "e2", source: "code", sourceHandle: "result", target: "output", targetHandle: "text" },
      ],
    };
    const { finished } = await runFlow(workspace.id, graph, "hi");
    expect(finished).toMatchObject({ status: "FAILED" });
    expect(finished.error).toContain("The code failed: ReferenceError: 'process' is not defined");
  });
});

describe("MCP tools node in a worker", () => {
  /** chat input → agent (tools from the MCP server) → chat output */
  const flowWith = (url: string, credentialId: string): FlowGraph => ({
    nodes: [
      { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
      { id: "mcp", type: "mcp-tools", config: { url, toolPrefix: "shop_" }, position: { x: 0, y: 200 } },
      { id: "agent", type: "agent", config: { credentialId, model: "agent-model", stream: false }, position: { x: 200, y: 0 } },
      { id: "output", type: "chat-output", config: {}, position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "agent", targetHandle: "prompt" },
      { id: "e2", source: "mcp", sourceHandle: "tools", target: "agent", targetHandle: "tools" },
      { id: "e3", source: "agent", sourceHandle: "text", target: "output", targetHandle: "text" },
    ],
  });

  it("offers the server's tools to an agent, which calls one, when the workspace allows the host", async () => {
    const { workspace } = await newUser("mcp");
    await setAllowedHosts(db(), workspace.id, ["127.0.0.1"]);
    const credential = await newCredential(workspace.id, "OPENAI", `${provider.url}/v1`, "sk-test");
    const { finished, steps } = await runFlow(workspace.id, flowWith(`${mcp.url}/mcp`, credential.id), 'call:shop_add {"a":2,"b":3}');
    // the tool's result reached the model marked as data (the fixture echoes what it received)
    expect(finished.status).toBe("SUCCEEDED");
    expect(finished.output).toMatch(/^Tool result: <untrusted-([0-9a-f]{24}) source="tool shop_add">\n5\n<\/untrusted-\1>$/);
    const tools = (steps.find((step) => step.nodeId === "mcp")?.output as { tools: { name: string }[] }).tools;
    expect(tools.map((tool) => tool.name)).toEqual(["shop_add", "shop_lookup_order", "shop_fail"]);
    expect(mcp.calls.at(-1)).toMatchObject({ tool: "add", args: { a: 2, b: 3 } });
  });

  it("refuses the server otherwise", async () => {
    const { workspace } = await newUser("mcp-blocked");
    const credential = await newCredential(workspace.id, "OPENAI", `${provider.url}/v1`, "sk-test");
    const { finished } = await runFlow(workspace.id, flowWith(`${mcp.url}/mcp`, credential.id), "hi");
    expect(finished.status).toBe("FAILED");
    expect(finished.error).toContain("Blocked request to 127.0.0.1");
  });
});

describe("Memory node in a worker", () => {
  /** chat input → model (history from memory) → chat output */
  const memoryFlow = (credentialId: string, memoryConfig: Record<string, unknown>): FlowGraph => ({
    nodes: [
      { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
      { id: "memory", type: "memory", config: memoryConfig, position: { x: 0, y: 200 } },
      { id: "model", type: "model", config: { credentialId, model: "chat-model", stream: false }, position: { x: 200, y: 0 } },
      { id: "output", type: "chat-output", config: {}, position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "model", targetHandle: "prompt" },
      { id: "e2", source: "memory", sourceHandle: "messages", target: "model", targetHandle: "history" },
      { id: "e3", source: "model", sourceHandle: "text", target: "output", targetHandle: "text" },
    ],
  });
  const sentMessages = (model: string) =>
    (
      provider.requests.filter((request) => (request.body as { model?: string }).model === model).at(-1)?.body as {
        messages: { role: string; content: string }[];
      }
    ).messages;

  it("replays the session's earlier turns to the model, and only that session's", async () => {
    const { workspace } = await newUser("memory");
    const credential = await newCredential(workspace.id, "OPENAI", `${provider.url}/v1`, "sk-test");
    const graph = memoryFlow(credential.id, { mode: "turns", turns: 2 });
    for (const message of ["I'm Ada", "I like tea", "I live in Oslo"]) await runFlow(workspace.id, graph, message, "session-1");
    await runFlow(workspace.id, graph, "other conversation", "session-2");

    const last = await runFlow(workspace.id, graph, "What do you know?", "session-1");
    expect(last.finished).toMatchObject({ status: "SUCCEEDED", error: null });
    expect(sentMessages("chat-model")).toEqual([
      { role: "user", content: "I like tea" },
      { role: "assistant", content: "Echo: I like tea" },
      { role: "user", content: "I live in Oslo" },
      { role: "assistant", content: "Echo: I live in Oslo" },
      { role: "user", content: "What do you know?" },
    ]);
  });

  it("keeps a running summary written by the chosen model and stores it per session", async () => {
    const { workspace } = await newUser("summary");
    const credential = await newCredential(workspace.id, "OPENAI", `${provider.url}/v1`, "sk-test");
    const graph = memoryFlow(credential.id, { mode: "summary", credentialId: credential.id, model: "summary-model" });
    await runFlow(workspace.id, graph, "I'm Ada and I like tea", "s-sum");
    const second = await runFlow(workspace.id, graph, "What do I like?", "s-sum");

    expect(second.finished).toMatchObject({ status: "SUCCEEDED", error: null });
    expect(sentMessages("summary-model").at(-1)?.content).toContain(
      "User: I'm Ada and I like tea\nAssistant: Echo: I'm Ada and I like tea",
    );
    expect(sentMessages("chat-model")).toEqual([
      { role: "system", content: "Summary of the conversation so far: Ada likes tea." },
      { role: "user", content: "What do I like?" },
    ]);
    const stored = await db().conversationSummary.findUniqueOrThrow({
      where: { workspaceId_sessionId: { workspaceId: workspace.id, sessionId: "s-sum" } },
    });
    expect(stored.summary).toBe("Ada likes tea.");
    const memoryStep = second.steps.find((step) => step.nodeId === "memory");
    expect(memoryStep).toMatchObject({ model: "summary-model" });
    expect(memoryStep?.tokensIn).toBeGreaterThan(0);
  });
});

// A workspace owner opens a loopback API to the workspace's tools, stores an HTTP credential, and runs a
// bot whose HTTP request, Code, MCP tools and Memory nodes sit on the canvas; strangers and bad input
// are refused.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { startMcpFixture, type McpFixture } from "../fixtures/mcp/server";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiAccount, asApp, fromApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let api: http.Server;
let apiUrl = "";
const seen: { url: string; authorization?: string }[] = [];
let mcp: McpFixture;
let provider: ProviderFixture;

test.beforeAll(async () => {
  api = http.createServer((request, response) => {
    seen.push({ url: request.url ?? "", authorization: request.headers.authorization });
    const city = new URL(request.url ?? "/", "http://api").searchParams.get("city");
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ city, forecast: "sunny", celsius: 21 }));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  mcp = await startMcpFixture();
  provider = await startProviderFixture();
});
test.afterAll(async () => {
  await mcp?.close();
  await provider?.close();
  await new Promise((resolve) => api?.close(resolve));
});

test.use({ viewport: { width: 1600, height: 1000 } });

test("an owner allows a host and adds an HTTP credential, and a bot with tool nodes calls it", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("toolsmith"));
  const workspaceId = workspaceIdFrom(page);

  await page.getByRole("link", { name: "Settings" }).click();
  const network = page.getByRole("region", { name: "Allowed hosts" });
  await expect(network).toContainText("No hosts allowed");
  await page.getByLabel("Host to allow").fill("http://127.0.0.1:8080/path");
  await page.getByRole("button", { name: "Allow host" }).click();
  await expect(network).toContainText("Enter a host name such as api.internal or an IP address, without scheme, port or path");
  await page.getByLabel("Host to allow").fill("127.0.0.1");
  await page.getByRole("button", { name: "Allow host" }).click();
  await expect(network.getByRole("listitem")).toHaveText(["127.0.0.1"]);

  await page.getByLabel("Credential", { exact: true }).fill("Weather API");
  await page.getByLabel("Value").fill("Bearer e2e-weather-secret");
  // bound to the one host the flow calls: sent nowhere else
  await page.getByLabel("Send only to (hosts)").fill("127.0.0.1");
  await page.getByRole("button", { name: "Add HTTP credential" }).click();
  await expect(page.getByRole("list", { name: "HTTP credential list" })).toContainText("Weather API");
  await expect(page.getByRole("list", { name: "HTTP credential list" })).toContainText("Authorization: ••••••");
  await expect(page.getByRole("list", { name: "HTTP credential list" })).toContainText("only to 127.0.0.1");
  await page.getByRole("heading", { name: "Network" }).scrollIntoViewIfNeeded();
  await snap(page, "30-settings-network");

  // the API lists the credential without its value
  const listed = await asApp(page.request).get(`/api/workspaces/${workspaceId}/http-credentials`);
  const listedText = await listed.text();
  expect(listedText).not.toContain("e2e-weather-secret");
  const credentialId = (JSON.parse(listedText) as { credentials: { id: string }[] }).credentials[0]!.id;
  const providerResponse = await asApp(page.request).post(`/api/workspaces/${workspaceId}/credentials`, {
    data: { name: "Fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${provider.url}/v1` },
  });
  const providerId = ((await providerResponse.json()) as { credential: { id: string } }).credential.id;

  const graph = {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 120 } },
      {
        id: "http",
        type: "http-request",
        config: { url: `${apiUrl}/weather?city={{input}}`, httpCredentialId: credentialId, toolName: "weather" },
        position: { x: 280, y: 60 },
      },
      {
        id: "code",
        type: "code",
        config: { code: "const { city, forecast, celsius } = input.body;\nreturn `${city}: ${forecast}, ${celsius} °C`;" },
        position: { x: 560, y: 120 },
      },
      { id: "output", type: "chat-output", config: {}, position: { x: 840, y: 120 } },
      { id: "mcp", type: "mcp-tools", config: { url: `${mcp.url}/mcp`, toolPrefix: "shop_" }, position: { x: 280, y: 360 } },
      { id: "memory", type: "memory", config: { turns: 5 }, position: { x: 280, y: 520 } },
      { id: "agent", type: "agent", config: { credentialId: providerId, model: "fixture-small" }, position: { x: 560, y: 400 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "http", targetHandle: "input" },
      { id: "e2", source: "http", sourceHandle: "response", target: "code", targetHandle: "input" },
      { id: "e3", source: "code", sourceHandle: "result", target: "output", targetHandle: "text" },
      { id: "e4", source: "input", sourceHandle: "message", target: "agent", targetHandle: "prompt" },
      { id: "e5", source: "mcp", sourceHandle: "tools", target: "agent", targetHandle: "tools" },
      { id: "e6", source: "memory", sourceHandle: "messages", target: "agent", targetHandle: "history" },
    ],
  };
  const created = await asApp(page.request).post(`/api/workspaces/${workspaceId}/bots`, { data: { name: "Weather desk", graph } });
  expect(created.status()).toBe(201);
  const { bot } = (await created.json()) as { bot: { id: string } };

  await page.goto(`/w/${workspaceId}/bots/${bot.id}`);
  await expect(page.getByText("Valid flow")).toBeVisible();
  await page.getByLabel("Message").fill("Oslo");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator('[data-role="assistant"]').last()).toHaveText("Oslo: sunny, 21 °C");
  for (const id of ["http", "code", "mcp", "memory", "agent"])
    await expect(page.getByTestId(`node-${id}`)).toHaveAttribute("data-status", "SUCCEEDED");
  expect(seen.at(-1)).toEqual({ url: "/weather?city=Oslo", authorization: "Bearer e2e-weather-secret" });

  // the inspector renders each config sensibly: a method select, a credential picker, a code editor
  await page.getByTestId("node-http").click();
  await expect(page.getByLabel("Method")).toHaveValue("GET");
  await expect(page.getByLabel("HTTP credential")).toHaveValue(credentialId);
  await page.getByTestId("node-code").click();
  await expect(page.getByLabel("Code", { exact: true })).toHaveValue(/return `\$\{city\}/);
  await snap(page, "31-editor-tool-nodes");
  await page.getByTestId("node-memory").click();
  await expect(page.getByLabel("Mode", { exact: true })).toHaveValue("turns");

  // the test chat is one session: the second message's run remembers the first turn
  await page.getByLabel("Message").fill("Bergen");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator('[data-role="assistant"]').last()).toHaveText("Bergen: sunny, 21 °C");
  await page.getByTestId("node-memory").click();
  await expect(page.getByLabel("Last run")).toContainText('"content": "Oslo: sunny, 21 °C"');
});

test("network settings refuse strangers, non-owners' changes and bad input", async ({ playwright, baseURL }) => {
  const owner = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const stranger = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { workspaceId } = await apiAccount(owner, "netowner");
  await apiAccount(stranger, "netstranger");
  const base = `/api/workspaces/${workspaceId}`;

  const badHosts = await owner.put(`${base}/network`, { data: { allowedHosts: ["http://x/"] } });
  expect(badHosts.status()).toBe(400);
  const notAList = await owner.put(`${base}/network`, { data: { allowedHosts: "127.0.0.1" } });
  expect(notAList.status()).toBe(400);
  const tooMany = await owner.put(`${base}/network`, { data: { allowedHosts: Array.from({ length: 101 }, (_, i) => `h${i}.example`) } });
  expect(tooMany.status()).toBe(400);
  const badHeader = await owner.post(`${base}/http-credentials`, { data: { name: "x", headerName: "Bad Header", value: "v" } });
  expect(badHeader.status()).toBe(400);
  const huge = await owner.post(`${base}/http-credentials`, { data: { name: "x", headerName: "X-Key", value: "v".repeat(300_000) } });
  expect(huge.status()).toBe(413);
  const badBinding = await owner.post(`${base}/http-credentials`, {
    data: { name: "x", headerName: "X-Key", value: "v", allowedHosts: ["https://api.example.com/path"] },
  });
  expect(badBinding.status()).toBe(400);
  expect(await badBinding.text()).toContain("Enter hosts such as api.example.com");

  const saved = await owner.put(`${base}/network`, { data: { allowedHosts: ["API.Internal.example", "[::1]", "10.0.0.12"] } });
  expect(await saved.json()).toEqual({ allowedHosts: ["10.0.0.12", "::1", "api.internal.example"] });
  const unbound = await owner.post(`${base}/http-credentials`, { data: { name: "Key", headerName: "X-Key", value: "s3cret-value" } });
  expect(unbound.status()).toBe(400);
  expect(await unbound.text()).toContain("Name the hosts this credential may be sent to");
  const created = await owner.post(`${base}/http-credentials`, {
    data: { name: "Key", headerName: "X-Key", value: "s3cret-value", allowedHosts: ["api.internal.example"] },
  });
  expect(created.status()).toBe(201);
  const { credential } = (await created.json()) as { credential: { id: string } };
  expect(JSON.stringify(credential)).not.toContain("s3cret-value");

  for (const response of await Promise.all([
    stranger.get(`${base}/network`),
    stranger.put(`${base}/network`, { data: { allowedHosts: ["evil.example"] } }),
    stranger.get(`${base}/http-credentials`),
    stranger.post(`${base}/http-credentials`, { data: { name: "k", headerName: "X-Key", value: "v", allowedHosts: ["evil.example"] } }),
    stranger.delete(`${base}/http-credentials/${credential.id}`),
    owner.delete(`${base}/http-credentials/not-a-real-id`),
  ]))
    expect(response.status(), response.url()).toBe(404);
  expect(await (await owner.get(`${base}/network`)).json()).toEqual({ allowedHosts: ["10.0.0.12", "::1", "api.internal.example"] });
});

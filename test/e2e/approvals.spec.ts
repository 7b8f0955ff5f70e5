// Human approval as a person meets it: an agent bot proposes a side-effecting HTTP call to a loopback
// API the workspace allows, the run waits, the Approvals inbox (with its badge) shows the call, the
// person edits the arguments and approves, the run finishes and its trace says who approved. The same
// with the worker SIGKILLed (and a new one started) while the run waits. Then the same through the API
// with an `approvals` key, and the refusals.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiAccount, asApp, fromApp, killAndReplaceWorker, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let orders: http.Server;
let ordersUrl = "";
const received: unknown[] = [];
let provider: ProviderFixture;

test.beforeAll(async () => {
  orders = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push(JSON.parse(body || "null"));
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ ok: true, order: 42 }));
    });
  });
  await new Promise<void>((resolve) => orders.listen(0, "127.0.0.1", resolve));
  ordersUrl = `http://127.0.0.1:${(orders.address() as AddressInfo).port}`;
  provider = await startProviderFixture();
});
test.afterAll(async () => {
  await provider?.close();
  await new Promise((resolve) => orders?.close(resolve));
});

test.use({ viewport: { width: 1600, height: 1000 } });

const agentGraph = (credentialId: string) => ({
  nodes: [
    { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 120 } },
    {
      id: "order",
      type: "http-request",
      config: {
        method: "POST",
        url: `${ordersUrl}/orders`,
        body: '{"item":"{{item}}","qty":"{{qty}}"}',
        toolName: "place_order",
        toolDescription: "Places an order",
      },
      position: { x: 0, y: 320 },
    },
    {
      id: "agent",
      type: "agent",
      config: { credentialId, model: "fixture-small", stream: false, approveTools: "side_effects" },
      position: { x: 320, y: 160 },
    },
    { id: "output", type: "chat-output", config: {}, position: { x: 640, y: 160 } },
  ],
  edges: [
    { id: "e1", source: "input", sourceHandle: "message", target: "agent", targetHandle: "prompt" },
    { id: "e2", source: "order", sourceHandle: "tool", target: "agent", targetHandle: "tools" },
    { id: "e3", source: "agent", sourceHandle: "text", target: "output", targetHandle: "text" },
  ],
});

test("a person edits and approves an agent's side-effecting call in the inbox, and the run finishes", async ({ page }) => {
  test.setTimeout(120_000);
  const account = newAccount("approver");
  await signUp(page, account);
  const workspaceId = workspaceIdFrom(page);
  const app = asApp(page.request);
  expect((await app.put(`/api/workspaces/${workspaceId}/network`, { data: { allowedHosts: ["127.0.0.1"] } })).status()).toBe(200);
  const credential = await app.post(`/api/workspaces/${workspaceId}/credentials`, {
    data: { name: "Fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${provider.url}/v1` },
  });
  const credentialId = ((await credential.json()) as { credential: { id: string } }).credential.id;
  const created = await app.post(`/api/workspaces/${workspaceId}/bots`, { data: { name: "Order desk", graph: agentGraph(credentialId) } });
  const { bot } = (await created.json()) as { bot: { id: string } };

  await page.goto(`/w/${workspaceId}/bots/${bot.id}`);
  await expect(page.getByText("Valid flow")).toBeVisible();
  await page.getByLabel("Message").fill('Order tea call:place_order {"item":"tea","qty":"1"}');
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator('[data-role="assistant"]').last()).toContainText("Waiting for approval");
  await expect(page.getByTestId("node-agent")).toHaveAttribute("data-status", "running");
  expect(received).toEqual([]);
  await snap(page, "approvals-01-editor-waiting");

  await page.goto(`/w/${workspaceId}/bots`);
  await expect(page.getByTestId("approvals-badge")).toHaveText("1");
  await page.getByRole("link", { name: /Approvals/ }).click();
  const card = page.getByTestId("pending-approval");
  await expect(card).toContainText('The agent wants to call the tool "place_order"');
  await expect(card).toContainText("Order desk");
  await expect(card.getByLabel("Proposed value")).toHaveValue(/"item": "tea"/);
  await snap(page, "approvals-02-inbox");

  // an edit that breaks the tool's schema is refused, and the approval stays open
  await card.getByLabel("Proposed value").fill('{"item": 5}');
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card).toContainText("item: Invalid input: expected string, received number");
  await card.getByLabel("Proposed value").fill('{"item": "green tea", "qty": "2"}');
  await card.getByLabel("Comment").fill("two, and green");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("answered-approval").first()).toContainText(`approve by ${account.email} (edited)`);
  await expect(page.getByTestId("approvals-badge")).toHaveCount(0);
  await snap(page, "approvals-03-answered");

  const { approvals } = (await (await app.get(`/api/workspaces/${workspaceId}/approvals`)).json()) as { approvals: { runId: string }[] };
  const runId = approvals[0]!.runId;
  await expect
    .poll(async () => ((await (await app.get(`/api/runs/${runId}`)).json()) as { run: { status: string } }).run.status, { timeout: 20_000 })
    .toBe("SUCCEEDED");
  expect(received).toEqual([{ item: "green tea", qty: "2" }]);
  const { run } = (await (await app.get(`/api/runs/${runId}`)).json()) as {
    run: { output: { text: string }; steps: { nodeId: string; output: Record<string, unknown> | null }[] };
  };
  // the result goes back to the model marked as data (agent-safety), with the request's provenance
  expect(run.output.text).toMatch(
    /^Tool result: <untrusted-(\w+) source="tool place_order; url [^"]+">\n.*"order":\s*42.*\n<\/untrusted-\1>$/,
  );
  const approvalStep = run.steps.find((step) => step.nodeId === "agent/approval-1:place_order");
  expect(approvalStep?.output).toMatchObject({
    action: "approve",
    answeredBy: account.email,
    answeredVia: "APP",
    changed: true,
    comment: "two, and green",
    arguments: { item: "green tea", qty: "2" },
  });

  // the run's trace in the editor lists the approval step, with who approved, next to the tool call
  await page.goto(`/w/${workspaceId}/bots/${bot.id}`);
  await expect(page.getByText("Valid flow")).toBeVisible();
  await page.getByRole("tab", { name: "Runs" }).click();
  await page
    .getByRole("button", { name: /^succeeded/ })
    .first()
    .click();
  await page.getByTestId("node-agent").click();
  const subSteps = page.getByRole("list", { name: "Sub-steps" });
  await expect(subSteps).toContainText("approval-1:place_order");
  await expect(subSteps).toContainText(`approve by ${account.email} (edited)`);
  await expect(subSteps).toContainText("tool-1:place_order");
  await subSteps.scrollIntoViewIfNeeded();
  await snap(page, "approvals-04-trace");
});

test("the same with the worker killed while the run waits: a new worker finishes it once approved", async ({ page }) => {
  test.setTimeout(120_000);
  received.length = 0;
  const account = newAccount("crashapprover");
  await signUp(page, account);
  const workspaceId = workspaceIdFrom(page);
  const app = asApp(page.request);
  expect((await app.put(`/api/workspaces/${workspaceId}/network`, { data: { allowedHosts: ["127.0.0.1"] } })).status()).toBe(200);
  const credential = await app.post(`/api/workspaces/${workspaceId}/credentials`, {
    data: { name: "Fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${provider.url}/v1` },
  });
  const credentialId = ((await credential.json()) as { credential: { id: string } }).credential.id;
  const created = await app.post(`/api/workspaces/${workspaceId}/bots`, { data: { name: "Night desk", graph: agentGraph(credentialId) } });
  const { bot } = (await created.json()) as { bot: { id: string } };

  await page.goto(`/w/${workspaceId}/bots/${bot.id}`);
  await expect(page.getByText("Valid flow")).toBeVisible();
  await page.getByLabel("Message").fill('Order coffee call:place_order {"item":"coffee","qty":"3"}');
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator('[data-role="assistant"]').last()).toContainText("Waiting for approval");
  const { approvals } = (await (await app.get(`/api/workspaces/${workspaceId}/approvals`)).json()) as { approvals: { runId: string }[] };
  const runId = approvals[0]!.runId;
  const runOf = async () =>
    (
      (await (await app.get(`/api/runs/${runId}`)).json()) as {
        run: { status: string; output: { text: string } | null; steps: { nodeId: string; output: Record<string, unknown> | null }[] };
      }
    ).run;
  expect((await runOf()).status).toBe("WAITING");

  // the worker that ran the agent dies without a chance to clean up; a new one starts
  const { killed, started } = await killAndReplaceWorker();
  expect(started).not.toBe(killed);
  // nothing of the run lived in the dead worker: it is still waiting, and nothing was called
  await page.waitForTimeout(1_000);
  expect((await runOf()).status).toBe("WAITING");
  expect(received).toEqual([]);

  await page.goto(`/w/${workspaceId}/bots`);
  await expect(page.getByTestId("approvals-badge")).toHaveText("1");
  await page.getByRole("link", { name: /Approvals/ }).click();
  const card = page.getByTestId("pending-approval");
  await expect(card).toContainText('The agent wants to call the tool "place_order"');
  await expect(card).toContainText("Night desk");
  await expect(card.getByLabel("Proposed value")).toHaveValue(/"item": "coffee"/);
  await card.getByLabel("Proposed value").fill('{"item": "decaf coffee", "qty": "1"}');
  await card.getByLabel("Comment").fill("one decaf, it is late");
  await snap(page, "approvals-crash-01-inbox-after-worker-killed");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("answered-approval").first()).toContainText(`approve by ${account.email} (edited)`);

  // the new worker picks the run up from its checkpoint and finishes it
  await expect.poll(async () => (await runOf()).status, { timeout: 20_000 }).toBe("SUCCEEDED");
  expect(received).toEqual([{ item: "decaf coffee", qty: "1" }]);
  const run = await runOf();
  expect(run.output?.text).toMatch(/"order":\s*42/);
  expect(run.steps.find((step) => step.nodeId === "agent/approval-1:place_order")?.output).toMatchObject({
    action: "approve",
    answeredBy: account.email,
    answeredVia: "APP",
    changed: true,
    comment: "one decaf, it is late",
    arguments: { item: "decaf coffee", qty: "1" },
  });

  await page.goto(`/w/${workspaceId}/bots/${bot.id}`);
  await expect(page.getByText("Valid flow")).toBeVisible();
  await page.getByRole("tab", { name: "Runs" }).click();
  await page
    .getByRole("button", { name: /^succeeded/ })
    .first()
    .click();
  await page.getByTestId("node-agent").click();
  const subSteps = page.getByRole("list", { name: "Sub-steps" });
  await expect(subSteps).toContainText("approval-1:place_order");
  await expect(subSteps).toContainText(`approve by ${account.email} (edited)`);
  await expect(subSteps).toContainText("tool-1:place_order");
  await subSteps.scrollIntoViewIfNeeded();
  await snap(page, "approvals-crash-02-trace");
});

test("the approvals API answers with an `approvals` key, once, and refuses bad input and other workspaces", async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const owner = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const stranger = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { workspaceId } = await apiAccount(owner, "apiapprover");
  const { workspaceId: theirs } = await apiAccount(stranger, "apistranger");
  const base = `/api/workspaces/${workspaceId}`;
  const graph = {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
      {
        id: "ask",
        type: "approval",
        config: { question: "Publish {{input}}?", valueSchema: '{"type":"string","minLength":3}' },
        position: { x: 300, y: 0 },
      },
      { id: "out", type: "chat-output", config: {}, position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "ask", targetHandle: "value" },
      { id: "e2", source: "ask", sourceHandle: "approved", target: "out", targetHandle: "text" },
    ],
  };
  const { bot } = (await (await owner.post(`${base}/bots`, { data: { name: "Publisher", graph } })).json()) as { bot: { id: string } };
  // the editor's JSON answer says the run is waiting, rather than hanging until it is answered
  const started = await owner.post(`${base}/bots/${bot.id}/runs`, { data: { message: "the post" } });
  const waiting = (await started.json()) as { type: string; runId: string; approvals: { id: string; question: string }[] };
  expect(waiting).toMatchObject({ type: "run.waiting", approvals: [{ question: "Publish the post?" }] });
  const approvalId = waiting.approvals[0]!.id;

  const { secret } = (await (await owner.post(`${base}/api-keys`, { data: { name: "ops bot", scopes: ["approvals"] } })).json()) as {
    secret: string;
  };
  const { secret: chatOnly } = (await (await owner.post(`${base}/api-keys`, { data: { name: "chat", scopes: ["chat"] } })).json()) as {
    secret: string;
  };
  const withKey = (key: string) => playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  const ops = await withKey(secret);

  expect((await (await withKey(chatOnly)).get(`${base}/approvals`)).status()).toBe(403);
  expect((await ops.get(`/api/workspaces/${theirs}/approvals`)).status()).toBe(404);
  expect((await stranger.post(`${base}/approvals/${approvalId}`, { data: { action: "approve" } })).status()).toBe(404);
  expect((await stranger.post(`/api/workspaces/${theirs}/approvals/${approvalId}`, { data: { action: "approve" } })).status()).toBe(404);
  const badAction = await ops.post(`${base}/approvals/${approvalId}`, { data: { action: "maybe" } });
  expect(badAction.status()).toBe(400);
  const badValue = await ops.post(`${base}/approvals/${approvalId}`, { data: { action: "approve", value: "x" } });
  expect(badValue.status()).toBe(400);
  expect(await badValue.text()).toContain("does not match the expected schema");

  // a viewer of the workspace sees the approval but cannot answer it
  const viewer = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { account: viewerAccount } = await apiAccount(viewer, "apiviewer");
  const invite = (await (await owner.post(`${base}/invites`, { data: { email: viewerAccount.email, role: "VIEWER" } })).json()) as {
    link: string;
  };
  expect((await viewer.post(`/api/invites/${invite.link.split("/invite/")[1]}`)).status()).toBe(200);
  expect((await viewer.get(`${base}/approvals/${approvalId}`)).status()).toBe(200);
  expect((await viewer.post(`${base}/approvals/${approvalId}`, { data: { action: "approve" } })).status()).toBe(403);

  const listed = (await (await ops.get(`${base}/approvals?status=pending`)).json()) as { pending: number };
  expect(listed.pending).toBe(1);
  const link = (await (await owner.post(`${base}/approvals/${approvalId}/link`)).json()) as { url: string };
  expect(link.url).toMatch(/\/approve\/[\w-]+\.[\w-]+$/);

  const answered = await ops.post(`${base}/approvals/${approvalId}`, { data: { action: "approve", value: "the edited post" } });
  expect(answered.status()).toBe(200);
  expect(await answered.json()).toMatchObject({
    approval: { status: "ANSWERED", answeredBy: 'API key "ops bot" (' + secret.slice(0, 9) + "…)", changed: true },
  });
  const twice = await owner.post(`${base}/approvals/${approvalId}`, { data: { action: "reject" } });
  expect(twice.status()).toBe(409);
  expect(await twice.text()).toContain("first answer stands");
  // the one-time link is spent too
  const viaLink = await playwright.request.newContext({ baseURL });
  const token = link.url.split("/approve/")[1]!;
  expect((await viaLink.post(`/api/public/approvals/${token}`, { data: { action: "approve" } })).status()).toBe(409);
  expect((await viaLink.get(`/api/public/approvals/${token.slice(0, -2)}xx`)).status()).toBe(404);

  await expect
    .poll(
      async () => ((await (await owner.get(`/api/runs/${waiting.runId}`)).json()) as { run: { status: string; output: unknown } }).run,
      {
        timeout: 20_000,
      },
    )
    .toMatchObject({ status: "SUCCEEDED", output: { text: "the edited post" } });
});

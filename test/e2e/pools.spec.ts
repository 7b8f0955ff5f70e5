// Pools as a user meets them: two providers, a pool of them made in Settings, a Model node pointed at
// the pool, and a test chat whose trace names the member that answered (the first one is rate-limited).
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiAccount, asApp, fromApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let limited: ProviderFixture;
let healthy: ProviderFixture;
test.beforeAll(async () => {
  limited = await startProviderFixture({ failures: { mode: "429", retryAfterSeconds: 30 } });
  healthy = await startProviderFixture({ replies: { "*": (text) => `Key B says: ${text}` } });
});
test.afterAll(async () => Promise.all([limited.close(), healthy.close()]));
test.use({ viewport: { width: 1440, height: 1000 } });

test("create a pool in Settings, choose it on a Model node, and see which member answered", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("pools"));
  const workspaceId = workspaceIdFrom(page);
  const api = `/api/workspaces/${workspaceId}`;
  const post = async <T>(path: string, data: unknown) => {
    const response = await asApp(page.request).post(`${api}${path}`, { data });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as T;
  };
  for (const [name, server] of [
    ["Key A", limited],
    ["Key B", healthy],
  ] as const)
    await post("/credentials", { name, kind: "OPENAI_COMPATIBLE", baseUrl: `${server.url}/v1` });

  // the pool, made in Settings
  await page.goto(`/w/${workspaceId}/settings`);
  const form = page.getByRole("form", { name: "New pool" });
  await form.getByLabel("New pool name").fill("Fixture pool");
  await form.getByLabel("Provider 1").selectOption({ label: "Key A" });
  await form.getByLabel("Provider 2").selectOption({ label: "Key B" });
  await form.getByRole("button", { name: "Create pool" }).click();
  const pools = page.getByRole("list", { name: "Model pools" });
  await expect(pools).toContainText("Fixture pool");
  await expect(pools).toContainText("Key A, Key B");
  await pools.scrollIntoViewIfNeeded();
  await snap(page, "pools-01-settings");

  // removing a member's credential says it leaves the pool (and is not removed here)
  await page.getByRole("list", { name: "Provider credentials" }).getByRole("button", { name: "Remove Key A" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("Member of pool “Fixture pool”");
  await snap(page, "pools-02-remove-member-credential");
  await page.getByRole("button", { name: "Keep it" }).click();

  // a bot whose Model node has no provider yet
  const position = { x: 0, y: 0 };
  const graph = {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position },
      { id: "model", type: "model", config: { credentialId: "", model: "" }, position: { x: 320, y: 0 } },
      { id: "output", type: "chat-output", config: {}, position: { x: 640, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "model", targetHandle: "prompt" },
      { id: "e2", source: "model", sourceHandle: "text", target: "output", targetHandle: "text" },
    ],
  };
  const { bot } = await post<{ bot: { id: string } }>("/bots", { name: "Pooled", graph });
  await page.goto(`/w/${workspaceId}/bots/${bot.id}`);
  await page.getByTestId("node-model").click();
  await page.getByLabel("Provider").selectOption({ label: "Fixture pool (pool)" });
  await page.getByLabel("Model", { exact: true }).fill("fixture-small");
  await expect(page.getByText("Valid flow")).toBeVisible();
  await expect(page.getByLabel("Save status")).toHaveText("All changes saved");

  await page.getByLabel("Message").fill("Where is my parcel?");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator('[data-role="assistant"]').last()).toHaveText("Key B says: Where is my parcel?");
  await expect(page.getByTestId("node-model")).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(page.getByTestId("node-model")).toContainText("Pool Fixture pool: Key B answered after 1 failover");
  await snap(page, "pools-03-editor-trace");
  expect(limited.stats.byStatus[429]).toBe(1);

  // Key A rests for its Retry-After (30 s): the next message goes straight to Key B
  await page.getByLabel("Message").fill("And my invoice?");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator('[data-role="assistant"]').last()).toHaveText("Key B says: And my invoice?");
  await expect(page.getByTestId("node-model")).toContainText("Pool Fixture pool: Key B answered");
  await expect(page.getByTestId("node-model")).not.toContainText("failover");
  expect(limited.stats.byStatus[429]).toBe(1);
});

test("the pools API checks its input and never reaches another workspace's pools or credentials", async ({ playwright, baseURL }) => {
  const alice = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const mallory = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { workspaceId } = await apiAccount(alice, "alice");
  const { workspaceId: malloryWorkspace } = await apiAccount(mallory, "mallory");
  const base = `/api/workspaces/${workspaceId}`;
  const { credential } = (await (
    await alice.post(`${base}/credentials`, { data: { name: "Key", kind: "OPENAI_COMPATIBLE", baseUrl: "http://127.0.0.1:9/v1" } })
  ).json()) as { credential: { id: string } };
  const created = await alice.post(`${base}/pools`, { data: { name: "Keys", members: [{ credentialId: credential.id, weight: 2 }] } });
  expect(created.status()).toBe(201);
  const { pool } = (await created.json()) as { pool: { id: string; members: { credentialName: string; weight: number }[] } };
  expect(pool.members).toEqual([expect.objectContaining({ credentialName: "Key", weight: 2, model: null })]);

  // bad input: a 400 naming the field, and nothing written
  const empty = await alice.post(`${base}/pools`, { data: { name: "Empty", members: [] } });
  expect(empty.status()).toBe(400);
  expect(JSON.stringify(await empty.json())).toContain("members");
  const badWeight = await alice.put(`${base}/pools/${pool.id}`, {
    data: { name: "Keys", members: [{ credentialId: credential.id, weight: 0 }] },
  });
  expect(badWeight.status()).toBe(400);
  expect(JSON.stringify(await badWeight.json())).toContain("members.0.weight");
  expect((await alice.post(`${base}/pools`, { data: { name: "Keys", members: [{ credentialId: credential.id }] } })).status()).toBe(409);
  const pools = (await (await alice.get(`${base}/pools`)).json()) as { pools: { name: string; members: { weight: number }[] }[] };
  expect(pools.pools.map((item) => [item.name, item.members[0]!.weight])).toEqual([["Keys", 2]]);

  // another workspace: its pool ids and its credentials are 404s, from its own workspace or from Alice's
  const theirs = `/api/workspaces/${malloryWorkspace}`;
  for (const response of await Promise.all([
    mallory.get(`${base}/pools`),
    mallory.get(`${theirs}/pools/${pool.id}`),
    mallory.put(`${theirs}/pools/${pool.id}`, { data: { name: "mine", members: [{ credentialId: credential.id }] } }),
    mallory.delete(`${theirs}/pools/${pool.id}`),
    mallory.post(`${theirs}/pools`, { data: { name: "borrowed", members: [{ credentialId: credential.id }] } }),
  ])) {
    expect(response.status(), response.url()).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  }
  expect((await (await mallory.get(`${theirs}/pools`)).json()) as unknown).toEqual({ pools: [] });
  expect((await alice.get(`${base}/pools/${pool.id}`)).status()).toBe(200);
});

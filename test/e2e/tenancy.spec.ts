// Another user's workspace, bot and credential ids answer 404 on every page and API route.
import { expect, test } from "@playwright/test";
import { apiAccount, fromApp } from "./support";

test("a second user cannot read or change the first user's bots, pages or credentials", async ({ playwright, baseURL, page }) => {
  const alice = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const mallory = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { workspaceId } = await apiAccount(alice, "alice");
  const { account: malloryAccount } = await apiAccount(mallory, "mallory");

  const created = await alice.post(`/api/workspaces/${workspaceId}/bots`, { data: { name: "Private bot" } });
  expect(created.status()).toBe(201);
  const { bot } = (await created.json()) as { bot: { id: string } };
  const credential = await alice.post(`/api/workspaces/${workspaceId}/credentials`, {
    data: { name: "Key", kind: "OPENAI", apiKey: "sk-1" },
  });
  const { credential: saved } = (await credential.json()) as { credential: { id: string } };

  const base = `/api/workspaces/${workspaceId}`;
  const attempts = [
    mallory.get(`${base}/bots`),
    mallory.post(`${base}/bots`, { data: { name: "intruder" } }),
    mallory.get(`${base}/bots/${bot.id}`),
    mallory.patch(`${base}/bots/${bot.id}`, { data: { name: "pwned" } }),
    mallory.put(`${base}/bots/${bot.id}/draft`, { data: { graph: { nodes: [], edges: [] }, baseRevision: 0 } }),
    mallory.post(`${base}/bots/${bot.id}/duplicate`),
    mallory.delete(`${base}/bots/${bot.id}`),
    mallory.get(`${base}/members`),
    mallory.post(`${base}/invites`, { data: { email: malloryAccount.email } }),
    mallory.get(`${base}/credentials`),
    mallory.delete(`${base}/credentials/${saved.id}`),
  ];
  for (const response of await Promise.all(attempts)) {
    expect(response.status(), response.url()).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  }
  const stillThere = await alice.get(`${base}/bots/${bot.id}`);
  expect(((await stillThere.json()) as { bot: { name: string } }).bot.name).toBe("Private bot");

  // The pages answer 404 too, for a signed-in stranger.
  await page.context().addCookies(await mallory.storageState().then((state) => state.cookies));
  for (const path of [`/w/${workspaceId}/bots`, `/w/${workspaceId}/bots/${bot.id}`, `/w/${workspaceId}/settings`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  await expect(page.getByText("Not found")).toBeVisible();

  // And anonymous callers are told to sign in.
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get(`${base}/bots`)).status()).toBe(401);
});

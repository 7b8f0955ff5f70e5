// Signing in: where the browser goes afterwards, and what a signed-out session token is worth.
import { expect, test, type Page } from "@playwright/test";
import { apiAccount, appOrigin, fromApp, type Account } from "./support";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function signInAt(page: Page, path: string, account: Account) {
  await page.goto(path);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("sign-in follows ?next= only to a path on the app, never to another host or a script", async ({ page, playwright, baseURL }) => {
  const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { account, workspaceId } = await apiAccount(client, "redirected");
  await client.dispose();
  const home = new RegExp(`^${escape(appOrigin)}/w/[^/]+/bots$`);
  const hostile = [
    "//example.invalid/x",
    "/\\example.invalid/x",
    "/%5Cexample.invalid/x", // the query decodes it to /\example.invalid/x
    "%2F%2Fexample.invalid%2Fx",
    "/%09/example.invalid",
    "https://example.invalid/x",
    "javascript:document.title='pwned'",
  ];
  for (const next of hostile) {
    await page.context().clearCookies();
    await signInAt(page, `/login?next=${next}`, account);
    await expect(page, next).toHaveURL(home);
    expect(await page.title()).not.toBe("pwned");
  }
  await page.context().clearCookies();
  await signInAt(page, `/login?next=${encodeURIComponent(`/w/${workspaceId}/settings`)}`, account);
  await expect(page).toHaveURL(`${appOrigin}/w/${workspaceId}/settings`);
});

test("signing out ends the session: a copy of its token is refused by the API and the pages", async ({ page, playwright, baseURL }) => {
  const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { account, workspaceId } = await apiAccount(client, "leaver");
  const copied = await client.storageState();
  const { csrfToken } = (await (await client.get("/api/auth/csrf")).json()) as { csrfToken: string };
  expect((await client.post("/api/auth/signout", { form: { csrfToken, json: "true" } })).ok()).toBe(true);

  const stolen = await playwright.request.newContext({ baseURL, storageState: copied, extraHTTPHeaders: fromApp });
  expect((await stolen.get(`/api/workspaces/${workspaceId}/bots`)).status()).toBe(401);
  expect((await stolen.post(`/api/workspaces/${workspaceId}/bots`, { data: { name: "after sign-out" } })).status()).toBe(401);
  expect(((await (await stolen.get("/api/auth/session")).json()) as { user?: unknown }).user).toBeUndefined();
  await page.context().addCookies(copied.cookies);
  await page.goto(`/w/${workspaceId}/bots`);
  await expect(page).toHaveURL(/\/login$/);

  // signing in again starts a new session that works
  await signInAt(page, "/login", account);
  await expect(page).toHaveURL(`${appOrigin}/w/${workspaceId}/bots`);
  await Promise.all([client.dispose(), stolen.dispose()]);
});

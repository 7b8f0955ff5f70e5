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

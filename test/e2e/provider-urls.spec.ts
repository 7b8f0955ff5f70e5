// A provider's base URL may be on loopback or a private network, never a cloud metadata endpoint: the
// API refuses one on save (400 naming baseUrl, nothing stored) and on Test connection, and Settings
// shows why. Call-time refusals are in test/integration/security/provider-urls.test.ts.
import { expect, test } from "@playwright/test";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

test("a provider's base URL pointing at a cloud metadata endpoint is refused on save and on Test connection, with the reason", async ({
  page,
}) => {
  await signUp(page, newAccount("metadata"));
  const workspaceId = workspaceIdFrom(page);
  const client = asApp(page.request);
  const base = `/api/workspaces/${workspaceId}/credentials`;

  for (const baseUrl of [
    "http://169.254.169.254/latest",
    "http://[fd00:ec2::254]/v1",
    "http://metadata.google.internal/v1",
    "file:///etc/passwd",
  ]) {
    const saved = await client.post(base, { data: { name: "Metadata", kind: "OPENAI_COMPATIBLE", baseUrl } });
    expect(saved.status(), baseUrl).toBe(400);
    const { error } = (await saved.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(
      error.issues.map((issue) => issue.path),
      baseUrl,
    ).toEqual(["baseUrl"]);
  }
  const tested = await client.post(`${base}/test`, { data: { kind: "OLLAMA", baseUrl: "http://169.254.169.254" } });
  expect(tested.status()).toBe(400);
  expect(((await tested.json()) as { error: { message: string } }).error.message).toContain(
    "A provider's base URL may not point at 169.254.169.254: 169.254.169.254 is a link-local address, where cloud metadata services answer",
  );
  expect(((await (await client.get(base)).json()) as { credentials: unknown[] }).credentials).toEqual([]);

  // Settings says why
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Instance metadata");
  await page.getByLabel("Base URL").fill("http://169.254.169.254/v1");
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByText("never on a cloud metadata endpoint").first()).toBeVisible();
  await snap(page, "provider-url-metadata-refused");
  await expect(page.getByRole("list", { name: "Provider credentials" })).toHaveCount(0);
});

// Settings → Observability: an owner points the workspace's traces at a collector. The API refuses a
// collector the SSRF guard would refuse (the metadata address, a loopback host the workspace has not
// allowed) on save; the headers are write-only; and when the collector is down, runs still answer
// and Settings shows the spans that were dropped. The exported spans themselves are checked against
// a decoding receiver in test/integration/telemetry/otel-export.test.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { publishedBot } from "./publish-support";
import { asApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "fixture-small": "We open at nine." } });
});
test.afterAll(() => fixture.close());

interface Settings {
  enabled: boolean;
  endpoint: string;
  headerNames: string[];
  droppedSpans: number;
  lastError: string | null;
}

test("an owner sets a collector; refused endpoints are not saved, headers never come back, and dropped spans show in Settings", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("observer"));
  const workspaceId = workspaceIdFrom(page);
  const app = asApp(page.request);
  const url = `/api/workspaces/${workspaceId}/observability`;

  for (const [endpoint, reason] of [
    ["http://169.254.169.254/v1/traces", "169.254.169.254 is the cloud metadata address"],
    ["http://127.0.0.1:4318/v1/traces", "127.0.0.1 is a loopback address. A workspace owner can allow this host under Settings → Network"],
    ["ftp://collector.example.com/v1/traces", "must start with http:// or https://"],
  ]) {
    const refused = await app.put(url, { data: { enabled: true, endpoint, includeContents: false } });
    expect(refused.status(), endpoint).toBe(400);
    const { error } = (await refused.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(error.issues[0], endpoint).toMatchObject({ path: "endpoint" });
    expect(error.issues[0]!.message, endpoint).toContain(reason);
  }
  expect(((await (await app.get(url)).json()) as { settings: Settings | null }).settings).toBeNull();
  // export on without an endpoint is refused, and the refusal names the field to fill in
  for (const endpoint of ["", "   "]) {
    const refused = await app.put(url, { data: { enabled: true, endpoint, includeContents: false } });
    expect(refused.status(), JSON.stringify(endpoint)).toBe(400);
    const { error } = (await refused.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(error.issues, JSON.stringify(endpoint)).toEqual([
      { path: "endpoint", message: "Enter the OTLP/HTTP traces endpoint before turning on Export runs" },
    ]);
  }
  expect(((await (await app.get(url)).json()) as { settings: Settings | null }).settings).toBeNull();

  // a collector on this machine: allowed under Network, but nothing listens there
  expect((await app.put(`/api/workspaces/${workspaceId}/network`, { data: { allowedHosts: ["127.0.0.1"] } })).status()).toBe(200);
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/v1/traces`;
  await new Promise((resolve) => closed.close(resolve));

  await page.getByRole("link", { name: "Settings" }).click();
  const panel = page
    .locator("section, div")
    .filter({ has: page.getByRole("heading", { name: "Observability" }) })
    .last();
  // nothing set yet: "Export runs" is off until there is an endpoint, and follows the field until ticked by hand
  const endpointField = page.getByLabel("OTLP/HTTP traces endpoint");
  await expect(endpointField).toHaveValue("");
  await expect(page.getByLabel("Export runs")).not.toBeChecked();
  await panel.scrollIntoViewIfNeeded();
  await snap(page, "settings-observability-empty");
  await endpointField.fill(endpoint);
  await expect(page.getByLabel("Export runs")).toBeChecked();
  await endpointField.fill("");
  await expect(page.getByLabel("Export runs")).not.toBeChecked();
  // ticked by hand with no endpoint: saving says which field is missing, and nothing is saved
  await page.getByLabel("Export runs").check();
  await page.getByRole("button", { name: "Save observability" }).click();
  const missing = page.getByRole("alert").filter({ hasText: "Enter the OTLP/HTTP traces endpoint before turning on Export runs" });
  await expect(missing).toBeVisible();
  await expect(endpointField).toBeFocused();
  await expect(endpointField).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toHaveCount(0);
  await snap(page, "settings-observability-no-endpoint");
  expect(((await (await app.get(url)).json()) as { settings: Settings | null }).settings).toBeNull();

  await endpointField.fill(endpoint);
  await expect(missing).toHaveCount(0);
  await page.getByLabel("Headers", { exact: true }).fill("Authorization: Bearer e2e-otel-secret");
  await expect(page.getByLabel("Export runs")).toBeChecked();
  await expect(page.getByLabel("Include prompt and reply contents")).not.toBeChecked();
  await page.getByRole("button", { name: "Save observability" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await expect(page.getByText("Set now: Authorization")).toBeVisible();
  await expect(page.getByLabel("Headers", { exact: true })).toHaveValue("");
  const saved = await (await app.get(url)).text();
  expect(saved).not.toContain("e2e-otel-secret");
  expect(JSON.parse(saved)).toMatchObject({ settings: { enabled: true, endpoint, headerNames: ["Authorization"], droppedSpans: 0 } });

  // runs answer as usual while the collector is down; their spans are dropped and counted
  const { botId } = await publishedBot(app, workspaceId, fixture.url, "fixture-small");
  for (const message of ["When do you open?", "And on Sunday?"]) {
    const run = await app.post(`/api/workspaces/${workspaceId}/bots/${botId}/runs`, { data: { message } });
    expect(run.status()).toBe(200);
    expect(await run.json()).toMatchObject({ status: "SUCCEEDED", output: "We open at nine." });
  }
  // workers add up their counts every 10 s
  await expect
    .poll(async () => ((await (await app.get(url)).json()) as { settings: Settings }).settings.droppedSpans, { timeout: 40_000 })
    .toBeGreaterThanOrEqual(2 * 4);
  await page.getByRole("button", { name: "Refresh counts" }).click();
  await expect(page.getByTestId("dropped-spans")).not.toHaveText("0");
  await expect(page.getByText("Could not reach the collector: ECONNREFUSED")).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await snap(page, "settings-observability");
});

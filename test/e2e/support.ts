// Helpers that act as a user would: through the pages, with screenshots saved for people to look at.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { e2eProcessesSchema, processFile } from "./processes";

/** The app under test. */
export const appOrigin = `http://127.0.0.1:${process.env.E2E_PORT ?? "3210"}`;

/**
 * What a browser adds to the app's own API calls: the server refuses cookie-authenticated writes
 * without it (docs/security.md), so API clients acting for a signed-in user send it too.
 */
export const fromApp = { origin: appOrigin };

const REQUEST_METHODS = new Set(["fetch", "get", "head", "post", "put", "patch", "delete"]);

/** A request context (such as `page.request`, which shares the page's cookies) that sends `fromApp` with every call. */
export function asApp(request: APIRequestContext): APIRequestContext {
  return new Proxy(request, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      if (!REQUEST_METHODS.has(String(name))) return value.bind(target);
      return (url: unknown, options: { headers?: Record<string, string> } = {}) =>
        value.call(target, url, { ...options, headers: { ...fromApp, ...options.headers } });
    },
  });
}

export const screenshotDir = path.resolve(import.meta.dirname, "../../test-results/screenshots");

export async function snap(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

const docScreenshotDir = path.resolve(import.meta.dirname, "../../docs/screenshots");

/**
 * A screenshot for people to look at, under test-results/screenshots/<folder>/. The copies the docs
 * show (docs/screenshots/<folder>/) are refreshed only when UPDATE_DOC_SCREENSHOTS=1 is set, so an
 * ordinary run never changes the checked-in images.
 */
export async function docShot(page: Page, folder: string, file: string) {
  const image = await page.screenshot({ path: path.join(screenshotDir, folder, file) });
  if (process.env.UPDATE_DOC_SCREENSHOTS === "1") {
    await mkdir(path.join(docScreenshotDir, folder), { recursive: true });
    await writeFile(path.join(docScreenshotDir, folder, file), image);
  }
  return image;
}

/** Draws an edge on the canvas by dragging from one node's output handle to another's input handle. */
/**
 * Opens the node palette and returns it. The server renders the palette open; on a window narrower
 * than 1280 px the browser folds it once the page hydrates, so "open" is checked until it holds.
 */
export async function openNodePalette(page: Page) {
  const palette = page.getByRole("complementary", { name: "Node palette" });
  const show = page.getByRole("button", { name: "Show node palette" });
  await expect(async () => {
    if (await show.isVisible()) await show.click();
    await expect(palette).toBeVisible({ timeout: 500 });
    await page.waitForTimeout(300); // a fold on hydration comes within a frame or two
    await expect(palette).toBeVisible({ timeout: 100 });
  }).toPass({ timeout: 15_000 });
  return palette;
}

/**
 * The node palette (opened if folded) and the canvas, with where the canvas is free to drop on: on a
 * narrow window the palette floats over the canvas's left edge, so drops start right of it.
 */
export async function paletteAndCanvas(page: Page) {
  const palette = await openNodePalette(page);
  const canvas = page.locator(".react-flow__pane");
  const box = (await canvas.boundingBox())!;
  const paletteBox = (await palette.boundingBox())!;
  const left = Math.max(0, paletteBox.x + paletteBox.width - box.x);
  return { palette, canvas, box, left, freeWidth: box.width - left };
}

export async function connect(page: Page, from: string, output: string, to: string, input: string) {
  const source = page.locator(`.react-flow__handle[data-nodeid="${from}"][data-handleid="${output}"]`);
  const target = page.locator(`.react-flow__handle[data-nodeid="${to}"][data-handleid="${input}"]`);
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

export const newAccount = (label: string) => ({
  name: label[0]!.toUpperCase() + label.slice(1),
  email: `${label}-${randomBytes(4).toString("hex")}@example.com`,
  password: "a long enough passphrase",
});

export type Account = ReturnType<typeof newAccount>;

export async function signUp(page: Page, account: Account) {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/w\/[^/]+\/bots$/);
}

export async function signIn(page: Page, account: Account) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/w\/[^/]+\/bots$/);
}

export const workspaceIdFrom = (page: Page) => /\/w\/([^/]+)/.exec(page.url())![1]!;

/** Signs up through the API (faster than the form) and returns a request context holding the session. */
export async function apiAccount(request: APIRequestContext, label: string) {
  const account = newAccount(label);
  const response = await request.post("/api/signup", { data: account, headers: fromApp });
  expect(response.status()).toBe(201);
  const { workspaceId } = (await response.json()) as { workspaceId: string };
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const login = await request.post("/api/auth/callback/credentials", {
    form: { email: account.email, password: account.password, csrfToken: csrf.csrfToken, json: "true" },
    headers: fromApp,
  });
  expect(login.ok()).toBe(true);
  return { account, workspaceId };
}

/** The pids serve.ts wrote for this port. */
function e2eProcesses() {
  return e2eProcessesSchema.parse(JSON.parse(readFileSync(processFile(process.env.E2E_PORT ?? "3210"), "utf8")));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A worker crash: serve.ts SIGKILLs the worker (no shutdown, nothing finished or handed back) and
 * starts a new one. Resolves once the old process is gone and the new one runs; returns both pids.
 */
export async function killAndReplaceWorker(): Promise<{ killed: number; started: number }> {
  const before = e2eProcesses();
  if (before.worker === null) throw new Error("the e2e server runs no worker");
  const killed = before.worker;
  process.kill(before.serve, "SIGUSR2");
  await expect.poll(() => alive(killed), { timeout: 10_000 }).toBe(false);
  await expect.poll(() => e2eProcesses().worker, { timeout: 10_000 }).not.toBe(killed);
  const started = e2eProcesses().worker!;
  expect(alive(started)).toBe(true);
  return { killed, started };
}

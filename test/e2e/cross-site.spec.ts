// Cross-site request forgery: a page on another port of the same host (the same *site*, so the
// browser sends SameSite=Lax session cookies along) must not act as the signed-in user.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { apiAccount, appOrigin, asApp, fromApp, newAccount, signUp, workspaceIdFrom } from "./support";

/** A workspace with one bot and one empty context store, and a way to see what is in it. */
async function victimWorkspace(api: APIRequestContext, workspaceId: string) {
  const base = `/api/workspaces/${workspaceId}`;
  const bot = (await (await api.post(`${base}/bots`, { data: { name: "Original" } })).json()) as { bot: { id: string } };
  const store = (await (await api.post(`${base}/stores`, { data: { name: "Notes" } })).json()) as { store: { id: string } };
  const contents = async () => ({
    bots: ((await (await api.get(`${base}/bots`)).json()) as { bots: { name: string }[] }).bots.map((b) => b.name).sort(),
    documents: ((await (await api.get(`${base}/stores/${store.store.id}`)).json()) as { store: { documents: unknown[] } }).store.documents
      .length,
  });
  return { base, botId: bot.bot.id, storeId: store.store.id, contents };
}

/** Serves one HTML page on its own port of 127.0.0.1: another origin of the same site. */
async function attackerSite(html: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((_, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test("writes from another origin, without a provable origin or disguised as JSON are refused and change nothing", async ({
  playwright,
  baseURL,
}) => {
  const victim = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { workspaceId } = await apiAccount(victim, "victim");
  const { base, botId, storeId, contents } = await victimWorkspace(victim, workspaceId);
  const before = await contents();
  const otherPort = { origin: appOrigin.replace(/:\d+$/, ":3999") };
  const upload = { file: { name: "plan.txt", mimeType: "text/plain", buffer: Buffer.from("the plan") } };

  const refused = [
    victim.post(`${base}/bots`, { data: { name: "pwned" }, headers: otherPort }),
    victim.post(`${base}/bots`, { data: { name: "pwned" }, headers: { origin: "null" } }),
    victim.post(`${base}/bots`, { data: { name: "pwned" }, headers: { ...otherPort, "sec-fetch-site": "same-site" } }),
    victim.post(`${base}/bots/${botId}/duplicate`, { headers: otherPort }),
    victim.post(`${base}/stores/${storeId}/documents`, { multipart: upload, headers: otherPort }),
    victim.delete(`${base}/bots/${botId}`, { headers: otherPort }),
    victim.patch(`${base}/bots/${botId}`, { data: { name: "pwned" }, headers: otherPort }),
    victim.post("/api/auth/signout", { form: { csrfToken: "x", json: "true" }, headers: otherPort }),
  ];
  for (const response of await Promise.all(refused)) {
    expect(response.status(), response.url()).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/Cross-site request refused/);
  }
  // a client that names no origin at all proves nothing either (scripts use API keys)
  const bare = await playwright.request.newContext({ baseURL, storageState: await victim.storageState() });
  expect((await bare.post(`${base}/bots`, { data: { name: "pwned" } })).status()).toBe(403);
  expect((await bare.post(`${base}/bots/${botId}/duplicate`)).status()).toBe(403);

  // the media type must be application/json itself, not a parameter of something else
  for (const type of ["text/plain; x=application/json", "text/plain;application/json", "application/json-patch+json"]) {
    const disguised = await victim.post(`${base}/bots`, { data: JSON.stringify({ name: "pwned" }), headers: { "content-type": type } });
    expect(disguised.status(), type).toBe(415);
  }
  expect(await contents()).toEqual(before);

  // from the app's own pages: the Origin header, or the browser's Sec-Fetch-Site without one
  expect((await victim.post(`${base}/bots`, { data: { name: "Same origin" } })).status()).toBe(201);
  expect(
    (await bare.post(`${base}/bots`, { data: { name: "Fetch metadata" }, headers: { "sec-fetch-site": "same-origin" } })).status(),
  ).toBe(201);
  const charset = await victim.post(`${base}/bots`, {
    data: JSON.stringify({ name: "With charset" }),
    headers: { "content-type": "Application/JSON; charset=utf-8" },
  });
  expect(charset.status()).toBe(201);
  expect((await contents()).bots).toEqual(["Fetch metadata", "Original", "Same origin", "With charset"]);
  // the refused sign-out did not end the session
  expect((await victim.get(`${base}/bots`)).status()).toBe(200);
  await Promise.all([victim.dispose(), bare.dispose()]);
});

test("a page on another port of the same host cannot create, copy or upload in a signed-in user's workspace", async ({ page }) => {
  await signUp(page, newAccount("target"));
  const workspaceId = workspaceIdFrom(page);
  const { base, botId, storeId, contents } = await victimWorkspace(asApp(page.request), workspaceId);
  const before = await contents();
  const target = `${appOrigin}${base}`;
  const { origin, server } = await attackerSite(`<!doctype html><body>
    <form id="form" method="POST" action="${target}/bots" enctype="text/plain">
      <input name='{"name":"pwned by form","x":"' value='"}'>
    </form>
    <script>
      const send = (path, init) => fetch("${target}" + path, { method: "POST", mode: "no-cors", credentials: "include", ...init });
      const upload = new FormData();
      upload.append("file", new Blob(["the plan"], { type: "text/plain" }), "plan.txt");
      Promise.allSettled([
        send("/bots", { headers: { "content-type": "text/plain; x=application/json" }, body: JSON.stringify({ name: "pwned by fetch" }) }),
        send("/bots/${botId}/duplicate"),
        send("/stores/${storeId}/documents", { body: upload }),
      ]).then(() => document.getElementById("form").submit());
    </script></body>`);
  try {
    const answers: number[] = [];
    page.on("response", (response) => {
      if (response.url().startsWith(target)) answers.push(response.status());
    });
    await page.goto(origin);
    await expect.poll(() => answers.length).toBe(4);
    expect(answers).toEqual([403, 403, 403, 403]);
    expect(await contents()).toEqual(before);
  } finally {
    server.close();
  }
});

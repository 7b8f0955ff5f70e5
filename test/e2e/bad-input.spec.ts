// Bad input to every endpoint gets a 4xx with a readable message: never a 500 or a stack trace.
import { expect, test, type APIResponse } from "@playwright/test";
import { apiAccount, fromApp } from "./support";

async function expectClientError(response: APIResponse, status: number, message: RegExp) {
  expect(response.status(), `${response.url()} → ${await response.text()}`).toBe(status);
  const body = (await response.json()) as { error: { message: string } };
  expect(body.error.message).toMatch(message);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack traces
}

test("every endpoint answers malformed, mistyped, missing and oversized input with a clear 4xx", async ({ playwright, baseURL }) => {
  const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { workspaceId } = await apiAccount(client, "fuzzy");
  const base = `/api/workspaces/${workspaceId}`;
  const created = await client.post(`${base}/bots`, { data: { name: "Target" } });
  const { bot } = (await created.json()) as { bot: { id: string } };

  const huge = "x".repeat(5 * 1024 * 1024);
  // a Buffer goes out byte for byte (a string would be JSON-encoded again)
  const raw = (body: string) => ({ data: Buffer.from(body), headers: { "content-type": "application/json" } });
  const jsonRoutes: [string, "post" | "patch" | "put", string][] = [
    ["/api/signup", "post", "signup"],
    ["/api/workspaces", "post", "workspace"],
    [`${base}/bots`, "post", "bot"],
    [`${base}/bots/${bot.id}`, "patch", "bot update"],
    [`${base}/bots/${bot.id}/draft`, "put", "draft"],
    [`${base}/bots/${bot.id}/runs`, "post", "run"],
    [`${base}/bots/${bot.id}/versions`, "post", "version"],
    [`${base}/invites`, "post", "invite"],
    [`${base}/credentials`, "post", "credential"],
  ];
  for (const [url, method, label] of jsonRoutes) {
    await test.step(label, async () => {
      await expectClientError(await client[method](url, raw("{not json")), 400, /not valid JSON/);
      await expectClientError(await client[method](url, { data: {} }), 400, /Invalid request|Nothing to change|Fix the flow/);
      await expectClientError(
        await client[method](url, { data: { name: 42, email: [], graph: "no", kind: 7, baseRevision: "one", message: 5, note: 3 } }),
        400,
        /Invalid request/,
      );
      await expectClientError(await client[method](url, raw(JSON.stringify({ name: huge }))), 413, /larger than/);
      await expectClientError(
        await client[method](url, { data: "name=x", headers: { "content-type": "text/plain" } }),
        415,
        /application\/json/,
      );
    });
  }

  await expectClientError(await client.post(`${base}/bots`, { data: { name: "  " } }), 400, /Enter a name/);
  await expectClientError(
    await client.put(`${base}/bots/${bot.id}/draft`, {
      data: {
        baseRevision: 0,
        graph: { nodes: [{ id: "a", type: "t" }], edges: [{ id: "e", source: "a", sourceHandle: "o", target: "zz", targetHandle: "i" }] },
      },
    }),
    400,
    /unknown node "zz"/,
  );
  await expectClientError(
    await client.post(`${base}/credentials`, { data: { name: "x", kind: "OPENAI", baseUrl: "not a url" } }),
    400,
    /Base URL must be a full URL/,
  );
  await expectClientError(await client.get(`${base}/bots/does-not-exist`), 404, /Bot not found/);
  await expectClientError(await client.get(`${base}/bots/${bot.id}/runs?day=2026-13-45`), 400, /not a real date/);
  await expectClientError(
    await client.get(`${base}/bots/${bot.id}/runs?status=DONE&version=x`),
    400,
    /status must be one of.*version must be a number/,
  );
  await expectClientError(await client.get(`/api/workspaces/unknown/bots`), 404, /Workspace not found/);
  await expectClientError(await client.post(`/api/invites/not-a-token`), 404, /invalid or has expired/);
  await expectClientError(
    await client
      .post("/api/signup", {
        data: { name: "Dup", email: "FUZZY@example.com".replace("FUZZY", "dup"), password: "a long enough passphrase" },
      })
      .then(async (first) => {
        expect(first.status()).toBe(201);
        return client.post("/api/signup", { data: { name: "Dup", email: "dup@example.com", password: "a long enough passphrase" } });
      }),
    409,
    /already exists/,
  );
});

test("repeated wrong passwords lock out the address that sent them, not the account's owner elsewhere", async ({ playwright, baseURL }) => {
  const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { account } = await apiAccount(client, "locked");
  // each client named by the address the trusted proxy in front writes (TRUST_PROXY=1 in the e2e server)
  const stranger = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { ...fromApp, "x-forwarded-for": "198.51.100.66" } });
  const attempt = async (password: string, from = stranger) => {
    const csrf = (await (await from.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await from.post("/api/auth/callback/credentials", {
      form: { email: account.email, password, csrfToken: csrf.csrfToken, json: "true" },
      maxRedirects: 0,
    });
    return decodeURIComponent(response.headers()["location"] ?? (await response.text()));
  };
  for (let i = 0; i < 10; i++) expect(await attempt("wrong password")).toContain("Wrong email or password");
  expect(await attempt(account.password)).toContain("Too many failed sign-in attempts");
  // the owner, from another address (as the trusted proxy names it), still signs in
  const owner = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { ...fromApp, "x-forwarded-for": "203.0.113.50" } });
  const signedIn = await attempt(account.password, owner);
  expect(signedIn).not.toContain("Too many failed");
  expect(signedIn).not.toContain("Wrong email or password");
  expect((await owner.get("/api/workspaces")).status()).toBe(200);
});

// Every public endpoint, and the session routes, get a few thousand generated bad requests:
// malformed JSON, wrong types, huge strings, unicode edge cases (lone surrogates, NUL, RTL marks),
// wrong content types, missing or garbled auth, unknown and foreign ids, bodies nested thousands of
// levels deep, keys and names shaped like Object.prototype's members. None may answer 500, the
// web process must stay up, and a refused request must not have written anything.
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInOverHttp } from "../../bench/support/platform";
import { startChaosPlatform, type ChaosPlatform } from "./harness";

const CASES_PER_ENDPOINT = Number(process.env.FUZZ_CASES ?? 150);

let platform: ChaosPlatform;
let database: pg.Client;
let countAll: string;
let foreignWorkspaceId: string;

beforeAll(async () => {
  platform = await startChaosPlatform({ port: Number(process.env.CHAOS_PORT ?? 3283), workers: 1, fixture: { latencyMs: 0 } });
  database = new pg.Client({ connectionString: platform.databaseUrl });
  await database.connect();
  const { rows } = await database.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
  );
  countAll = rows.map((row) => `SELECT '${row.table_name}' AS t, count(*) AS n FROM "${row.table_name}"`).join(" UNION ALL ");
  foreignWorkspaceId = (await signInOverHttp(platform.baseUrl)).workspaceId;
}, 180_000);

afterAll(async () => {
  await database?.end();
  await platform?.stop();
});

async function rowCounts(): Promise<string> {
  const { rows } = await database.query<{ t: string; n: string }>(countAll);
  return rows.map((row) => `${row.t}=${row.n}`).join(" ");
}

/** After a run was accepted, it may still write: wait until the counts stop moving. */
async function settledCounts(): Promise<string> {
  let previous = await rowCounts();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const current = await rowCounts();
    if (current === previous) return current;
    previous = current;
  }
}

const edgeText = fc.constantFrom(
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfff",
  "\u202eevil\u202c",
  "\u200f\u0627\u0644",
  "\ufeff",
  "e\u0301\u0301\u0301",
  "\uffff",
  "𝕏💥👩‍👩‍👧",
  "\u2028\u2029",
  '\'; DROP TABLE "User"; --',
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "../../etc/passwd",
  "<script>alert(1)</script>",
);
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 4, arbitrary: fc.array(edgeText, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("")) },
  { weight: 1, arbitrary: fc.integer({ min: 5_000, max: 300_000 }).map((length) => "x".repeat(length)) },
);
const anyValue = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(text, text, { maxKeys: 3 }),
);
const malformedJson = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.constantFrom("{", "[", '{"a":', "nul", "{}}", '{"message": "\\ud800"}', '{"a":1,}', "\u0000", "[".repeat(5_000), '"'),
);
/** JSON text nested thousands of levels deep: JSON.parse takes it, every recursive walker after it overflows. */
const deepJson = fc.integer({ min: 2_000, max: 20_000 }).map((depth) => '[{"a":'.repeat(depth / 2) + '"x"' + "}]".repeat(depth / 2));
const prototypeName = fc.constantFrom("__proto__", "constructor", "prototype", "toString");

const contentType = fc.constantFrom(
  "application/json",
  "application/json",
  "application/json",
  "text/plain",
  "",
  "application/x-www-form-urlencoded",
);

interface Endpoint {
  name: string;
  method: string;
  path: (ids: Ids) => string;
  /** A valid body: the fuzzer breaks one field, types, or the whole document. */
  valid?: Record<string, unknown>;
  auth?: "session" | "apiKey" | "none";
  /** Workspace-scoped: a foreign workspace's id must answer 404, never 403. */
  scoped?: boolean;
  /** Answers before the run it starts has written everything (a run is announced before it is stored). */
  writesLater?: boolean;
}

interface Ids {
  workspaceId: string;
  id: string;
}

const idArbitrary = (own: () => string) =>
  fc
    .oneof(
      fc.constant("own"),
      fc.constant("foreign"),
      fc.string({ unit: "binary", minLength: 1, maxLength: 30 }).map((value) => encodeURIComponent(value)),
      fc.constantFrom("%00", "..", "%2e%2e%2f", "null", "0", "-1", "a".repeat(300)),
    )
    .map((choice) => (choice === "own" ? own() : choice === "foreign" ? foreignWorkspaceId : choice));

/** The valid body with one of its empty objects or arrays (a node's config, say) nested deeply instead. */
function deepInside(valid: Record<string, unknown>) {
  const raw = JSON.stringify(valid);
  const empties = [...raw.matchAll(/\{\}|\[\]/g)].map((match) => match.index);
  if (!empties.length) return deepJson.map((deep) => raw.replace(/\}$/, `,"deep":${deep}}`));
  return fc
    .tuple(fc.constantFrom(...empties), deepJson)
    .map(([at, deep]) => `${raw.slice(0, at)}${deep.startsWith("[") === (raw[at] === "[") ? deep : `{"a":${deep}}`}${raw.slice(at + 2)}`);
}

function body(endpoint: Endpoint) {
  if (!endpoint.valid) return fc.constant(undefined);
  const keys = Object.keys(endpoint.valid);
  return fc.oneof(
    deepInside(endpoint.valid).map((raw) => ({ raw })),
    // own keys named like Object.prototype's members, at the top and one level down
    fc.tuple(prototypeName, prototypeName).map(([outer, inner]) => ({
      raw: JSON.stringify(endpoint.valid).replace(/^\{/, `{"${outer}":{"${inner}":{"polluted":true}},`),
    })),
    malformedJson.map((raw) => ({ raw })),
    fc
      .record(Object.fromEntries(keys.map((key) => [key, anyValue])), { requiredKeys: [] })
      .map((value) => ({ raw: JSON.stringify(value) })),
    fc
      .tuple(fc.constantFrom(...keys), fc.oneof(anyValue, text))
      .map(([key, value]) => ({ raw: JSON.stringify({ ...endpoint.valid, [key]: value }) })),
    anyValue.map((value) => ({ raw: JSON.stringify(value) })),
  );
}

const authHeader = fc.oneof(
  fc.constant(undefined),
  fc.constant("valid"),
  fc.constantFrom("Bearer", "Bearer ", "Basic YTpi", "bearer sk-nope", "Bearer sy_live_" + "z".repeat(43)),
  fc.string({ maxLength: 80 }).map((value) => `Bearer ${value.replace(/[^\x20-\x7e]/g, "")}`),
);

async function fuzz(endpoint: Endpoint) {
  const statuses: Record<number, number> = {};
  const workspaceIds = idArbitrary(() => platform.bot.workspaceId);
  const otherIds = idArbitrary(() => platform.bot.botId);
  await fc.assert(
    fc.asyncProperty(workspaceIds, otherIds, body(endpoint), contentType, authHeader, async (workspaceId, id, sent, type, auth) => {
      const headers: Record<string, string> = {};
      if (type) headers["content-type"] = type;
      // as the app's own pages send it (docs/security.md); the widget's is checked against its deployment
      if (!endpoint.name.startsWith("public chat")) headers.origin = platform.baseUrl;
      if (endpoint.auth === "session" && auth === "valid") headers.cookie = platform.bot.cookie;
      else if (endpoint.auth === "session" && auth) headers.cookie = `next-auth.session-token=${encodeURIComponent(auth)}`;
      if (endpoint.auth === "apiKey" && auth) headers.authorization = auth === "valid" ? `Bearer ${platform.bot.apiKey}` : auth;
      const before = await rowCounts();
      const response = await fetch(`${platform.baseUrl}${endpoint.path({ workspaceId, id })}`, {
        method: endpoint.method,
        headers,
        body: sent?.raw,
        redirect: "manual",
      });
      const answer = await response.text();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      expect(response.status, `${endpoint.name}: ${answer.slice(0, 300)}`).toBeLessThan(500);
      if (endpoint.scoped && workspaceId === foreignWorkspaceId && auth === "valid") expect(response.status).not.toBe(403);
      if (response.status >= 400) expect(await rowCounts(), `${endpoint.name} answered ${response.status} but wrote rows`).toBe(before);
      else if (endpoint.writesLater) await settledCounts();
    }),
    { numRuns: CASES_PER_ENDPOINT, seed: Number(process.env.FUZZ_SEED ?? 20_261_126), endOnFailure: true },
  );
  return statuses;
}

const ws = ({ workspaceId }: Ids) => `/api/workspaces/${workspaceId}`;
/** A node whose empty config the fuzzer fills (deep nesting reaches storage through it). */
const configurableNode = { id: "n", type: "prompt-template", config: {}, position: { x: 0, y: 0 } };
const endpoints: Endpoint[] = [
  {
    name: "public chat",
    method: "POST",
    path: ({ id }) => `/api/public/chat?bot=${id === platform.bot.botId ? platform.bot.publicId : id}`,
    valid: { sessionId: "session-fuzz-1", message: "hi" },
    writesLater: true,
  },
  { name: "public chat preflight", method: "OPTIONS", path: ({ id }) => `/api/public/chat?bot=${id}` },
  {
    name: "chat completions",
    method: "POST",
    path: () => "/api/v1/chat/completions",
    auth: "apiKey",
    valid: { model: "slug", messages: [{ role: "user", content: "hi" }], stream: false },
    writesLater: true,
  },
  { name: "models", method: "GET", path: () => "/api/v1/models", auth: "apiKey" },
  {
    name: "signup",
    method: "POST",
    path: () => "/api/signup",
    valid: { name: "Fuzz", email: "fuzz@example.com", password: "long enough password" },
  },
  {
    name: "credentials sign-in",
    method: "POST",
    path: () => "/api/auth/callback/credentials",
    valid: { email: "fuzz@example.com", password: "x", csrfToken: "x" },
  },
  { name: "session", method: "GET", path: () => "/api/auth/session", auth: "session" },
  { name: "health", method: "GET", path: () => "/api/health" },
  { name: "create workspace", method: "POST", path: () => "/api/workspaces", auth: "session", valid: { name: "W" } },
  {
    name: "create bot",
    method: "POST",
    path: (ids) => `${ws(ids)}/bots`,
    auth: "session",
    scoped: true,
    valid: { name: "B", graph: { nodes: [configurableNode], edges: [] } },
  },
  { name: "rename bot", method: "PATCH", path: (ids) => `${ws(ids)}/bots/${ids.id}`, auth: "session", scoped: true, valid: { name: "B" } },
  {
    name: "save draft",
    method: "PUT",
    path: (ids) => `${ws(ids)}/bots/${ids.id}/draft`,
    auth: "session",
    scoped: true,
    valid: { graph: { nodes: [configurableNode], edges: [] } },
  },
  {
    name: "start run",
    method: "POST",
    path: (ids) => `${ws(ids)}/bots/${ids.id}/runs`,
    auth: "session",
    scoped: true,
    valid: { message: "hi" },
    writesLater: true,
  },
  {
    name: "publish version",
    method: "POST",
    path: (ids) => `${ws(ids)}/bots/${ids.id}/versions`,
    auth: "session",
    scoped: true,
    valid: { note: "n" },
  },
  {
    name: "add credential",
    method: "POST",
    path: (ids) => `${ws(ids)}/credentials`,
    auth: "session",
    scoped: true,
    valid: { name: "C", kind: "OPENAI_COMPATIBLE", baseUrl: "http://127.0.0.1:9/v1" },
  },
  {
    name: "deploy",
    method: "POST",
    path: (ids) => `${ws(ids)}/deployments`,
    auth: "session",
    scoped: true,
    valid: { botId: "x", version: 1, slug: "s", allowedOrigins: [] },
  },
  {
    name: "create API key",
    method: "POST",
    path: (ids) => `${ws(ids)}/api-keys`,
    auth: "session",
    scoped: true,
    valid: { name: "K", scopes: ["chat"] },
  },
  {
    name: "invite",
    method: "POST",
    path: (ids) => `${ws(ids)}/invites`,
    auth: "session",
    scoped: true,
    valid: { email: "a@example.com", role: "EDITOR" },
  },
  { name: "delete deployment", method: "DELETE", path: (ids) => `${ws(ids)}/deployments/${ids.id}`, auth: "session", scoped: true },
  { name: "read run", method: "GET", path: ({ id }) => `/api/runs/${id}`, auth: "session" },
];

describe("bad input on every endpoint", () => {
  it.each(endpoints.map((endpoint) => [endpoint.name, endpoint] as const))("%s: no 500, no write on refusal", async (_, endpoint) => {
    const statuses = await fuzz(endpoint);
    expect(Object.values(statuses).reduce((sum, count) => sum + count, 0)).toBe(CASES_PER_ENDPOINT);
    expect(platform.web!.child.exitCode).toBeNull();
  });

  it("refuses a flow nested 10,000 levels deep in a node's config with a 400 on create and save, writing nothing", async () => {
    // signed in with the app's own Origin and the bot's real ids, so the body reaches the write (a stack overflow there was a 500)
    const headers = { cookie: platform.bot.cookie, origin: platform.baseUrl, "content-type": "application/json" };
    let deep = '"x"';
    for (let level = 0; level < 10_000; level++) deep = level % 2 ? `{"a":${deep}}` : `[${deep}]`;
    const graph = `{"nodes":[{"id":"n","type":"prompt-template","config":{"template":"hi","deep":${deep}},"position":{"x":0,"y":0}}],"edges":[]}`;
    const base = `${platform.baseUrl}/api/workspaces/${platform.bot.workspaceId}/bots`;
    for (const [method, url, raw] of [
      ["POST", base, `{"name":"Deep","graph":${graph}}`],
      ["PUT", `${base}/${platform.bot.botId}/draft`, `{"graph":${graph},"baseRevision":0}`],
    ] as const) {
      const before = await rowCounts();
      const response = await fetch(url, { method, headers, body: raw });
      expect([response.status, await response.text()]).toEqual([400, expect.stringContaining("nests more than 64 levels deep")]);
      expect(await rowCounts()).toBe(before);
    }
  });

  it("refuses uploads named after Object.prototype's members with a 4xx, storing nothing", async () => {
    // a browser sends its origin with a form post; the same-origin check must not be what answers
    const headers = { cookie: platform.bot.cookie, origin: platform.baseUrl };
    const created = await fetch(`${platform.baseUrl}/api/workspaces/${platform.bot.workspaceId}/stores`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ name: "Uploads" }),
    });
    const { store } = (await created.json()) as { store: { id: string } };
    for (const name of ["x.constructor", "x.__proto__", "x.prototype", "x.toString", "__proto__", "constructor.md.constructor"]) {
      const form = new FormData();
      form.append("file", new Blob(["hello"], { type: "text/plain" }), name);
      const before = await rowCounts();
      const response = await fetch(`${platform.baseUrl}/api/workspaces/${platform.bot.workspaceId}/stores/${store.id}/documents`, {
        method: "POST",
        headers,
        body: form,
      });
      const answer = await response.text();
      expect([response.status, answer]).toEqual([415, expect.stringContaining("Files of this type cannot be read")]);
      expect(await rowCounts(), `${name} was refused but wrote rows`).toBe(before);
    }
  });

  it("leaves the platform healthy", async () => {
    const health = await fetch(`${platform.baseUrl}/api/health`);
    expect(health.status).toBe(200);
  });
});

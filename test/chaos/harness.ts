// The real platform for chaos runs and load benchmarks (web + workers + fixture, optionally on
// private Redis/PostgreSQL servers that may be killed), a published bot, and the two public clients.
import { randomBytes } from "node:crypto";
import { signInOverHttp, startBenchPlatform } from "../../bench/support/platform";
import type { FixtureOptions } from "../fixtures/providers/server";
import type { PlatformProcess } from "../support/platform";
import { startPrivatePostgres, startPrivateRedis, type PrivateService } from "../support/private-services";

export interface ChaosOptions {
  /** The web port; a private Redis and PostgreSQL take the next two ports when asked for. */
  port: number;
  workers?: number;
  fixture?: FixtureOptions;
  privateRedis?: boolean;
  privatePostgres?: boolean;
  workerEnv?: Record<string, string>;
  webEnv?: Record<string, string>;
  /** The model node's retry policy for the published bot. */
  model?: { maxRetries?: number; timeoutMs?: number };
}

export type ChaosPlatform = Awaited<ReturnType<typeof startChaosPlatform>>;

/** What the processes of a platform printed, while it runs and after it stopped. */
interface ProcessRecord {
  stopped: boolean;
  /** The last `chars` characters each process printed (web first, then workers in start order). */
  tails: (chars?: number) => string;
}

/** Platforms still running or stopped since the last `forgetStoppedPlatforms()`: a failing test prints what their processes said. */
const started: ProcessRecord[] = [];

export const recentPlatformOutputs = () => started.map((record) => record.tails());

export function forgetStoppedPlatforms() {
  const running = started.filter((record) => !record.stopped);
  started.splice(0, started.length, ...running);
}

function processTails(platform: { web?: PlatformProcess; workers: PlatformProcess[] }, chars = 6_000): string {
  const labelled = [
    ...(platform.web ? [["web", platform.web] as const] : []),
    ...platform.workers.map((worker, index) => [`worker ${index + 1}`, worker] as const),
  ];
  return labelled.map(([label, process]) => `----- ${label}, last ${chars} characters -----\n${process.output().slice(-chars)}`).join("\n");
}

export async function startChaosPlatform(options: ChaosOptions) {
  const services: PrivateService[] = [];
  const redis = options.privateRedis ? await startPrivateRedis(options.port + 1) : undefined;
  const postgres = options.privatePostgres ? await startPrivatePostgres(options.port + 2) : undefined;
  services.push(...[redis, postgres].filter((service) => service !== undefined));
  const saved = { redis: process.env.REDIS_URL, admin: process.env.TEST_DATABASE_ADMIN_URL };
  if (redis) process.env.REDIS_URL = redis.url;
  if (postgres) process.env.TEST_DATABASE_ADMIN_URL = postgres.url;
  try {
    const platform = await startBenchPlatform({
      web: true,
      port: options.port,
      workers: options.workers ?? 2,
      fixture: options.fixture ?? { latencyMs: 50 },
      workerEnv: options.workerEnv,
      // one client address sends all the load: the per-address limit would otherwise answer 429s
      webEnv: {
        PUBLIC_CHAT_PER_IP_PER_MINUTE: "1000000",
        PUBLIC_CHAT_PER_DEPLOYMENT_PER_MINUTE: "1000000",
        PUBLIC_CHAT_PER_SESSION_PER_MINUTE: "1000000",
        PUBLIC_CHAT_NEW_SESSIONS_PER_MINUTE: "1000000",
        API_PER_KEY_PER_MINUTE: "1000000",
        ...options.webEnv,
      },
    });
    const bot = await publishBot(platform.baseUrl, platform.fixture.url, options.model ?? {});
    const record: ProcessRecord = { stopped: false, tails: (chars) => processTails(platform, chars) };
    started.push(record);
    return {
      ...platform,
      bot,
      redis,
      postgres,
      stop: async () => {
        record.stopped = true;
        await platform.stop().catch((error: unknown) => console.error("platform stop:", error));
        await Promise.all(services.map((service) => service.stop()));
        restoreEnv("REDIS_URL", saved.redis);
        restoreEnv("TEST_DATABASE_ADMIN_URL", saved.admin);
      },
    };
  } catch (error) {
    await Promise.all(services.map((service) => service.stop()));
    restoreEnv("REDIS_URL", saved.redis);
    restoreEnv("TEST_DATABASE_ADMIN_URL", saved.admin);
    throw error;
  }
}

// process.env turns an assigned undefined into the string "undefined"
function restoreEnv(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Signs up, adds a fixture credential, publishes chat-input → model → chat-output, deploys it and makes an API key. */
async function publishBot(baseUrl: string, fixtureUrl: string, model: { maxRetries?: number; timeoutMs?: number }) {
  const { cookie, workspaceId } = await signInOverHttp(baseUrl);
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}/api/workspaces/${workspaceId}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: baseUrl },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const { credential } = await post<{ credential: { id: string } }>("/credentials", {
    name: "Fixture",
    kind: "OPENAI_COMPATIBLE",
    baseUrl: `${fixtureUrl}/v1`,
  });
  const graph = {
    nodes: [
      { id: "in", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
      { id: "llm", type: "model", config: { credentialId: credential.id, model: "fixture-small", ...model }, position: { x: 300, y: 0 } },
      { id: "out", type: "chat-output", config: {}, position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "in", sourceHandle: "message", target: "llm", targetHandle: "prompt" },
      { id: "e2", source: "in", sourceHandle: "history", target: "llm", targetHandle: "history" },
      { id: "e3", source: "llm", sourceHandle: "text", target: "out", targetHandle: "text" },
    ],
  };
  const { bot } = await post<{ bot: { id: string } }>("/bots", { name: "Chaos", graph });
  await post("/bots/" + bot.id + "/versions", { note: "chaos" });
  const slug = `chaos-${randomBytes(3).toString("hex")}`;
  const { deployment } = await post<{ deployment: { publicId: string } }>("/deployments", {
    botId: bot.id,
    version: 1,
    slug,
    allowedOrigins: [],
  });
  const { secret } = await post<{ secret: string }>("/api-keys", { name: "chaos", scopes: ["chat"] });
  return { workspaceId, cookie, botId: bot.id, publicId: deployment.publicId, slug, apiKey: secret };
}

/**
 * How one message ended: `ok` (a reply), `failed` (the platform said the bot could not answer),
 * `rejected` (an HTTP error status, e.g. 503), `broken` (the connection or stream ended without an
 * answer) or `hung` (no answer within the client's patience).
 */
export interface Outcome {
  kind: "ok" | "failed" | "rejected" | "broken" | "hung";
  status: number;
  code?: string;
  reply?: string;
  runId?: string;
  ms: number;
}

async function settle(send: (signal: AbortSignal) => Promise<Omit<Outcome, "ms">>, patienceMs: number): Promise<Outcome> {
  const began = performance.now();
  const signal = AbortSignal.timeout(patienceMs);
  try {
    return { ...(await send(signal)), ms: performance.now() - began };
  } catch (error) {
    const kind = signal.aborted ? "hung" : "broken";
    return { kind, status: 0, code: (error as Error).message, ms: performance.now() - began };
  }
}

async function rejection(response: Response): Promise<Omit<Outcome, "ms">> {
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
  return { kind: "rejected", status: response.status, code: body.error?.code };
}

/** The server-minted widget session of each of the harness's conversations. */
const widgetSessions = new Map<string, string>();

/** One message of a conversation (`sessionId` names it here) to the widget endpoint (SSE), as the widget sends it. */
export function publicChat(baseUrl: string, publicId: string, sessionId: string, message: string, patienceMs = 30_000) {
  return settle(async (signal) => {
    const session = widgetSessions.get(sessionId);
    const response = await fetch(`${baseUrl}/api/public/chat?bot=${publicId}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(session && { "x-switchyard-session": session }) },
      body: JSON.stringify({ message }),
      signal,
    });
    const minted = response.headers.get("x-switchyard-session");
    if (minted) widgetSessions.set(sessionId, minted);
    if (!response.ok) return rejection(response);
    const runId = response.headers.get("x-run-id") ?? undefined;
    const text = await response.text();
    const done = /event: done\ndata: (.*)\n/.exec(text);
    if (!done) return { kind: "broken", status: response.status, runId };
    const answer = JSON.parse(done[1]!) as { reply: string; error: string | null };
    return { kind: answer.error ? "failed" : "ok", status: response.status, reply: answer.reply, runId };
  }, patienceMs);
}

/** One non-streamed `/api/v1/chat/completions` call. */
export function completion(
  baseUrl: string,
  apiKey: string,
  model: string,
  messages: { role: string; content: string }[],
  patienceMs = 30_000,
) {
  return settle(async (signal) => {
    const response = await fetch(`${baseUrl}/api/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ model, messages }),
      signal,
    });
    if (!response.ok) return rejection(response);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    return {
      kind: "ok",
      status: response.status,
      reply: body.choices[0]!.message.content,
      runId: response.headers.get("x-run-id") ?? undefined,
    };
  }, patienceMs);
}

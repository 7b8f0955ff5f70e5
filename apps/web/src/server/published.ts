// What the public endpoints (widget chat, OpenAI-compatible API) look up on every request, served
// from process memory, and their limits. A change (revoked key, new origin, rollback) is announced on
// Redis and every web process forgets its copies at once; the 5 s expiry bounds staleness should an
// announcement be lost (e.g. Redis briefly unreachable).
import type { ApiRequest } from "./api-request";
import { clientAddress } from "@switchyard/auth";
import {
  findActiveApiKey,
  findDeploymentByPublicId,
  findDeploymentBySlug,
  hashApiKey,
  touchApiKey,
  type ActiveApiKey,
  type LiveDeployment,
} from "@switchyard/db";
import type { CompiledFlow } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { consumeRateLimits, createSubscriber } from "@switchyard/queue";
import { LookupCache } from "./lookup-cache";
import { db, env, redis } from "./services";

const LOOKUP_TTL_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;

const globalForPublished = globalThis as unknown as {
  deployments?: LookupCache<LiveDeployment | null>;
  apiKeys?: LookupCache<ActiveApiKey | null>;
  keysTouchedAt?: Map<string, number>;
  listening?: boolean;
};
const deployments = () => {
  listenForChanges();
  return (globalForPublished.deployments ??= new LookupCache(LOOKUP_TTL_MS));
};
const apiKeys = () => {
  listenForChanges();
  return (globalForPublished.apiKeys ??= new LookupCache(LOOKUP_TTL_MS));
};

const changesChannel = () => `${redis().options.keyPrefix ?? ""}published-changed`;

function forgetAll() {
  globalForPublished.deployments?.forget(() => true);
  globalForPublished.apiKeys?.forget(() => true);
}

function listenForChanges() {
  if (globalForPublished.listening) return;
  globalForPublished.listening = true;
  const subscriber = createSubscriber(env().REDIS_URL);
  subscriber.on("error", () => undefined);
  subscriber.on("message", forgetAll);
  void subscriber.subscribe(changesChannel()).catch(() => undefined);
}

export const deploymentByPublicId = (publicId: string) =>
  deployments().get(`public:${publicId}`, () => findDeploymentByPublicId(db(), publicId));

export const deploymentBySlug = (workspaceId: string, slug: string) =>
  deployments().get(`slug:${workspaceId}:${slug}`, () => findDeploymentBySlug(db(), workspaceId, slug));

/** Called after a deployment or key changes: this process and every other web process forget their copies. */
export function forgetPublishedLookups() {
  forgetAll();
  redis()
    .publish(changesChannel(), "changed")
    .catch(() => undefined); // the expiry still bounds how long others see the old value
}

/** The workspace API key in `Authorization: Bearer`, checked for `scope` and counted against its rate limit; 401 otherwise. */
export async function requireApiKey(request: ApiRequest, scope: string): Promise<ActiveApiKey> {
  const key = await authenticateApiKey(request, scope);
  await limitApiKey(key);
  return key;
}

/**
 * The key checked as `requireApiKey` does, without counting the request: the MCP endpoint counts only
 * the messages that do work (listing and calling tools), not a session's handshake.
 */
export async function authenticateApiKey(request: ApiRequest, scope: string): Promise<ActiveApiKey> {
  const header = request.headers.get("authorization") ?? "";
  const secret = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
  if (!secret) throw new AppError("UNAUTHENTICATED", "Send your API key as `Authorization: Bearer <key>`");
  const key = await apiKeys().get(hashApiKey(secret), () => findActiveApiKey(db(), secret));
  if (!key) throw new AppError("UNAUTHENTICATED", "This API key is not valid or has been revoked");
  if (!key.scopes.includes(scope)) throw new AppError("FORBIDDEN", `This API key lacks the "${scope}" scope`);
  const touched = (globalForPublished.keysTouchedAt ??= new Map());
  if ((touched.get(key.id) ?? 0) + LAST_USED_EVERY_MS < Date.now()) {
    touched.set(key.id, Date.now());
    touchApiKey(db(), key.id).catch(() => touched.delete(key.id)); // last-used is advisory; never fail a request for it
  }
  return key;
}

/** One request of this key against its per-minute limit (RATE_LIMITED past it). */
export const limitApiKey = (key: ActiveApiKey) =>
  limit([{ key: `api:${key.id}`, perMinute: env().API_PER_KEY_PER_MINUTE, who: "this API key" }]);

/** Counts the request against every limit at once (one round trip); RATE_LIMITED names the first one past its limit. */
async function limit(limits: { key: string; perMinute: number; who: string }[]) {
  const results = await consumeRateLimits(
    redis(),
    limits.map(({ key, perMinute }) => ({ key, limit: perMinute })),
    60_000,
  );
  const over = results.findIndex((result) => !result.allowed);
  if (over < 0) return;
  const { retryAfterSeconds } = results[over]!;
  throw new AppError("RATE_LIMITED", `Too many requests for ${limits[over]!.who}; try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });
}

/**
 * A widget message counts against its session (or, from a visitor without one, the deployment's
 * sessions minted per minute), the deployment, and the client address when a trusted proxy gives it.
 * Votes on answers (`feedback`) have the same limits, counted apart: rating answers never uses up a
 * visitor's messages.
 */
export async function limitPublicChat(
  request: ApiRequest,
  deploymentId: string,
  session: { id: string; fresh: boolean },
  what: "chat" | "feedback" = "chat",
) {
  const ip = clientAddress(request.headers, env().TRUST_PROXY);
  await limit([
    ...(ip === null ? [] : [{ key: `${what}-ip:${ip}`, perMinute: env().PUBLIC_CHAT_PER_IP_PER_MINUTE, who: "your address" }]),
    session.fresh
      ? {
          key: `${what}-new-sessions:${deploymentId}`,
          perMinute: env().PUBLIC_CHAT_NEW_SESSIONS_PER_MINUTE,
          who: "new conversations with this bot",
        }
      : {
          key: `${what}-session:${deploymentId}:${session.id}`,
          perMinute: env().PUBLIC_CHAT_PER_SESSION_PER_MINUTE,
          who: "this conversation",
        },
    { key: `${what}-deployment:${deploymentId}`, perMinute: env().PUBLIC_CHAT_PER_DEPLOYMENT_PER_MINUTE, who: "this bot" },
  ]);
}

const replyNodes = new WeakMap<CompiledFlow, Set<string>>();

/**
 * The nodes whose tokens are the bot's reply: those wired into a chat output. Public clients see
 * only these, not the tokens of intermediate steps (routers, rewriters, evaluators).
 */
export function replyNodeIds(flow: CompiledFlow): Set<string> {
  let ids = replyNodes.get(flow);
  if (!ids) {
    ids = new Set(
      [...flow.nodes.values()]
        .filter((node) => node.type === "chat-output")
        .flatMap((node) => node.inputs.flatMap((input) => input.sources.map((source) => source.nodeId))),
    );
    replyNodes.set(flow, ids);
  }
  return ids;
}

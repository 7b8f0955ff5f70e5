// Shared by the routing integration tests: a "capitals" task two fixture models answer, the cheap one
// right only on the easy half (France), the strong one right on both; each priced per workspace so
// routing has something to save.
import { setModelPrice } from "@switchyard/db";
import type { FlowGraph } from "@switchyard/engine";
import { createBullConnection, createEvalQueue, createRedis, createRouterTrainingQueue } from "@switchyard/queue";
import { afterAll, beforeAll } from "vitest";
import { startProviderFixture } from "../../fixtures/providers/server";
import { createRunClient, startWorker } from "../runs/worker-harness";
import { db, newCredential, newUser } from "../support";

export const isHard = (text: string) => text.includes("Australia");
/** Brazil: the cheap JSON model is right on about half, by a hash of the text no n-gram reveals, and says so. */
export const isCoinFlip = (text: string) => text.includes("Brazil");
export function luckyFor(text: string): boolean {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return ((hash >>> 0) & 1) === 0;
}

/**
 * How often the fixture has been asked a text by the self-consistency model: its unlucky Brazil answers
 * alternate between two wrong cities, so any two samples of them disagree, whatever the calls' order.
 */
const asked = new Map<string, number>();

export function startCapitalsFixture() {
  return startProviderFixture({
    replies: {
      "cheap-model": (text) => (isHard(text) ? "Sydney" : "Paris"),
      "strong-model": (text) => (isHard(text) ? "Canberra" : "Paris"),
      "cheap-json": (text) =>
        isCoinFlip(text)
          ? JSON.stringify(luckyFor(text) ? { answer: "Brasília", confidence: "high" } : { answer: "Rio de Janeiro", confidence: "low" })
          : JSON.stringify({ answer: isHard(text) ? "Sydney" : "Paris", confidence: isHard(text) ? "low" : "high" }),
      // Brazil: right and steady on the lucky half; on the other half wrong and never the same city twice in a row
      "cheap-sc": (text) => {
        if (!isCoinFlip(text)) return isHard(text) ? "Sydney" : "Paris";
        const k = asked.get(text) ?? 0;
        asked.set(text, k + 1);
        return luckyFor(text) ? "Brasília" : k % 2 ? "São Paulo" : "Rio de Janeiro";
      },
      "strong-sc": (text) => (isCoinFlip(text) ? "Brasília" : isHard(text) ? "Canberra" : "Paris"),
      "strong-json": (text) =>
        JSON.stringify({ answer: isCoinFlip(text) ? "Brasília" : isHard(text) ? "Canberra" : "Paris", confidence: "high" }),
    },
  });
}

/** A credential on the fixture with the strong models 20× the cheap ones' price. */
export async function pricedCredential(workspaceId: string, fixtureUrl: string) {
  const credential = await newCredential(workspaceId, "OPENAI_COMPATIBLE", `${fixtureUrl}/v1`);
  for (const [model, price] of [
    ["cheap-model", 1],
    ["strong-model", 20],
    ["cheap-json", 1],
    ["strong-json", 20],
    ["cheap-sc", 1],
    ["strong-sc", 20],
  ] as const)
    await setModelPrice(db(), workspaceId, { provider: "OPENAI_COMPATIBLE", model, inputPerMillion: price, outputPerMillion: price });
  return credential.id;
}

export const capitalsRows = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    i % 2
      ? { input: `Hard one: capital of Australia? (${i})`, expected: "Canberra", metadata: null }
      : { input: `Capital of France? (${i})`, expected: "Paris", metadata: null },
  );

/** France, Australia and Brazil in turn: on Brazil the cheap models are right on about half (`luckyFor`). */
export const capitalsWithBrazilRows = (count: number) =>
  Array.from(
    { length: count },
    (_, i) =>
      [
        { input: `Capital of France? (${i})`, expected: "Paris", metadata: null },
        { input: `Hard one: capital of Australia? (${i})`, expected: "Canberra", metadata: null },
        { input: `Capital of Brazil? (${i})`, expected: "Brasília", metadata: null },
      ][i % 3]!,
  );

/** chat input → router → chat output. */
export function routerFlow(config: Record<string, unknown>): FlowGraph {
  return {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
      { id: "router", type: "router", config, position: { x: 200, y: 0 } },
      { id: "output", type: "chat-output", config: {}, position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "router", targetHandle: "prompt" },
      { id: "e2", source: "router", sourceHandle: "text", target: "output", targetHandle: "text" },
    ],
  };
}

/** A worker, a run client, the fixture and a workspace with a priced credential on it. */
export async function startRoutingPlatform(label: string) {
  const fixture = await startCapitalsFixture();
  const [worker, { workspace }] = await Promise.all([startWorker(), newUser(label)]);
  const client = createRunClient();
  const credentialId = await pricedCredential(workspace.id, fixture.url);
  return {
    fixture,
    client,
    workspaceId: workspace.id,
    credentialId,
    async close() {
      await client.close();
      await worker.stop();
      await fixture.close();
    },
  };
}

type RoutingPlatform = Awaited<ReturnType<typeof startRoutingPlatform>>;

/**
 * A learned-router test file's set-up: the routing platform, started before its tests (`platform` is
 * filled in by then), and the Redis client and eval and router-training queues they enqueue on, all
 * closed after them.
 */
export function useRoutingPlatform(label: string) {
  const redis = createRedis(process.env.REDIS_URL!);
  const bull = createBullConnection(process.env.REDIS_URL!);
  const evalQueue = createEvalQueue(bull);
  const trainingQueue = createRouterTrainingQueue(bull);
  const platform = {} as RoutingPlatform;
  let started: RoutingPlatform | undefined;
  beforeAll(async () => {
    started = await startRoutingPlatform(label);
    Object.assign(platform, started);
  });
  afterAll(async () => {
    await started?.close();
    await Promise.all([evalQueue.close(), trainingQueue.close()]);
    await Promise.all([redis.quit(), bull.quit()]);
  });
  return { platform, redis, evalQueue, trainingQueue };
}

// Shared handles for integration tests: the run's database (from global setup), Redis, and helpers
// that build what a user would through the API (accounts, credentials, bots).
import { randomBytes, randomUUID } from "node:crypto";
import { createBot, createCredential, createUserWithWorkspace, getDb, type ProviderKind } from "@switchyard/db";
import type { FlowGraph } from "@switchyard/engine";
import { awaitRunStored, getRedis } from "@switchyard/queue";

export const db = () => getDb();
export const redis = () => getRedis();

/**
 * A run read as its caller would after hearing it finish: a run is announced before its finish is
 * stored (docs/reliability.md, "Finish before it is stored"), so this waits for the record first.
 */
export async function storedRun(runId: string) {
  await awaitRunStored(redis(), runId, async () => (await db().run.findUnique({ where: { id: runId } }))?.finishedAt != null);
  return db().run.findUniqueOrThrow({ where: { id: runId } });
}

export async function newUser(label = "user") {
  const email = `${label}-${randomBytes(4).toString("hex")}@example.com`;
  return createUserWithWorkspace(db(), { email, name: label });
}

export async function newCredential(workspaceId: string, kind: ProviderKind, baseUrl: string, apiKey?: string) {
  return createCredential(
    db(),
    workspaceId,
    { name: `${kind} ${randomUUID().slice(0, 6)}`, kind, baseUrl, apiKey },
    process.env.SWITCHYARD_SECRET!,
  );
}

/** chat input → prompt → model → chat output, the smallest useful bot. */
export function chatFlow(model: Record<string, unknown>, template = "{{input}}"): FlowGraph {
  return {
    nodes: [
      { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
      { id: "prompt", type: "prompt-template", config: { template, variables: {} }, position: { x: 200, y: 0 } },
      { id: "model", type: "model", config: model, position: { x: 400, y: 0 } },
      { id: "output", type: "chat-output", config: {}, position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: "e1", source: "input", sourceHandle: "message", target: "prompt", targetHandle: "input" },
      { id: "e2", source: "prompt", sourceHandle: "prompt", target: "model", targetHandle: "prompt" },
      { id: "e3", source: "model", sourceHandle: "text", target: "output", targetHandle: "text" },
    ],
  };
}

export async function newBot(workspaceId: string, graph: FlowGraph) {
  return createBot(db(), workspaceId, { name: `bot ${randomUUID().slice(0, 6)}`, graph });
}

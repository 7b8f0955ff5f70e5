// Helpers for the publish specs: a bot with a published version and a deployment, made through the API.
import { randomInt } from "node:crypto";
import { expect, type APIRequestContext, type PlaywrightWorkerArgs } from "@playwright/test";
import { fromApp } from "./support";

/**
 * An API client with its own client address: the whole e2e run signs up more users than one address
 * may in an hour, so API-only users each come from their own.
 */
export const apiClient = (playwright: PlaywrightWorkerArgs["playwright"], baseURL: string | undefined) =>
  playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { ...fromApp, "x-forwarded-for": `198.51.${randomInt(256)}.${randomInt(1, 255)}` },
  });

/** chat input (message and history) → model → chat output. */
export const chatGraph = (credentialId: string, model: string) => ({
  nodes: [
    { id: "in", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
    { id: "llm", type: "model", config: { credentialId, model }, position: { x: 300, y: 0 } },
    { id: "out", type: "chat-output", config: {}, position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: "e1", source: "in", sourceHandle: "message", target: "llm", targetHandle: "prompt" },
    { id: "e2", source: "in", sourceHandle: "history", target: "llm", targetHandle: "history" },
    { id: "e3", source: "llm", sourceHandle: "text", target: "out", targetHandle: "text" },
  ],
});

export async function post<T>(client: APIRequestContext, path: string, data: unknown, status = 201): Promise<T> {
  const response = await client.post(path, { data });
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

/** A bot whose model is `model` on the fixture, published as version 1. */
export async function publishedBot(client: APIRequestContext, workspaceId: string, fixtureUrl: string, model: string, name = "Helper") {
  const base = `/api/workspaces/${workspaceId}`;
  const { credential } = await post<{ credential: { id: string } }>(client, `${base}/credentials`, {
    name: `Fixture ${model}`,
    kind: "OPENAI_COMPATIBLE",
    baseUrl: `${fixtureUrl}/v1`,
  });
  const { bot } = await post<{ bot: { id: string } }>(client, `${base}/bots`, { name, graph: chatGraph(credential.id, model) });
  await post(client, `${base}/bots/${bot.id}/versions`, { note: "first" });
  return { botId: bot.id, credentialId: credential.id };
}

export interface DeploymentView {
  id: string;
  publicId: string;
  slug: string;
  allowedOrigins: string[];
  botVersion: { number: number };
}

export async function deploy(
  client: APIRequestContext,
  workspaceId: string,
  input: { botId: string; slug: string; allowedOrigins: string[] },
) {
  const { deployment } = await post<{ deployment: DeploymentView }>(client, `/api/workspaces/${workspaceId}/deployments`, {
    version: 1,
    ...input,
  });
  return deployment;
}

/** Reads an SSE body into its events. */
export function sseEvents(body: string) {
  return body
    .split("\n\n")
    .filter((block) => block.includes("data: "))
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)?.[1],
      data: /^data: (.*)$/m.exec(block)![1]!,
    }));
}

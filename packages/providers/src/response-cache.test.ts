import { canonicalJson, type ModelRequest } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { responseCacheKey } from "./response-cache";

const request: ModelRequest = {
  credentialId: "cred",
  model: "m",
  system: "Be brief",
  messages: [{ role: "user", content: "Hi" }],
  temperature: 0.2,
  timeoutMs: 30_000,
  maxRetries: 2,
  stream: false,
};

describe("response cache keys", () => {
  it("write equal values as equal text whatever the order of their keys", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it("ignore what does not shape the answer: timeouts, retries, streaming", () => {
    const key = responseCacheKey("ws", request);
    expect(responseCacheKey("ws", { ...request, timeoutMs: 1, maxRetries: 0, stream: true })).toBe(key);
    expect(responseCacheKey("ws", { ...request }, 0)).toBe(key);
  });

  it("differ for every part of the request, the workspace and the repeat index", () => {
    const key = responseCacheKey("ws", request);
    const variations: [string, ModelRequest, number][] = [
      ["other", request, 0],
      ["ws", { ...request, credentialId: "other" }, 0],
      ["ws", { ...request, model: "m2" }, 0],
      ["ws", { ...request, system: "Be long" }, 0],
      ["ws", { ...request, messages: [{ role: "user", content: "Hi!" }] }, 0],
      ["ws", { ...request, temperature: 0.3 }, 0],
      ["ws", { ...request, maxTokens: 10 }, 0],
      ["ws", { ...request, responseFormat: "json" }, 0],
      ["ws", { ...request, tools: [{ name: "t", description: "", parameters: {} }] }, 0],
      ["ws", { ...request, fallbacks: [{ credentialId: "cred", model: "m3" }] }, 0],
      ["ws", request, 1],
    ];
    const keys = variations.map(([workspaceId, changed, repeat]) => responseCacheKey(workspaceId, changed, repeat));
    expect(new Set([key, ...keys]).size).toBe(variations.length + 1);
  });
});

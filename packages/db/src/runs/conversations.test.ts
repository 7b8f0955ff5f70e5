import { describe, expect, it } from "vitest";
import { conversationKey } from "./conversations";

describe("conversationKey", () => {
  it("gives the same caller-sent id a different conversation per channel, deployment, key and account", () => {
    const keys = [
      conversationKey({ channel: "api", deploymentId: "d1", apiKeyId: "k1", user: "visitor-123" }),
      conversationKey({ channel: "api", deploymentId: "d1", apiKeyId: "k2", user: "visitor-123" }),
      conversationKey({ channel: "api", deploymentId: "d2", apiKeyId: "k1", user: "visitor-123" }),
      conversationKey({ channel: "widget", deploymentId: "d1", widgetSessionId: "visitor-123" }),
      conversationKey({ channel: "editor", botId: "d1", userId: "k1", thread: "visitor-123" }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toBe("api:d1:k1:visitor-123");
  });
});

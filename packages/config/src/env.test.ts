import { describe, expect, it } from "vitest";
import { readServerEnv } from "./env";
import { deriveKey } from "./keys";

describe("readServerEnv", () => {
  it("lists every problem in one message", () => {
    expect(() => readServerEnv({ DATABASE_URL: "not a url", SWITCHYARD_SECRET: "short" })).toThrow(
      /DATABASE_URL: DATABASE_URL must be a postgres:\/\/ URL\n {2}SWITCHYARD_SECRET: SWITCHYARD_SECRET must be at least 32 characters/,
    );
  });

  it("fills defaults and treats empty OAuth settings as unset", () => {
    const env = readServerEnv({ DATABASE_URL: "postgresql://localhost/x", SWITCHYARD_SECRET: "x".repeat(32), GITHUB_ID: " " });
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env.GITHUB_ID).toBeUndefined();
  });
});

describe("deriveKey", () => {
  it("gives independent keys per purpose", () => {
    const secret = "s".repeat(40);
    expect(deriveKey(secret, "session-signing")).not.toEqual(deriveKey(secret, "credentials-encryption"));
    expect(deriveKey(secret, "session-signing")).toEqual(deriveKey(secret, "session-signing"));
  });
});

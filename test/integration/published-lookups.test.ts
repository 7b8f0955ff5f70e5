// The public endpoints' in-memory lookups: a revoked key stops working in every web process as soon
// as the change is announced on Redis, not when the cached copy expires.
import { createApiKey, revokeApiKey } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { describe, expect, it } from "vitest";
import { requireApiKey } from "../../apps/web/src/server/published";
import { db, newUser, redis } from "./support";

const request = (secret: string) => new Request("http://localhost/api/v1/models", { headers: { authorization: `Bearer ${secret}` } });

describe("published lookups", () => {
  it("forget a key revoked by another process once the change is announced", async () => {
    const { workspace } = await newUser("keys");
    const { apiKey, secret } = await createApiKey(db(), workspace.id, { name: "k", scopes: ["models"] });
    expect((await requireApiKey(request(secret), "models")).id).toBe(apiKey.id); // now cached in this process

    // another web process revokes it: the database changes and the change is announced
    await revokeApiKey(db(), workspace.id, apiKey.id);
    expect((await requireApiKey(request(secret), "models")).id).toBe(apiKey.id); // this process has not heard yet
    await redis().publish(`${process.env.REDIS_KEY_PREFIX}published-changed`, "changed");

    await expect
      .poll(() => requireApiKey(request(secret), "models").catch((error: unknown) => error), { timeout: 2_000, interval: 20 })
      .toSatisfy((error) => error instanceof AppError && error.code === "UNAUTHENTICATED");
  });

  it("refuses a key without the scope, and a malformed header", async () => {
    const { workspace } = await newUser("scoped");
    const { secret } = await createApiKey(db(), workspace.id, { name: "k", scopes: ["models"] });
    await expect(requireApiKey(request(secret), "chat")).rejects.toSatisfy(
      (error) => error instanceof AppError && error.code === "FORBIDDEN",
    );
    await expect(requireApiKey(new Request("http://localhost", { headers: { authorization: secret } }), "models")).rejects.toThrow(
      "Send your API key as `Authorization: Bearer <key>`",
    );
  });
});

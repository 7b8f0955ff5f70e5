import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("passwords", () => {
  it("are hashed with argon2id and verified", async () => {
    const hashed = await hashPassword("correct horse battery staple");
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hashed, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hashed, "Correct horse battery staple")).toBe(false);
  });

  it("never verify for accounts without a password", async () => {
    expect(await verifyPassword(null, "anything")).toBe(false);
  });
});

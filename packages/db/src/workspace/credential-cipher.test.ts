import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./credential-cipher";

const master = "a-master-secret-of-at-least-32-characters!";

describe("credential cipher", () => {
  it("round-trips and uses a fresh IV every time", () => {
    const first = encryptSecret("sk-live-123", master);
    const second = encryptSecret("sk-live-123", master);
    expect(first).not.toBe(second);
    expect(decryptSecret(first, master)).toBe("sk-live-123");
    expect(decryptSecret(second, master)).toBe("sk-live-123");
  });

  it("rejects a tampered envelope", () => {
    const [version, iv, tag, body] = encryptSecret("sk-live-123", master).split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptSecret([version, iv, tag, flipped.toString("base64url")].join("."), master)).toThrow();
  });

  it("rejects the wrong master secret and unknown envelope versions", () => {
    const envelope = encryptSecret("sk-live-123", master);
    expect(() => decryptSecret(envelope, "another-master-secret-of-32-characters")).toThrow();
    expect(() => decryptSecret(envelope.replace(/^v1/, "v9"), master)).toThrow("Unrecognised secret envelope");
  });
});

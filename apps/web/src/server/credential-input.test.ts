import { describe, expect, it } from "vitest";
import { credentialSchema } from "./credential-input";

describe("credentialSchema's base URL", () => {
  it("refuses cloud metadata endpoints and other schemes, naming the field", () => {
    for (const baseUrl of [
      "http://169.254.169.254/v1",
      "http://metadata.google.internal/v1",
      "http://[fd00:ec2::254]/",
      "file:///etc/passwd",
    ]) {
      const parsed = credentialSchema.safeParse({ name: "x", kind: "OPENAI_COMPATIBLE", baseUrl });
      expect(parsed.success, baseUrl).toBe(false);
      expect(parsed.error!.issues[0]!.path).toEqual(["baseUrl"]);
    }
    const metadata = credentialSchema.safeParse({ name: "x", kind: "OLLAMA", baseUrl: "http://169.254.169.254" });
    expect(metadata.error!.issues[0]!.message).toContain("never on a cloud metadata endpoint");
  });

  it("accepts providers on loopback and private networks", () => {
    for (const baseUrl of [
      "http://localhost:11434",
      "http://127.0.0.1:8000/v1",
      "http://192.168.1.20:8000/v1",
      "https://api.openai.com/v1",
    ])
      expect(credentialSchema.safeParse({ name: "x", kind: "OPENAI_COMPATIBLE", baseUrl }).success, baseUrl).toBe(true);
  });
});

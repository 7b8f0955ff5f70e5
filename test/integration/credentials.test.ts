// Provider keys are encrypted at rest (AES-256-GCM) and only come back out through readCredentialSecret.
import { createCredential, listCredentials, readCredentialSecret } from "@switchyard/db";
import { describe, expect, it } from "vitest";
import { db, newUser } from "./support";

const secret = () => process.env.SWITCHYARD_SECRET!;

describe("provider credentials", () => {
  it("store the API key encrypted and never list it", async () => {
    const { workspace } = await newUser("keys");
    const apiKey = "sk-test-3f9a0c1b2d4e5f60718293a4b5c6d7e8";
    const created = await createCredential(db(), workspace.id, { name: "OpenAI", kind: "OPENAI", apiKey }, secret());

    const row = await db().providerCredential.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.apiKeyCipher).toMatch(/^v1\./);
    expect(row.apiKeyCipher).not.toContain(apiKey);
    expect(JSON.stringify(await listCredentials(db(), workspace.id))).not.toContain(apiKey);
    expect((await listCredentials(db(), workspace.id))[0]).toMatchObject({ name: "OpenAI", hasApiKey: true });

    const decrypted = await readCredentialSecret(db(), workspace.id, created.id, secret());
    expect(decrypted.apiKey).toBe(apiKey);
  });

  it("cannot be read with another workspace's id or another secret", async () => {
    const owner = await newUser("owner");
    const other = await newUser("other");
    const created = await createCredential(db(), owner.workspace.id, { name: "Local", kind: "OLLAMA", apiKey: "k" }, secret());
    await expect(readCredentialSecret(db(), other.workspace.id, created.id, secret())).rejects.toThrow("Credential not found");
    await expect(readCredentialSecret(db(), owner.workspace.id, created.id, "another-secret-that-is-long-enough-123")).rejects.toThrow();
  });
});

// Provider API keys are encrypted at rest with AES-256-GCM under a key derived from SWITCHYARD_SECRET.
// The envelope carries a version so the scheme can change without a flag day.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deriveKey } from "@switchyard/config";

const VERSION = "v1";

export function encryptSecret(plaintext: string, masterSecret: string): string {
  const key = deriveKey(masterSecret, "credentials-encryption");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function decryptSecret(envelope: string, masterSecret: string): string {
  const [version, iv, tag, ciphertext] = envelope.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("Unrecognised secret envelope");
  const key = deriveKey(masterSecret, "credentials-encryption");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

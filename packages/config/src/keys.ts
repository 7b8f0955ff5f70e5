// Every key the platform uses is derived from SWITCHYARD_SECRET, so operators manage one secret
// and a leaked derived key (say, the session signing key) reveals nothing about the others.
import { hkdfSync } from "node:crypto";

export type KeyPurpose = "credentials-encryption" | "session-signing" | "widget-session" | "approval-link";

export function deriveKey(secret: string, purpose: KeyPurpose, length = 32): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "switchyard", purpose, length));
}

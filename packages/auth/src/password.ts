// Passwords are hashed with argon2id (memory-hard), at OWASP's recommended cost.
import { hash, verify } from "@node-rs/argon2";

const options = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, options);

// Verifying against a real hash for unknown accounts keeps "no such user" as slow as "wrong password".
let decoy: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    decoy ??= hashPassword("decoy password for timing");
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

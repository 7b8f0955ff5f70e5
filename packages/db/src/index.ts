export { createDb, getDb, type Db } from "./client";
export { encryptSecret, decryptSecret } from "./credential-cipher";
export * from "./users";
export * from "./workspaces";
export * from "./bots";
export * from "./credentials";
export type { Prisma } from "./generated/prisma/client";
export type { Role, ProviderKind, RunStatus, RunSource } from "./generated/prisma/enums";

// A model node's provider field holds either a credential's id or `pool:<id>`, a workspace pool of
// credentials serving the same model; every model-calling node gets pools through that one field.
export const POOL_PREFIX = "pool:";

/** The pool's id when the provider field names a pool, else undefined. */
export const poolIdOf = (credentialId: string): string | undefined =>
  credentialId.startsWith(POOL_PREFIX) ? credentialId.slice(POOL_PREFIX.length) : undefined;

export const poolReference = (poolId: string) => `${POOL_PREFIX}${poolId}`;

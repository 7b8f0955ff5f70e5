// Per-provider concurrency for eval runs: a model call takes one Redis semaphore slot per provider
// credential it uses, so all workers together keep within the run's concurrency setting.
import type { RedisSemaphore } from "@switchyard/queue";

/** Takes one slot per provider credential, in a fixed order so waiters never deadlock; resolves with their release. */
export async function acquireProviderSlots(semaphore: RedisSemaphore, credentials: string[], limit: number): Promise<() => Promise<void>> {
  const releases: (() => Promise<void>)[] = [];
  try {
    for (const credentialId of credentials) releases.push(await semaphore.acquire(`provider:${credentialId}`, limit));
  } catch (error) {
    await Promise.all(releases.map((release) => release()));
    throw error;
  }
  return async () => void (await Promise.all(releases.map((release) => release())));
}

export async function withProviderSlots<T>(
  semaphore: RedisSemaphore,
  credentials: string[],
  limit: number,
  work: () => Promise<T>,
): Promise<T> {
  const release = await acquireProviderSlots(semaphore, credentials, limit);
  try {
    return await work();
  } finally {
    await release();
  }
}

// A small bounded cache with per-entry expiry, for values that are cheap to keep and costly to fetch
// on every run (compiled flows, decrypted credentials). Callers asking for a key while it loads share
// that load: an eval run's first jobs start a hundred pairs at once, which would otherwise each load
// the same flow, credential and prices. A failed load is not kept; the next caller tries again.
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  getOrLoad(key: string, load: () => Promise<V> | V): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > Date.now()) return hit.value;
    const value = Promise.resolve().then(load);
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) this.entries.delete(this.entries.keys().next().value!);
    const entry = { value, expiresAt: Date.now() + this.ttlMs };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}

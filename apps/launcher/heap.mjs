// The V8 heap limit each platform process starts with. V8 sizes its old generation from the
// machine's memory (about 4 GB on a 24 GB machine) and, under steady load, lets the heap grow long
// before it collects: in a 3-minute soak the web process's RSS climbed 485 → 905 MB, and with the
// heap capped at 256 MB it stayed at 449–460 MB for the same traffic (bench/results/soak.json) —
// garbage waiting to be collected, not a leak. A cap sized to the working set keeps memory flat and
// predictable, and leaves room under a container's limit. Plain JavaScript: the launcher imports it
// before anything is installed.

/** Megabytes of old-generation heap per role; override with SWITCHYARD_WEB_HEAP_MB / SWITCHYARD_WORKER_HEAP_MB. */
export const DEFAULT_HEAP_MB = { web: 384, worker: 512 };

/** The `node` flags that apply the role's heap limit. */
export function heapArgs(role, env = process.env) {
  const variable = role === "web" ? "SWITCHYARD_WEB_HEAP_MB" : "SWITCHYARD_WORKER_HEAP_MB";
  const configured = env[variable];
  const megabytes = configured === undefined || configured === "" ? DEFAULT_HEAP_MB[role] : Number(configured);
  if (!Number.isInteger(megabytes) || megabytes < 128)
    throw new Error(`${variable} must be a whole number of megabytes, at least 128 (got "${configured}")`);
  return [`--max-old-space-size=${megabytes}`];
}

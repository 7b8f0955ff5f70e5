// Sustained load: `concurrency` clients sending requests back to back for `seconds`.
import { round, summarize } from "./stats";

export async function sustained(request: () => Promise<{ latency: number }>, concurrency: number, seconds: number) {
  let completed = 0;
  let errors = 0;
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        try {
          latencies.push((await request()).latency);
          completed++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return {
    concurrency,
    requestsPerSecond: round(completed / ((performance.now() - began) / 1000), 0),
    errors,
    latencyMs: summarize(latencies),
  };
}

import { describe, expect, it } from "vitest";
import { histogramQuantile } from "./usage";
import { latencyBucketBounds } from "./usage-rollup";

describe("latency percentiles from a histogram", () => {
  const histogram = (counts: Record<number, number>) => Array.from({ length: 54 }, (_, bucket) => counts[bucket] ?? 0);

  it("reads the bucket holding the rank, as its geometric middle", () => {
    // 90 calls in bucket 20 (about 190-247 ms), 10 in bucket 30 (about 2.6-3.4 s)
    const counts = histogram({ 20: 90, 30: 10 });
    const [low20, high20] = latencyBucketBounds(20);
    const [low30, high30] = latencyBucketBounds(30);
    expect(histogramQuantile(counts, 0.5)).toBe(Math.round(Math.sqrt(low20 * high20)));
    expect(histogramQuantile(counts, 0.9)).toBe(Math.round(Math.sqrt(low20 * high20)));
    expect(histogramQuantile(counts, 0.95)).toBe(Math.round(Math.sqrt(low30 * high30)));
  });

  it("stays within 14% of any latency in the bucket", () => {
    for (const bucket of [1, 10, 25, 40]) {
      const [low, high] = latencyBucketBounds(bucket);
      const middle = Math.sqrt(low * high);
      expect(middle / low).toBeLessThan(1.141);
      expect(high / middle).toBeLessThan(1.141);
    }
  });

  it("has no percentile without calls, and 0 for sub-millisecond calls", () => {
    expect(histogramQuantile(histogram({}), 0.5)).toBeNull();
    expect(histogramQuantile(histogram({ 0: 3 }), 0.95)).toBe(0);
  });
});

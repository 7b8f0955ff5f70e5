// A small seeded random number generator (mulberry32): bootstrap intervals must come out the same on
// every page load and in every test, so nothing here may use Math.random.
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => drawAt((state = nextState(state)));
}

// The generator's two halves, for hot loops (a bootstrap draws millions of numbers) that keep the
// state in a local: V8 inlines these plain functions where it does not inline the closure above.
/** The state after `state` (mulberry32 advances by a fixed odd step). */
export const nextState = (state: number) => (state + 0x6d2b79f5) >>> 0;

/** The number in [0, 1) mulberry32 draws at `state`. */
export function drawAt(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A seed derived from the data, so the same results always give the same interval. */
export function seedOf(values: readonly number[]): number {
  let hash = 2166136261;
  for (const value of values) {
    hash ^= Math.round(value * 1e6) | 0;
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

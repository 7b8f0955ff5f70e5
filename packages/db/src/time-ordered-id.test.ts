import { describe, expect, it } from "vitest";
import { timeOrderedUuid } from "./time-ordered-id";

describe("timeOrderedUuid", () => {
  it("is a version 7 UUID whose text sorts by the millisecond it was made in", () => {
    const earlier = timeOrderedUuid(1_800_000_000_000);
    const later = timeOrderedUuid(1_800_000_000_001);
    expect(earlier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(earlier.slice(0, 13)).toBe("01a3185c-5000");
    expect(earlier < later).toBe(true);
  });

  it("never repeats, across refills of its random bytes", () => {
    const ids = Array.from({ length: 10_000 }, () => timeOrderedUuid(1_800_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

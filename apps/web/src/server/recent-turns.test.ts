import { afterEach, describe, expect, it, vi } from "vitest";
import { recentTurns, rememberTurn } from "./recent-turns";

afterEach(() => vi.useRealTimers());

describe("recent turns", () => {
  it("keeps a session's newest 20 turns, oldest first, for 40 s", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    for (let index = 0; index < 25; index++) rememberTurn("busy", { runId: `r${index}`, message: `m${index}`, reply: `a${index}` });
    const kept = recentTurns("busy");
    expect(kept.map((turn) => turn.runId)).toEqual(Array.from({ length: 20 }, (_, index) => `r${index + 5}`));
    expect(recentTurns("other")).toEqual([]);
    vi.setSystemTime(1_000_000 + 40_001);
    expect(recentTurns("busy")).toEqual([]);
  });
});

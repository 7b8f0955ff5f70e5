import { describe, expect, it } from "vitest";
import { testCaseFromRun } from "./run-test-case";

describe("a rated run as a test case", () => {
  it("keeps a single message as the input, leaves expected empty and the bot's answer in metadata", () => {
    const row = testCaseFromRun({ id: "r1", input: { message: "Where is my parcel?" }, output: { text: "No idea." } }, { comment: "rude" });
    expect(row).toEqual({ input: "Where is my parcel?", expected: null, metadata: { fromRun: "r1", answer: "No idea.", comment: "rude" } });
  });

  it("turns the earlier turns into a valid conversation: no system turns, alternating, ending with the assistant", () => {
    const row = testCaseFromRun({
      id: "r2",
      input: {
        message: "And tomorrow?",
        history: [
          { role: "system", content: "Be brief." },
          { role: "assistant", content: "Hi! (greeting)" },
          { role: "user", content: "Weather" },
          { role: "user", content: "in Paris today?" },
          { role: "assistant", content: "Sunny." },
          { role: "user", content: "Thanks." },
        ],
      },
      output: null,
    });
    expect(row.history).toEqual([
      { role: "user", content: "Weather\n\nin Paris today?" },
      { role: "assistant", content: "Sunny." },
    ]);
    expect(row.input).toBe("Thanks.\n\nAnd tomorrow?");
    expect(row.metadata).toEqual({ fromRun: "r2", answer: "" });
  });
});

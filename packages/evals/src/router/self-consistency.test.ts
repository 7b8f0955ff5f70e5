import { describe, expect, it } from "vitest";
import { answersAgree, selfConsistencyVerdict } from "./self-consistency";

describe("self-consistency", () => {
  it("agrees when every sample matches the first once trimmed, spacing collapsed and lower-cased", () => {
    expect(answersAgree(["The answer is  42.", " the ANSWER is 42. "])).toBe(true);
    expect(answersAgree(["42", "42", "41"])).toBe(false);
  });

  it("reads the chance that N of an item's repeats agree, over every draw of the served answer and the others", () => {
    const repeats = (...answers: (string | null)[]) => answers.map((answer) => ({ answer, passed: answer === "a" }));
    // two of four agree on the right answer: a served "a" is matched by the other "a" in 1 of 3 draws
    expect(selfConsistencyVerdict(repeats("a", "a", "b", "c"), 2)).toEqual({ accepted: 2 / 4 / 3, acceptedPassed: 2 / 4 / 3 });
    // three samples from "a a a b": a served "a" needs both others to be "a": 1 of C(3, 2) = 3 draws
    const verdict = selfConsistencyVerdict(repeats("a", "a", "a", "b"), 3);
    expect(verdict.accepted).toBeCloseTo(3 / 4 / 3, 12);
    expect(verdict.acceptedPassed).toBeCloseTo(verdict.accepted, 12);
    // an errored repeat agrees with nothing, not even another error
    expect(selfConsistencyVerdict(repeats(null, null), 2)).toEqual({ accepted: 0, acceptedPassed: 0 });
    expect(selfConsistencyVerdict(repeats("b", "b"), 2)).toEqual({ accepted: 1, acceptedPassed: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { evaluatorSchema } from "@switchyard/evals";
import { judgesOf, resultRow } from "./eval-pair";
import type { RunOutcome } from "./run-job";

const pair = { datasetItemId: "i1", variantKey: "a", repeat: 2 };
const job = { evalRunId: "er1", workspaceId: "w1", pairs: [pair] };
const outcome = (status: RunOutcome["status"], error: string | null = null): RunOutcome => ({
  status,
  error,
  output: status === "SUCCEEDED" ? "hi" : null,
  costUsd: 0,
  latencyMs: 10,
});
const contains = evaluatorSchema.parse({ id: "c", kind: "contains", value: "hi" });
const injection = evaluatorSchema.parse({ id: "p", kind: "prompt_injection" });

describe("an eval pair's result row", () => {
  it("records nothing measured when only the error is known (a pair the queue gave up on)", () => {
    expect(resultRow(job, pair, { error: "gone" })).toEqual({
      evalRunId: "er1",
      datasetItemId: "i1",
      variantKey: "a",
      repeat: 2,
      output: null,
      scores: { score: null, evaluators: [] },
      passed: false,
      error: "gone",
      costUsd: 0,
      latencyMs: null,
      runId: null,
      cachedCalls: 0,
      savedUsd: 0,
    });
  });
});

describe("the evaluators that judge a pair's run", () => {
  it("are all of them when the run succeeded", () => {
    expect(judgesOf([contains, injection], outcome("SUCCEEDED"))).toEqual([contains, injection]);
  });

  it("are the injection judge only when an agent's limit stopped the run", () => {
    const stopped = outcome("FAILED", 'Node "agent" failed: the agent reached its limit of 4 steps');
    expect(judgesOf([contains, injection], stopped)).toEqual([injection]);
  });

  it("are none when the run failed for another reason", () => {
    expect(judgesOf([contains, injection], outcome("FAILED", "provider said no"))).toEqual([]);
    expect(judgesOf([contains, injection], outcome("CANCELLED"))).toEqual([]);
  });
});

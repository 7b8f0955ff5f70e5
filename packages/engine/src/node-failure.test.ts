import { describe, expect, it } from "vitest";
import { describeFailure, isNodeFailure, NodeFailureError, statusOfFailure, withCallTrail } from "./node-failure";

const usage = { provider: "P", model: "m", tokensIn: 1, tokensOut: 2, costUsd: 0.1, attempts: 1 };
const attempts = [{ startedAt: 1, latencyMs: 2 }];
const open = { cancelled: false, timedOut: null };

describe("node failures", () => {
  it("recognises only errors that implement the contract", () => {
    expect(isNodeFailure(new NodeFailureError("FAILED", "x"))).toBe(true);
    expect(isNodeFailure(Object.assign(new Error("x"), { attempts, usage }))).toBe(false);
    expect(isNodeFailure(null)).toBe(false);
    expect(isNodeFailure("x")).toBe(false);
  });

  it("keeps the trail of a known failure and reads only the message of anything else", () => {
    expect(describeFailure(new NodeFailureError("MODEL_CALL_FAILED", "down", { attempts, usage }), open)).toEqual({
      failureCode: "MODEL_CALL_FAILED",
      message: "down",
      attempts,
      usage,
    });
    expect(describeFailure(new Error("boom"), open)).toMatchObject({ failureCode: "FAILED", message: "boom", attempts: undefined });
    expect(describeFailure("text thrown", open)).toMatchObject({ failureCode: "FAILED", message: "text thrown" });
  });

  it("says cancelled or timed out before what the node threw, keeping the calls it made", () => {
    const thrown = new NodeFailureError("MODEL_CALL_FAILED", "aborted", { attempts, usage });
    expect(describeFailure(thrown, { cancelled: true, timedOut: null })).toMatchObject({ failureCode: "CANCELLED", usage });
    expect(describeFailure(thrown, { cancelled: false, timedOut: "timed out after 1s" })).toMatchObject({
      failureCode: "TIMED_OUT",
      message: "timed out after 1s",
      attempts,
    });
  });

  it("adds a trail to any error, keeping its code and message", () => {
    const trailed = withCallTrail(new NodeFailureError("MODEL_CALL_FAILED", "down"), { attempts, usage });
    expect(trailed).toMatchObject({ failureCode: "MODEL_CALL_FAILED", message: "down", attempts, usage });
    expect(withCallTrail(new Error("limit"), { attempts })).toMatchObject({ failureCode: "FAILED", message: "limit", usage: undefined });
  });

  it("maps every code to a run status", () => {
    expect(statusOfFailure).toEqual({ CANCELLED: "CANCELLED", TIMED_OUT: "FAILED", MODEL_CALL_FAILED: "FAILED", FAILED: "FAILED" });
  });
});

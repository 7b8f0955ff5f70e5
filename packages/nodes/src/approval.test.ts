import { RunPausedSignal, type ApprovalAnswer } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { approval } from "./approval";
import { runNode } from "./shared/test-support";

const answer = (overrides: Partial<ApprovalAnswer> = {}): ApprovalAnswer => ({
  action: "approve",
  value: { to: "ana@example.com" },
  comment: null,
  changed: false,
  answeredBy: "bo@example.com",
  answeredVia: "APP",
  answeredAt: 1,
  ...overrides,
});

describe("approval", () => {
  it("pauses with the question filled in from the run's values and the proposed value", async () => {
    const paused = await runNode(
      approval,
      { question: "Send to {{input}} for {{customer}}?" },
      { value: "ana@example.com" },
      {
        input: { variables: { customer: "ACME" } },
      },
    ).catch((error: unknown) => error);
    expect(paused).toBeInstanceOf(RunPausedSignal);
    const { request, key } = (paused as RunPausedSignal).pause;
    expect(key).toBe("answer");
    expect(request).toMatchObject({
      kind: "node",
      question: "Send to ana@example.com for ACME?",
      proposed: "ana@example.com",
      valueSchema: null,
      timeoutAction: "reject",
      timeoutMs: 3 * 24 * 3600_000,
    });
    expect(request.actions.map((action) => action.name)).toEqual(["approve", "reject"]);
  });

  it("takes the branch of the chosen action with the edited value, and says who answered", async () => {
    const { result } = await runNode(approval, {}, { value: { to: "x" } }, { answers: { answer: answer({ changed: true }) } });
    expect(result.outputs).toEqual({ approved: { to: "ana@example.com" }, choice: "approve" });
    expect(result.note).toBe("Approve (bo@example.com, edited)");
    expect(result.detail).toMatchObject({ approval: { proposed: { to: "x" }, answeredBy: "bo@example.com", changed: true } });
  });

  it("maps named choices onto branches, and a timeout onto its action", async () => {
    const config = {
      choices: [
        { name: "send", label: "Send now", branch: "approved" },
        { name: "hold", label: "Hold", branch: "rejected" },
      ],
      onTimeout: "hold",
    };
    const { result } = await runNode(
      approval,
      config,
      { value: "draft" },
      {
        answers: { answer: answer({ action: "hold", value: "draft", answeredVia: "TIMEOUT", answeredBy: "timeout" }) },
      },
    );
    expect(result.outputs).toEqual({ rejected: "draft", choice: "hold" });
    expect(result.note).toBe("Hold (nobody answered in time)");
  });

  it("refuses a timeout action that is not an action, duplicate actions and a broken schema", () => {
    const config = approval.config.parse({
      choices: [
        { name: "ok", label: "OK", branch: "approved" },
        { name: "ok", label: "OK again", branch: "approved" },
      ],
      valueSchema: "{nope",
    });
    expect(approval.check!(config)).toEqual([
      "Two actions have the same name",
      'Action on timeout: "reject" is not one of the actions (ok, ok)',
      expect.stringMatching(/^Edited value schema: the schema is not JSON/),
    ]);
  });

  it("fails where nothing can pause (an eval run)", async () => {
    await expect(runNode(approval, {}, { value: 1 }, { unpausable: true })).rejects.toThrow(/cannot wait for a person/);
  });
});

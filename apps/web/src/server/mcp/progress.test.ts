import { afterEach, describe, expect, it, vi } from "vitest";
import { progressReporter } from "./progress";

type Extra = Parameters<typeof progressReporter>[0];

function reporter(progressToken?: string) {
  const sent: { progress: number; total?: number; message?: string }[] = [];
  const extra = {
    _meta: progressToken === undefined ? undefined : { progressToken },
    sendNotification: async (notification: { params: { progress: number; total?: number; message?: string } }) =>
      void sent.push(notification.params),
  } as unknown as Extra;
  return { report: progressReporter(extra), sent };
}

afterEach(() => vi.useRealTimers());

describe("MCP progress of a tool call", () => {
  it("reports each finished step, and heartbeats during a long step that never reach the next step", () => {
    vi.useFakeTimers();
    const { report, sent } = reporter("call-1");
    report.begin(3);
    report.stepFinished("input");
    vi.advanceTimersByTime(15_000); // a slow model: three heartbeats
    report.stepFinished("model");
    report.stepFinished("output");
    report.stop();
    vi.advanceTimersByTime(10_000); // nothing after the end

    expect(sent.map((update) => update.progress)).toEqual([1, 1.5, 1.75, 1.875, 2, 3]);
    expect(sent.every((update) => update.total === 3)).toBe(true);
    expect(sent[1]!.message).toBe("Still running (5 s)");
    expect(sent.at(-1)!.message).toBe("Step output finished (3 of 3)");
  });

  it("sends nothing when the client asked for no progress", () => {
    vi.useFakeTimers();
    const { report, sent } = reporter();
    report.begin(2);
    report.stepFinished("input");
    vi.advanceTimersByTime(20_000);
    report.stop();
    expect(sent).toEqual([]);
  });
});

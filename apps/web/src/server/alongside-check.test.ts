import { describe, expect, it } from "vitest";
import { alongsideCheck } from "./alongside-check";

describe("alongsideCheck", () => {
  it("gives the work's result when the check passes, and undoes nothing", async () => {
    const undone: string[] = [];
    await expect(alongsideCheck(Promise.resolve(), Promise.resolve("run"), async (run) => void undone.push(run))).resolves.toBe("run");
    expect(undone).toEqual([]);
  });

  it("undoes finished work and throws the check's error when the check fails", async () => {
    const undone: string[] = [];
    const limited = new Error("Too many requests");
    await expect(alongsideCheck(Promise.reject(limited), Promise.resolve("run"), async (run) => void undone.push(run))).rejects.toBe(
      limited,
    );
    expect(undone).toEqual(["run"]);
  });

  it("prefers the check's error when both fail, and throws the work's error when only it fails", async () => {
    const limited = new Error("Too many requests");
    const overBudget = new Error("Over budget");
    await expect(alongsideCheck(Promise.reject(limited), Promise.reject(overBudget), async () => undefined)).rejects.toBe(limited);
    await expect(alongsideCheck(Promise.resolve(), Promise.reject(overBudget), async () => undefined)).rejects.toBe(overBudget);
  });
});

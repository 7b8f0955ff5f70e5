import { describe, expect, it, vi } from "vitest";

describe("isAppError", () => {
  it("recognises an AppError built by another copy of this module, as the web process loads it twice", async () => {
    const first = await import("./index");
    vi.resetModules();
    const second = await import("./index");
    expect(second.AppError).not.toBe(first.AppError);
    expect(first.isAppError(new second.AppError("BUDGET_EXCEEDED", "over budget"))).toBe(true);
    expect(first.isAppError(new Error("plain"))).toBe(false);
    expect(first.isAppError({ code: "NOT_FOUND", message: "looks like one" })).toBe(false);
    expect(first.isAppError(null)).toBe(false);
  });
});

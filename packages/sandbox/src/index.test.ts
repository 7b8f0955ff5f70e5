import { Worker } from "node:worker_threads";
import { describe, expect, it, vi } from "vitest";
import { runSandboxed, SandboxCancelledError } from "./index";

describe("runSandboxed", () => {
  it("returns the function body's value computed from the input", async () => {
    const result = await runSandboxed("return { total: input.items.reduce((a, b) => a + b, 0), name: input.name.toUpperCase() };", {
      items: [1, 2, 3],
      name: "ada",
    });
    expect(result).toEqual({ ok: true, value: { total: 6, name: "ADA" }, logs: [] });
  });

  it("awaits async code and captures console.log lines", async () => {
    const result = await runSandboxed("console.log('start', 1, { a: [2] }); const v = await Promise.resolve(41); return v + 1;", null);
    expect(result).toEqual({ ok: true, value: 42, logs: ['start 1 {"a":[2]}'] });
  });

  it("gives null when the code returns nothing", async () => {
    expect(await runSandboxed("const x = 1;", {})).toEqual({ ok: true, value: null, logs: [] });
  });

  it("reports thrown errors and syntax errors as readable messages", async () => {
    expect(await runSandboxed("throw new TypeError('bad value')", {})).toMatchObject({ ok: false, error: "TypeError: bad value" });
    expect(await runSandboxed("return (", {})).toMatchObject({ ok: false, error: expect.stringMatching(/^SyntaxError/) });
  });

  it("hands the code a frozen copy of the input", async () => {
    const input = { nested: { value: 1 } };
    const result = await runSandboxed("input.nested.value = 2; return input.nested.value;", input);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/read-only|not writable/) });
    expect(input.nested.value).toBe(1);
  });

  it("keeps nothing between runs", async () => {
    await runSandboxed("globalThis.leak = 'secret'; return 1;", {});
    expect(await runSandboxed("return typeof globalThis.leak;", {})).toMatchObject({ ok: true, value: "undefined" });
  });

  describe("when its signal aborts", () => {
    it("stops an infinite loop long before the time limit and ends its thread", async () => {
      // terminate(), not postMessage(): on a loaded machine the cancel can come before the thread has
      // loaded QuickJS, and then the code is never handed over, but the thread must still be ended
      const terminate = vi.spyOn(Worker.prototype, "terminate");
      try {
        const controller = new AbortController();
        setTimeout(() => controller.abort(new Error("The run was cancelled")), 100);
        const started = Date.now();
        const result = runSandboxed("while (true) {}", {}, { timeoutMs: 30_000 }, { signal: controller.signal });
        await expect(result).rejects.toThrow(SandboxCancelledError);
        expect(Date.now() - started).toBeLessThan(600);
        // the run's thread (the only one terminated) has exited: threadId is -1 once it has
        const [worker] = terminate.mock.contexts as Worker[];
        expect(worker?.threadId).toBe(-1);
      } finally {
        terminate.mockRestore();
      }
    });

    it("gives the signal's reason as the cause", async () => {
      const controller = new AbortController();
      const reason = new Error("stopped by the user");
      setTimeout(() => controller.abort(reason), 50);
      const error: unknown = await runSandboxed(
        "for (;;) { try { while (true) {} } catch (e) {} }",
        {},
        {},
        { signal: controller.signal },
      ).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SandboxCancelledError);
      expect((error as Error).cause).toBe(reason);
    });

    it("runs nothing when it was aborted before the start", async () => {
      const postMessage = vi.spyOn(Worker.prototype, "postMessage");
      try {
        await expect(runSandboxed("return 1", {}, {}, { signal: AbortSignal.abort() })).rejects.toThrow("The code was cancelled");
        expect(postMessage).not.toHaveBeenCalled();
      } finally {
        postMessage.mockRestore();
      }
    });

    it("leaves a finished run's result alone", async () => {
      const controller = new AbortController();
      const result = await runSandboxed("return 2", {}, {}, { signal: controller.signal });
      controller.abort();
      expect(result).toEqual({ ok: true, value: 2, logs: [] });
    });
  });

  describe("refuses to escape", () => {
    it("has no process", async () => {
      expect(await runSandboxed("return process.env", {})).toMatchObject({ ok: false, error: "ReferenceError: 'process' is not defined" });
    });

    it("cannot import modules", async () => {
      expect(await runSandboxed("const fs = await import('fs'); return fs.readFileSync('/etc/passwd', 'utf8')", {})).toMatchObject({
        ok: false,
        error: expect.stringMatching(/fs/),
      });
    });

    it("has no require", async () => {
      expect(await runSandboxed("return require('fs').readFileSync('/etc/passwd', 'utf8')", {})).toMatchObject({
        ok: false,
        error: "ReferenceError: 'require' is not defined",
      });
    });

    it("gets nothing of the host through the Function constructor", async () => {
      const result = await runSandboxed("return globalThis.constructor.constructor('return process')()", {});
      expect(result).toMatchObject({ ok: false, error: "ReferenceError: 'process' is not defined" });
    });

    it("has no network, timers or WebAssembly", async () => {
      expect(await runSandboxed("return [typeof fetch, typeof setTimeout, typeof XMLHttpRequest, typeof WebAssembly]", {})).toMatchObject({
        ok: true,
        value: ["undefined", "undefined", "undefined", "undefined"],
      });
    });

    it("stops an infinite loop at the time limit", async () => {
      const started = Date.now();
      const result = await runSandboxed("while (true) {}", {}, { timeoutMs: 200 });
      expect(result).toMatchObject({ ok: false, error: "Timed out after 200 ms" });
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it("stops an infinite loop that catches the interrupt", async () => {
      const result = await runSandboxed("for (;;) { try { while (true) {} } catch (e) {} }", {}, { timeoutMs: 200 });
      expect(result).toMatchObject({ ok: false, error: "Timed out after 200 ms" });
    });

    it.each([
      ["long strings", "const a = []; while (true) a.push('x'.repeat(1 << 20) + a.length);"],
      ["array buffers", "const a = []; while (true) a.push(new Uint8Array(1 << 20));"],
      ["small objects", "const a = []; while (true) a.push({ i: a.length });"],
    ])("stops a memory bomb of %s at the memory limit", async (_kind, code) => {
      const started = Date.now();
      const result = await runSandboxed(code, {}, { memoryBytes: 16 * 1024 * 1024, timeoutMs: 5_000 });
      expect(result).toMatchObject({ ok: false, error: "Memory limit exceeded" });
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it("stops catastrophic regular-expression backtracking at the time limit", async () => {
      const result = await runSandboxed("return /(a+)+$/.test('a'.repeat(40) + 'b')", {}, { timeoutMs: 200 });
      expect(result).toMatchObject({ ok: false, error: "Timed out after 200 ms" });
    });

    it("refuses a huge return value", async () => {
      const result = await runSandboxed("return 'x'.repeat(200000)", {}, { maxOutputBytes: 100_000 });
      expect(result).toMatchObject({ ok: false, error: "Output exceeds the limit of 100000 bytes" });
    });

    it("refuses huge console output even when the code catches the error", async () => {
      const result = await runSandboxed(
        "for (let i = 0; i < 1e6; i++) { try { console.log('y'.repeat(1000)) } catch (e) {} } return 1;",
        {},
        { maxOutputBytes: 10_000 },
      );
      expect(result).toMatchObject({ ok: false, error: "Output exceeds the limit of 10000 bytes" });
      expect(result.logs.join("\n").length).toBeLessThanOrEqual(10_000);
    });

    it("stops deep recursion with a readable error", async () => {
      const result = await runSandboxed("const f = () => f(); return f();", {});
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/stack overflow/i) });
    });
  });
});

import type { EngineServices, ToolHandle } from "@switchyard/engine";
import { runSandboxed, SandboxCancelledError } from "@switchyard/sandbox";
import { describe, expect, it } from "vitest";
import { code } from "./code";

const run = (config: Record<string, unknown>, inputs: Record<string, unknown>, signal = new AbortController().signal) =>
  code.execute({
    nodeId: "c",
    config: code.config.parse(config),
    inputs,
    run: { id: "r", input: { message: "m" }, spentUsd: () => 0 },
    services: { sandbox: { run: runSandboxed } } as EngineServices,
    signal,
    emit: () => undefined,
    recordStep: () => "",
  });

describe("code node", () => {
  it("runs the code on its input and returns the value and logs", async () => {
    const { outputs } = await run({ code: "console.log('items', input.length); return input.map((n) => n * 2);" }, { input: [1, 2, 3] });
    expect(outputs).toMatchObject({ result: [2, 4, 6], logs: ["items 3"] });
  });

  it("offers a tool that runs the code on an agent's arguments", async () => {
    const parameters = { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] };
    const { outputs } = await run(
      { code: "return input.a + input.b;", toolName: "add", toolDescription: "Adds two numbers", parameters },
      {},
    );
    const tool = outputs.tool as ToolHandle;
    expect(tool).toMatchObject({ name: "add", description: "Adds two numbers", parameters });
    expect(await tool.invoke({ a: 2, b: 40 }, { signal: new AbortController().signal })).toBe(42);
  });

  it("fails with the sandbox's reason", async () => {
    await expect(run({ code: "return process.env.SWITCHYARD_SECRET" }, { input: 1 })).rejects.toThrow(
      "The code failed: ReferenceError: 'process' is not defined",
    );
    await expect(run({ code: "while (true) {}", timeoutMs: 50 }, { input: 1 })).rejects.toThrow("The code failed: Timed out after 50 ms");
  });

  it("stops the code when the run is cancelled, well before its time limit", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("The run was cancelled")), 100);
    const started = Date.now();
    await expect(run({ code: "while (true) {}", timeoutMs: 30_000 }, { input: 1 }, controller.signal)).rejects.toThrow(
      SandboxCancelledError,
    );
    expect(Date.now() - started).toBeLessThan(600);
  });

  it("stops the code an agent invoked as a tool when the agent's call is aborted", async () => {
    const { outputs } = await run({ code: "while (true) {}", timeoutMs: 30_000 }, {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect((outputs.tool as ToolHandle).invoke({}, { signal: controller.signal })).rejects.toThrow("The code was cancelled");
  });
});

import { executeFlow, type RunEvent } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { chainGraph, compiled, memoryBots, modelBot } from "./shared/bot-test-support";
import { scriptedModels } from "./shared/test-support";

const loopFlow = (config: Record<string, unknown>) =>
  compiled(chainGraph({ type: "for-each", config: { botId: "sum", ...config }, port: "list", out: "text" }));

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason as Error)), { once: true });
  });

function run(config: Record<string, unknown>, message: string, answer: Parameters<typeof scriptedModels>[0], signal?: AbortSignal) {
  const models = scriptedModels(answer);
  const events: RunEvent[] = [];
  const result = executeFlow(loopFlow(config), {
    runId: "r",
    input: { message },
    services: { models, bots: memoryBots({ sum: { name: "Summariser", flow: modelBot() } }) },
    callPath: ["root"],
    emit: (event) => events.push(event),
    signal,
  });
  return { result, events, models };
}

describe("for each node", () => {
  it("runs the bot once per line and joins the replies in the items' order, whatever order they finish in", async () => {
    const { result, events } = run({ concurrency: 3 }, "apple\nbanana\ncherry", async (request) => {
      const item = String((request.messages[0] as { content: string }).content);
      await wait(item === "apple" ? 30 : 5);
      return { text: item.toUpperCase() };
    });
    const done = await result;
    expect(done).toMatchObject({ status: "SUCCEEDED", output: "APPLE\n\nBANANA\n\nCHERRY" });
    const loop = done.steps.find((step) => step.nodeId === "mid")!;
    expect(loop.output).toMatchObject({ results: ["APPLE", "BANANA", "CHERRY"], errors: [] });
    // each item is a step under the loop, and the item's own steps sit under it
    const item2 = done.steps.find((step) => step.nodeId === "mid/item-2:Summariser")!;
    expect(item2).toMatchObject({
      status: "SUCCEEDED",
      input: { message: "banana" },
      output: { reply: "BANANA" },
      detail: { parentId: "mid" },
    });
    expect(done.steps.find((step) => step.nodeId === "mid/item-2:Summariser/mid")).toMatchObject({
      nodeType: "model",
      costUsd: 0.001,
      detail: { parentId: "mid/item-2:Summariser" },
    });
    // the items' model calls are the run's cost
    expect(done.costUsd).toBeCloseTo(0.003);
    const progress = events.filter((event) => event.type === "node.progress");
    expect(progress.map((event) => event.type === "node.progress" && `${event.done}/${event.total}`)).toEqual(["0/3", "1/3", "2/3", "3/3"]);
  });

  it("keeps at most `concurrency` items running", async () => {
    let running = 0;
    let most = 0;
    const { result } = run({ concurrency: 2, split: "json" }, JSON.stringify([1, 2, 3, 4, 5, 6]), async () => {
      most = Math.max(most, ++running);
      await wait(10);
      running--;
      return { text: "ok" };
    });
    expect((await result).status).toBe("SUCCEEDED");
    expect(most).toBe(2);
  });

  it("sends JSON array items as JSON text and keeps a failed item's place when errors are collected", async () => {
    const { result } = run({ onError: "collect" }, JSON.stringify([{ id: 1 }, "boom", "fine"]), (request) => {
      const text = String((request.messages[0] as { content: string }).content);
      if (text === "boom") throw new Error("provider exploded");
      return { text: `got ${text}` };
    });
    const done = await result;
    expect(done.status).toBe("SUCCEEDED");
    expect(done.steps.find((step) => step.nodeId === "mid")!.output).toEqual({
      results: ['got {"id":1}', null, "got fine"],
      text: 'got {"id":1}\n\ngot fine',
      errors: [{ index: 1, error: expect.stringContaining('bot "Summariser" failed: Model (mid) failed: provider exploded') as string }],
    });
  });

  it("stops the loop at the first failed item by default, naming it", async () => {
    const { result, models } = run({ concurrency: 1 }, "a\nb\nc\nd", (request) => {
      if ((request.messages[0] as { content: string }).content === "b") throw new Error("provider exploded");
      return { text: "ok" };
    });
    const done = await result;
    expect(done.status).toBe("FAILED");
    expect(done.error).toContain('For each (mid) failed: item 2 failed: bot "Summariser" failed');
    expect(models.requests).toHaveLength(2);
  });

  it("answers an empty list with an empty result, and refuses a non-list or a list over the cap", async () => {
    const empty = await run({ split: "json" }, "[]", () => ({ text: "never" })).result;
    expect(empty).toMatchObject({ status: "SUCCEEDED", output: "" });
    expect(empty.steps.find((step) => step.nodeId === "mid")!.detail).toMatchObject({ note: "The list is empty: nothing to run" });

    const notList = await run({ split: "json" }, '{"a": 1}', () => ({ text: "never" })).result;
    expect(notList.error).toContain("expects a JSON array, but the text is not one");

    const tooMany = await run({ maxItems: 2 }, "a\nb\nc", () => ({ text: "never" })).result;
    expect(tooMany.error).toContain('the list has 3 items, more than this node\'s limit of 2 ("Most items")');
  });

  it("stops every running item at once when the run is cancelled", async () => {
    const controller = new AbortController();
    const items = Array.from({ length: 50 }, (_, index) => `item ${index}`).join("\n");
    const { result, models } = run(
      { concurrency: 4 },
      items,
      async () => {
        await wait(5_000, controller.signal);
        return { text: "late" };
      },
      controller.signal,
    );
    setTimeout(() => controller.abort(new Error("The run was cancelled")), 50);
    const started = Date.now();
    const done = await result;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(done.status).toBe("CANCELLED");
    expect(models.requests).toHaveLength(4);
    const itemSteps = done.steps.filter((step) => step.nodeType === "item");
    expect(itemSteps.map((step) => step.status)).toEqual(["CANCELLED", "CANCELLED", "CANCELLED", "CANCELLED"]);
  });
});

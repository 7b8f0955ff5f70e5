import { describe, expect, it } from "vitest";
import { merge } from "./merge";
import { runNode } from "./shared/test-support";

describe("merge", () => {
  it("continues with the first input that arrived, all of them joined, or a list", async () => {
    const inputs = { inputs: ["from the refund branch", { id: 7 }] };
    expect((await runNode(merge, {}, inputs)).result.outputs).toEqual({ value: "from the refund branch" });
    expect((await runNode(merge, { mode: "join", separator: " | " }, inputs)).result.outputs).toEqual({
      value: 'from the refund branch | {"id":7}',
    });
    const list = await runNode(merge, { mode: "list" }, inputs);
    expect(list.result.outputs).toEqual({ value: ["from the refund branch", { id: 7 }] });
    expect(list.result.note).toBe("2 inputs arrived");
  });
});

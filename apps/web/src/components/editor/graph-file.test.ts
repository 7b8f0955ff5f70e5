import type { FlowGraph } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { exportFlowFile, parseFlowFile } from "./graph-file";

const graph: FlowGraph = {
  nodes: [
    { id: "in", type: "chat-input", position: { x: 0, y: 0 }, config: {} },
    { id: "out", type: "chat-output", position: { x: 300, y: 0 }, config: {} },
  ],
  edges: [{ id: "e1", source: "in", sourceHandle: "message", target: "out", targetHandle: "text" }],
};

describe("flow files", () => {
  it("reads back exactly the flow it wrote, with its name", () => {
    const parsed = parseFlowFile(exportFlowFile("Support bot", graph));
    expect(parsed).toEqual({ ok: true, graph, name: "Support bot" });
  });

  it("refuses text that is not JSON", () => {
    expect(parseFlowFile("{ not json")).toEqual({ ok: false, error: "The file is not valid JSON" });
  });

  it("refuses JSON that is not a flow file, and a file from a newer version", () => {
    expect(parseFlowFile(JSON.stringify({ nodes: [] }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Not a Switchyard flow file/),
    });
    const newer = JSON.parse(exportFlowFile("x", graph)) as Record<string, unknown>;
    expect(parseFlowFile(JSON.stringify({ ...newer, version: 2 }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/newer version/),
    });
  });

  it("names the field of a malformed graph", () => {
    const file = JSON.parse(exportFlowFile("x", graph)) as { graph: { nodes: { position: unknown }[] } };
    file.graph.nodes[0]!.position = "left";
    expect(parseFlowFile(JSON.stringify(file))).toMatchObject({ ok: false, error: expect.stringMatching(/^graph\.nodes\.0\.position: /) });
  });

  it("refuses node types this installation does not have, naming each once", () => {
    const alien = {
      ...graph,
      nodes: [...graph.nodes, ...["a", "b"].map((id) => ({ id, type: "teleporter", position: { x: 0, y: 0 }, config: {} }))],
    };
    expect(parseFlowFile(exportFlowFile("x", alien))).toEqual({
      ok: false,
      error: "The file uses node types this installation does not have: teleporter",
    });
  });
});

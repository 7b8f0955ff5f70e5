import { nodeRegistry } from "@switchyard/nodes";
import { Position } from "@xyflow/react";
import { describe, expect, it } from "vitest";
import { HEADER_HEIGHT, NODE_WIDTH, nodeGeometry, PORT_ROW_GAP, PORT_ROW_HEIGHT } from "./node-geometry";

describe("nodeGeometry", () => {
  it("places one handle per port: inputs on the left edge, outputs on the right", () => {
    const definition = nodeRegistry.get("model")!;
    const geometry = nodeGeometry("model");
    const targets = geometry.handles.filter((handle) => handle.type === "target");
    const sources = geometry.handles.filter((handle) => handle.type === "source");
    expect(targets.map((handle) => handle.id)).toEqual(definition.inputs.map((port) => port.name));
    expect(sources.map((handle) => handle.id)).toEqual(definition.outputs.map((port) => port.name));
    // each handle is centred on the node's border (1 px in from its edge)
    for (const handle of targets) {
      expect(handle.position).toBe(Position.Left);
      expect(handle.x + handle.width! / 2).toBe(1);
    }
    for (const handle of sources) {
      expect(handle.position).toBe(Position.Right);
      expect(handle.x + handle.width! / 2).toBe(NODE_WIDTH - 1);
    }
  });

  it("spaces port rows evenly below the header, and the node is tall enough for its longest side", () => {
    const geometry = nodeGeometry("model");
    const ys = geometry.handles.filter((handle) => handle.type === "target").map((handle) => handle.y);
    for (let index = 1; index < ys.length; index++) expect(ys[index]! - ys[index - 1]!).toBe(PORT_ROW_HEIGHT + PORT_ROW_GAP);
    expect(ys[0]).toBeGreaterThan(HEADER_HEIGHT);
    expect(geometry.initialWidth).toBe(NODE_WIDTH);
    expect(geometry.initialHeight).toBeGreaterThan(Math.max(...geometry.handles.map((handle) => handle.y + handle.height!)));
  });

  it("gives a node type it does not know one empty row and no handles", () => {
    const geometry = nodeGeometry("not-a-node");
    expect(geometry.handles).toEqual([]);
    expect(geometry.initialHeight).toBe(nodeGeometry("chat-output").initialHeight);
  });
});

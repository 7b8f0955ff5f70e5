import type { FlowGraph } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { findTemplate } from "./catalog";
import { exportFlowFile, MAX_FLOW_FILE_BYTES, parseFlowFile } from "./flow-file";
import { instantiate } from "./template";

const flow = instantiate(findTemplate("judged-ensemble")!, {
  models: { cheap: { credentialId: "c", model: "a" }, strong: { credentialId: "c", model: "b" } },
});
const file = (graph: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: "switchyard.flow", version: 1, name: "Mine", graph, ...extra });

describe("flow files", () => {
  it("read back what export wrote, name included", () => {
    expect(parseFlowFile(exportFlowFile("Judge", flow))).toEqual({ ok: true, graph: flow, name: "Judge" });
  });

  it("accept an unfinished flow: settings and connections still to make are the editor's problem list", () => {
    const unfinished: FlowGraph = { nodes: [{ id: "m", type: "model", config: {}, position: { x: 0, y: 0 } }], edges: [] };
    expect(parseFlowFile(file(unfinished))).toMatchObject({ ok: true });
  });

  it("refuse what is not a flow file, with the reason", () => {
    expect(parseFlowFile("{ not json")).toEqual({ ok: false, error: "The file is not valid JSON" });
    expect(parseFlowFile(JSON.stringify({ nodes: [], edges: [] }))).toEqual({
      ok: false,
      error: 'format: Not a Switchyard flow file (expected "format": "switchyard.flow")',
    });
    expect(parseFlowFile(file(flow, { version: 2 }))).toEqual({
      ok: false,
      error: "version: This flow file was written by a newer version of Switchyard",
    });
  });

  it("refuse a file over the size limit before reading it", () => {
    const padded = file(flow, { padding: "x".repeat(MAX_FLOW_FILE_BYTES) });
    expect(parseFlowFile(padded)).toEqual({ ok: false, error: "The file is larger than 4 MB" });
  });

  it("refuse a broken graph: unknown node types, edges to nowhere, ports that do not fit, loops", () => {
    const withNode = (type: string) => file({ ...flow, nodes: [...flow.nodes, { id: "x", type, config: {}, position: { x: 0, y: 0 } }] });
    expect(parseFlowFile(withNode("teleporter"))).toEqual({
      ok: false,
      error: "The file uses node types this installation does not have: teleporter",
    });
    const dangling = {
      ...flow,
      edges: [...flow.edges, { id: "e9", source: "input", sourceHandle: "message", target: "gone", targetHandle: "text" }],
    };
    expect(parseFlowFile(file(dangling))).toEqual({ ok: false, error: 'graph.edges.3.target: edge e9 points at unknown node "gone"' });
    const misfit = {
      ...flow,
      edges: [...flow.edges, { id: "e9", source: "input", sourceHandle: "history", target: "output", targetHandle: "text" }],
    };
    expect(parseFlowFile(file(misfit))).toEqual({
      ok: false,
      error: 'The flow in the file is broken: Chat input → Chat output: cannot connect messages output "History" to text input "Reply"',
    });
  });

  it("name the field of a malformed graph", () => {
    const malformed = JSON.parse(exportFlowFile("x", flow)) as { graph: { nodes: { position: unknown }[] } };
    malformed.graph.nodes[0]!.position = "left";
    expect(parseFlowFile(JSON.stringify(malformed))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^graph\.nodes\.0\.position: /),
    });
  });

  it("name each node type this installation does not have once", () => {
    const alien = {
      ...flow,
      nodes: [...flow.nodes, ...["a", "b"].map((id) => ({ id, type: "teleporter", position: { x: 0, y: 0 }, config: {} }))],
    };
    expect(parseFlowFile(exportFlowFile("x", alien))).toEqual({
      ok: false,
      error: "The file uses node types this installation does not have: teleporter",
    });
  });
});

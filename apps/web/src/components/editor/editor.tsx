"use client";
// The bot editor: palette, canvas, inspector and test chat. The draft autosaves with a revision
// check, so two tabs never silently overwrite each other; problems found by the same validation the
// engine runs show on the nodes and in a list.
import { compileFlow, type FlowGraph } from "@switchyard/engine";
import { nodeRegistry } from "@switchyard/nodes";
import { exportFlowFile, parseFlowFile } from "@switchyard/templates";
import {
  addEdge,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type Edge,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { PanelRightClose, PanelRightOpen } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { useThemeChoice } from "@/components/theme/theme-select";
import { api } from "@/lib/api";
import { pricesHref } from "@/lib/format";
import { ChatPanel } from "./chat-panel";
import { RunsList, VersionsList } from "./history-panel";
import { EditorHeader } from "./editor-header";
import { edgeId, useConnectionFeedback } from "./connection-feedback";
import { EditorStore } from "./editor-store";
import { EditorStoreContext, nodeTypes, type FlowCanvasNode } from "./flow-node";
import { autoLayout, copyNodes, freshNodeId, pasteNodes } from "./graph-tools";
import { Inspector, type CatalogOption, type CredentialOption } from "./inspector";
import { nodeGeometry } from "./node-geometry";
import { DRAG_TYPE, Palette } from "./palette";
import { READABLE_ZOOM, tidyViewport } from "./placement";
import { useProviderModels } from "./provider-models";
import { ModelToolbar } from "./model-toolbar";
import { NoProviderNotice } from "./no-provider-notice";
import { ShortcutsHelp } from "./shortcuts";
import { useEditorKeys } from "./use-editor-keys";
import { useAddNode } from "./use-add-node";
import { useApplyVariant } from "./use-apply-variant";
import { useDraftAutosave } from "./use-draft-autosave";
import { useElementWidth } from "./use-element-width";
import { useHistory } from "./use-history";
import { useNarrowWindow } from "./use-narrow-window";
import { usePanelOpen } from "./use-panel-open";
import { useWorkspaceReferences, type ReferenceIds } from "./workspace-references";
import type { POST as publishVersion } from "@/app/api/workspaces/[workspaceId]/bots/[botId]/versions/route";
import type { ResponseOf } from "@/server/route";

export interface EditorProps {
  workspaceId: string;
  bot: { id: string; name: string; graph: FlowGraph; revision: number };
  credentials: CredentialOption[];
  /** Ids of what flows may reference here: a node pointing anywhere else is a problem. */
  references: ReferenceIds;
  /** "KIND/model" of every model with a price here (list or the workspace's own). */
  pricedModels: string[];
  catalog: CatalogOption[];
  canEdit: boolean;
}

const canvasNode = (id: string, nodeType: string, config: Record<string, unknown>, position: { x: number; y: number }): FlowCanvasNode => ({
  id,
  type: "flow",
  position,
  data: { nodeType, config },
  ...nodeGeometry(nodeType),
});

const toCanvas = (graph: FlowGraph): { nodes: FlowCanvasNode[]; edges: Edge[] } => ({
  nodes: graph.nodes.map((node) => canvasNode(node.id, node.type, node.config, node.position)),
  edges: graph.edges.map((edge) => ({ ...edge })),
});

const toGraph = (nodes: FlowCanvasNode[], edges: Edge[]): FlowGraph => ({
  nodes: nodes.map((node) => ({
    id: node.id,
    type: node.data.nodeType,
    config: node.data.config,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
  })),
  edges: edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle ?? "",
    target: edge.target,
    targetHandle: edge.targetHandle ?? "",
  })),
});

const SERIALIZE_AFTER_MS = 120;
// the minimap (200 px, or 140 px on a narrow canvas) and the controls plus shortcuts button (about
// 90 px) sit in the bottom corners: below MINIMAP_MIN_CANVAS of free canvas there is no room for both
const MINIMAP_MIN_CANVAS = 440;
const MINIMAP_FULL_CANVAS = 720;
const SMALL_MINIMAP = { width: 140, height: 100 };
// the palette's width (w-56) where it floats over the canvas
const FLOATING_PALETTE_PX = 224;
// Fitting counts nodes by their known size: culled or just-added nodes are not measured, and React
// Flow would otherwise leave them out ("hidden" here means "not measured"; no node is ever hidden).
const FIT_ALL = { includeHiddenNodes: true, maxZoom: 1 } as const;

/** A string that changes when nodes, their configs or edges change, and not when nodes only move. */
function useStructureKey(nodes: FlowCanvasNode[], edges: Edge[]): string {
  const last = useRef<{ nodes: FlowCanvasNode[]; edges: Edge[]; key: string } | null>(null);
  const previous = last.current;
  const unchanged =
    previous !== null &&
    previous.edges === edges &&
    previous.nodes.length === nodes.length &&
    nodes.every((node, index) => node.id === previous.nodes[index]!.id && node.data === previous.nodes[index]!.data);
  if (unchanged) return previous.key;
  const key = JSON.stringify({
    nodes: nodes.map((node) => ({ id: node.id, type: node.data.nodeType, config: node.data.config })),
    edges: toGraph([], edges).edges,
  });
  last.current = { nodes, edges, key };
  return key;
}

const nextNodeId = (type: string, nodes: FlowCanvasNode[]) => freshNodeId(type, new Set(nodes.map((node) => node.id)));
const addedNode = (id: string, type: string, position: { x: number; y: number }) => canvasNode(id, type, {}, position);

function EditorCanvas({ workspaceId, bot, credentials, references, pricedModels, catalog, canEdit }: EditorProps) {
  const initial = useMemo(() => toCanvas(bot.graph), [bot.graph]);
  const [nodes, setNodes, onNodesChange] = useNodesState<FlowCanvasNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>(initial.edges);
  const [store] = useState(() => {
    const created = new EditorStore();
    const priced = new Set(pricedModels);
    const kinds = new Map(credentials.map((credential) => [credential.id, credential.kind]));
    created.priceKnown = (credentialId, model) => priced.has(`${kinds.get(String(credentialId)) ?? ""}/${model}`);
    created.pricesHref = pricesHref(workspaceId);
    return created;
  });
  const [notice, setNotice] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const flow = useReactFlow();
  const canvasArea = useRef<HTMLDivElement>(null);
  const canvasWidth = useElementWidth(canvasArea);
  const colorMode = useThemeChoice();
  const [paletteOpen, setPaletteOpen] = usePanelOpen("palette", false);
  // below 1280 px the open palette floats over the canvas's left edge: what sits there moves right
  const paletteFloats = useNarrowWindow() && paletteOpen && canEdit;
  const coveredLeft = paletteFloats ? FLOATING_PALETTE_PX : undefined;
  const freeWidth = canvasWidth - (coveredLeft ?? 0);
  const [panelOpen, setPanelOpen] = usePanelOpen("panel", true);
  const base = `/api/workspaces/${workspaceId}/bots/${bot.id}`;

  const graph = useMemo(() => toGraph(nodes, edges), [nodes, edges]);
  // Serialising a large graph costs milliseconds, too much for every frame of a drag: autosave and
  // undo history read this copy, taken once the graph has been still for a moment.
  const [serialized, setSerialized] = useState(() => JSON.stringify(bot.graph));
  useEffect(() => {
    const timer = setTimeout(() => setSerialized(JSON.stringify(graph)), SERIALIZE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [graph]);
  // Validation depends on structure and configuration, not positions: dragging must not re-validate.
  const structure = useStructureKey(nodes, edges);
  const existing = useWorkspaceReferences(workspaceId, references);
  const problems = useMemo(() => {
    const result = compileFlow(JSON.parse(structure) as FlowGraph, nodeRegistry, { references: existing });
    return result.ok ? [] : result.problems;
  }, [structure, existing]);
  useEffect(() => {
    const byNode = new Map<string, string[]>();
    for (const problem of problems)
      if (problem.nodeId) byNode.set(problem.nodeId, [...(byNode.get(problem.nodeId) ?? []), problem.message]);
    store.setProblems(byNode);
  }, [problems, store]);

  const replaceGraph = useCallback(
    (next: FlowGraph) => {
      const canvas = toCanvas(next);
      setNodes(canvas.nodes);
      setEdges(canvas.edges);
    },
    [setNodes, setEdges],
  );
  const { undo, redo } = useHistory(serialized, replaceGraph);
  const showError = useCallback((text: string) => setNotice({ kind: "error", text }), []);
  const restoreUnsaved = useCallback(
    (restored: FlowGraph) => {
      replaceGraph(restored);
      setNotice({ kind: "info", text: "Restored the changes that were not saved when you left; saving them now" });
    },
    [replaceGraph],
  );
  const { save, saveState } = useDraftAutosave({
    base,
    botId: bot.id,
    initial: bot,
    graph,
    serialized,
    canEdit,
    onError: showError,
    onRestore: restoreUnsaved,
  });
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [sideTab, setSideTab] = useState<"chat" | "runs" | "versions">("chat");

  const tidyUp = useCallback(() => {
    const positions = autoLayout(graph);
    setNodes((current) => current.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })));
    setTimeout(() => {
      const area = canvasArea.current?.getBoundingClientRect();
      const view = area && tidyViewport(flow.getNodesBounds(flow.getNodes()), area);
      if (view) void flow.setViewport(view, { duration: 300 });
      else void flow.fitView({ ...FIT_ALL, minZoom: READABLE_ZOOM, duration: 300 });
    }, 50);
  }, [graph, setNodes, flow]);

  useApplyVariant(workspaceId, setNodes, setNotice);

  useEditorKeys(canEdit, {
    undo,
    redo,
    tidyUp,
    toggleHelp: () => setShowShortcuts((open) => !open),
    copy: () => {
      const count = copyNodes(graph, new Set(nodes.filter((node) => node.selected).map((node) => node.id)));
      if (count) setNotice({ kind: "info", text: `Copied ${count} node${count > 1 ? "s" : ""}` });
    },
    paste: () => {
      const pasted = pasteNodes(graph);
      if (!pasted) return;
      const canvas = toCanvas(pasted);
      setNodes((current) => [
        ...current.map((node) => ({ ...node, selected: false })),
        ...canvas.nodes.map((node) => ({ ...node, selected: true })),
      ]);
      setEdges((current) => [...current, ...canvas.edges]);
    },
  });

  const addNode = useAddNode(canvasArea, addedNode, nextNodeId);

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const type = event.dataTransfer.getData(DRAG_TYPE);
      if (type) addNode(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [addNode, flow],
  );

  const connect = useCallback(
    (connection: Connection, replaced?: Edge) =>
      setEdges((current) =>
        addEdge({ ...connection, id: edgeId(connection) }, replaced ? current.filter((edge) => edge.id !== replaced.id) : current),
      ),
    [setEdges],
  );
  const connectionFeedback = useConnectionFeedback({ nodes, edges, area: canvasArea, connect });

  const selected = nodes.filter((node) => node.selected);
  const selectedNode = selected.length === 1 ? selected[0]! : null;
  // the inspector follows the node's id and data, not its position: dragging must not re-render it
  const inspectedId = selectedNode?.id;
  const inspectedData = selectedNode?.data;
  const inspected = useMemo(
    () => (inspectedId && inspectedData ? { id: inspectedId, data: inspectedData } : null),
    [inspectedId, inspectedData],
  );
  const updateConfig = useCallback(
    (nodeId: string, config: Record<string, unknown>) =>
      setNodes((current) => current.map((node) => (node.id === nodeId ? { ...node, data: { ...node.data, config } } : node))),
    [setNodes],
  );

  async function publish() {
    if (!(await save())) return;
    try {
      const { version } = await api<ResponseOf<typeof publishVersion>>(`${base}/versions`, { body: {} });
      setNotice({ kind: "info", text: `Published version ${version.number}` });
    } catch (caught) {
      setNotice({ kind: "error", text: (caught as Error).message });
    }
  }

  function exportFile() {
    const blob = new Blob([exportFlowFile(bot.name, graph)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `${bot.name.replace(/[^\w-]+/g, "-").toLowerCase() || "flow"}.switchyard.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  async function importFile(file: File) {
    const parsed = parseFlowFile(await file.text());
    if (!parsed.ok) {
      setNotice({ kind: "error", text: `Import failed: ${parsed.error}. Nothing was changed.` });
      return;
    }
    replaceGraph(parsed.graph);
    setNotice({ kind: "info", text: `Imported ${parsed.graph.nodes.length} nodes from ${file.name}` });
    setTimeout(() => flow.fitView(FIT_ALL), 50);
  }

  const servedModels = useProviderModels(workspaceId, inspected?.data.config.credentialId);
  const swapOptions = inspected
    ? [
        ...new Set([
          ...catalog
            .filter((item) => item.provider === credentials.find((c) => c.id === inspected.data.config.credentialId)?.kind)
            .map((item) => item.model),
          ...servedModels,
          ...(typeof inspected.data.config.model === "string" && inspected.data.config.model ? [inspected.data.config.model] : []),
        ]),
      ]
    : [];

  return (
    <EditorStoreContext.Provider value={store}>
      <div className="flex h-screen flex-col">
        <EditorHeader
          workspaceId={workspaceId}
          botName={bot.name}
          saveState={saveState}
          problemCount={problems.length}
          showProblems={showProblems}
          onToggleProblems={() => setShowProblems(!showProblems)}
          canEdit={canEdit}
          onTidyUp={tidyUp}
          onExport={exportFile}
          onImport={(file) => void importFile(file)}
          onPublish={() => void publish()}
        />
        {notice && (
          <div
            role={notice.kind === "error" ? "alert" : "status"}
            className={
              notice.kind === "error" ? "bg-red-50 px-4 py-2 text-sm text-red-700" : "bg-emerald-50 px-4 py-2 text-sm text-emerald-800"
            }
          >
            {notice.text}
            {saveState === "conflict" && (
              <button type="button" className="ml-2 underline" onClick={() => window.location.reload()}>
                Reload the latest version
              </button>
            )}
            <button type="button" className="float-right text-xs opacity-60" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </div>
        )}
        {!credentials.length && <NoProviderNotice workspaceId={workspaceId} />}
        {showProblems && problems.length > 0 && (
          <ul
            className="max-h-32 overflow-y-auto border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
            aria-label="Problems"
          >
            {problems.map((problem, index) => (
              <li key={index}>
                <button
                  type="button"
                  className="hover:underline"
                  onClick={() =>
                    problem.nodeId && flow.fitView({ ...FIT_ALL, nodes: [{ id: problem.nodeId }], duration: 300, maxZoom: 1.2 })
                  }
                >
                  {problem.nodeId ? <span className="font-mono text-xs">#{problem.nodeId} </span> : null}
                  {problem.message}
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="relative flex min-h-0 flex-1">
          {canEdit && <Palette onAdd={(type) => addNode(type)} open={paletteOpen} onOpenChange={setPaletteOpen} />}
          <div
            ref={canvasArea}
            className="relative min-w-0 flex-1"
            onDragOver={(event) => event.preventDefault()}
            onDrop={onDrop}
            onPointerMoveCapture={connectionFeedback.onPointerMove}
          >
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={connect}
              isValidConnection={connectionFeedback.isValidConnection}
              onConnectStart={connectionFeedback.onConnectStart}
              onConnectEnd={connectionFeedback.onConnectEnd}
              nodesDraggable={canEdit}
              nodesConnectable={canEdit}
              deleteKeyCode={canEdit ? ["Backspace", "Delete"] : null}
              fitView={initial.nodes.length > 0}
              // a large flow opens on its start at a readable zoom: drawing every node zoomed out is
              // what makes big canvases slow, and nobody can read them that way anyway
              fitViewOptions={{
                ...FIT_ALL,
                nodes: initial.nodes.length > 200 ? initial.nodes.slice(0, 20).map(({ id }) => ({ id })) : undefined,
              }}
              defaultViewport={{ x: 0, y: 0, zoom: 1 }}
              minZoom={0.05}
              // the wheel scrolls the canvas (a tidied large flow is read by scrolling); Ctrl/⌘ + wheel zooms
              panOnScroll
              onlyRenderVisibleElements
              proOptions={{ hideAttribution: true }}
              colorMode={colorMode}
            >
              <Background gap={16} />
              {/* a palette floating over the canvas's left edge would cover the controls: they move right of it */}
              <Controls fitViewOptions={FIT_ALL} style={{ left: coveredLeft }} />
              {/* the minimap redraws every node on every change: worth it for small flows only, and */}
              {/* only where the canvas left free by the palette has room for it beside the controls */}
              {nodes.length <= 300 && freeWidth >= MINIMAP_MIN_CANVAS && (
                <MiniMap pannable zoomable style={freeWidth < MINIMAP_FULL_CANVAS ? SMALL_MINIMAP : undefined} />
              )}
              {inspected?.data.nodeType === "model" && canEdit && (
                <ModelToolbar
                  workspaceId={workspaceId}
                  botId={bot.id}
                  nodeId={inspected.id}
                  model={String(inspected.data.config.model ?? "")}
                  models={swapOptions}
                  onModelChange={(model) => updateConfig(inspected.id, { ...inspected.data.config, model })}
                  coveredLeft={coveredLeft}
                />
              )}
            </ReactFlow>
            <ShortcutsHelp open={showShortcuts} onToggle={() => setShowShortcuts(!showShortcuts)} left={coveredLeft} />
            {connectionFeedback.overlay}
            {!nodes.length && (
              <div className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-zinc-400">
                Drag nodes from the palette, or click them, to start: Chat input → Prompt → Model → Chat output.
              </div>
            )}
          </div>
          {!panelOpen && (
            <div className="flex w-10 shrink-0 flex-col items-center border-l border-zinc-200 bg-white py-2">
              <button
                type="button"
                aria-label="Show side panel"
                title="Show the inspector and test chat"
                aria-expanded={false}
                onClick={() => setPanelOpen(true)}
                className="rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100"
              >
                <PanelRightOpen className="h-4 w-4" />
              </button>
            </div>
          )}
          {/* hidden rather than unmounted when folded, so the test chat keeps its conversation */}
          <aside className={panelOpen ? "flex w-80 shrink-0 flex-col border-l border-zinc-200 bg-white" : "hidden"} aria-label="Side panel">
            {inspected ? (
              <div className="max-h-[55%] overflow-y-auto border-b border-zinc-200">
                <Inspector
                  workspaceId={workspaceId}
                  node={inspected}
                  credentials={credentials}
                  catalog={catalog}
                  onChange={(config) => canEdit && updateConfig(inspected.id, config)}
                />
              </div>
            ) : (
              <p className="border-b border-zinc-200 p-4 text-xs text-zinc-500">Select a node to configure it.</p>
            )}
            <div className="flex border-b border-zinc-200 text-sm" role="tablist">
              {(["chat", "runs", "versions"] as const).map((tab) => (
                <button
                  key={tab}
                  type="button"
                  role="tab"
                  aria-selected={sideTab === tab}
                  onClick={() => setSideTab(tab)}
                  className={`flex-1 py-2 capitalize ${sideTab === tab ? "border-b-2 border-indigo-600 font-medium text-indigo-700" : "text-zinc-500"}`}
                >
                  {tab}
                </button>
              ))}
              <button
                type="button"
                aria-label="Hide side panel"
                title="Hide side panel"
                aria-expanded
                onClick={() => setPanelOpen(false)}
                className="px-2 text-zinc-500 hover:text-zinc-900"
              >
                <PanelRightClose className="h-4 w-4" />
              </button>
            </div>
            <div className={sideTab === "chat" ? "flex min-h-0 flex-1 flex-col" : "hidden"}>
              <ChatPanel
                runsUrl={`${base}/runs`}
                beforeRun={() => save()}
                priceKnown={(nodeId, model) =>
                  store.priceKnown((flow.getNode(nodeId) as FlowCanvasNode | undefined)?.data.config.credentialId, model)
                }
                pricesHref={store.pricesHref}
              />
            </div>
            {sideTab === "runs" && <RunsList botUrl={base} />}
            {sideTab === "versions" && (
              <VersionsList
                botUrl={base}
                draft={graph}
                onRestore={(restored, number) => {
                  replaceGraph(restored);
                  setNotice({ kind: "info", text: `Restored version ${number} into the draft (undo with Ctrl/⌘ Z)` });
                }}
              />
            )}
          </aside>
        </div>
      </div>
    </EditorStoreContext.Provider>
  );
}

export function Editor(props: EditorProps) {
  return (
    <ReactFlowProvider>
      <EditorCanvas {...props} />
    </ReactFlowProvider>
  );
}

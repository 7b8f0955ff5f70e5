"use client";
// The bot editor: palette, canvas, inspector and test chat. The draft autosaves with a revision
// check, so two tabs never silently overwrite each other; problems found by the same validation the
// engine runs show on the nodes and in a list.
import type { FlowGraph } from "@switchyard/engine";
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
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { useThemeChoice } from "@/components/theme/theme-select";
import { pricesHref } from "@/lib/format";
import { addedNode, nextNodeId, toCanvas, toGraph } from "./canvas-graph";
import { EditorHeader } from "./editor-header";
import { EditorNotices, type EditorNotice } from "./editor-notices";
import { EditorSidebar } from "./editor-sidebar";
import { edgeId, useConnectionFeedback } from "./connection-feedback";
import { EditorStore } from "./editor-store";
import { EditorStoreContext, nodeTypes, type FlowCanvasNode } from "./flow-node";
import { autoLayout, copyNodes, pasteNodes } from "./graph-tools";
import type { CatalogOption, CredentialOption } from "./inspector";
import { ModelSwapToolbar } from "./model-swap";
import { DRAG_TYPE, Palette } from "./palette";
import { READABLE_ZOOM, tidyViewport } from "./placement";
import { ShortcutsHelp } from "./shortcuts";
import { useEditorKeys } from "./use-editor-keys";
import { useAddNode } from "./use-add-node";
import { useApplyVariant } from "./use-apply-variant";
import { useDraftActions } from "./use-draft-actions";
import { useDraftAutosave } from "./use-draft-autosave";
import { useElementWidth } from "./use-element-width";
import { useHistory } from "./use-history";
import { useNarrowWindow } from "./use-narrow-window";
import { usePanelOpen } from "./use-panel-open";
import { useDraftProblems } from "./use-draft-problems";
import type { ReferenceIds } from "./workspace-references";

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
  const [notice, setNotice] = useState<EditorNotice | null>(null);
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
  const problems = useDraftProblems(workspaceId, references, nodes, edges, store);

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

  const { publish, exportFile, importFile } = useDraftActions({
    base,
    botName: bot.name,
    graph,
    save,
    replaceGraph,
    onImported: () => setTimeout(() => flow.fitView(FIT_ALL), 50),
    notify: setNotice,
  });

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
        <EditorNotices
          workspaceId={workspaceId}
          notice={notice}
          onDismiss={() => setNotice(null)}
          conflict={saveState === "conflict"}
          hasProvider={credentials.length > 0}
          problems={problems}
          showProblems={showProblems}
          onShowNode={(nodeId) => flow.fitView({ ...FIT_ALL, nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 })}
        />
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
                <ModelSwapToolbar
                  workspaceId={workspaceId}
                  botId={bot.id}
                  node={inspected}
                  credentials={credentials}
                  catalog={catalog}
                  onConfigChange={(config) => updateConfig(inspected.id, config)}
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
          <EditorSidebar
            workspaceId={workspaceId}
            base={base}
            open={panelOpen}
            onOpenChange={setPanelOpen}
            inspected={inspected}
            credentials={credentials}
            catalog={catalog}
            onConfigChange={(nodeId, config) => canEdit && updateConfig(nodeId, config)}
            save={() => save()}
            draft={graph}
            onRestoreVersion={(restored, number) => {
              replaceGraph(restored);
              setNotice({ kind: "info", text: `Restored version ${number} into the draft (undo with Ctrl/⌘ Z)` });
            }}
          />
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

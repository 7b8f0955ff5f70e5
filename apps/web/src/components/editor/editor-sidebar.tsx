"use client";
// The editor's right-hand side: the selected node's inspector above the test chat, the bot's runs and
// its published versions. Folded, it leaves a rail with the button that opens it again.
import type { FlowGraph } from "@switchyard/engine";
import { useReactFlow } from "@xyflow/react";
import { PanelRightClose, PanelRightOpen } from "lucide-react";
import { useContext, useState } from "react";
import { ChatPanel } from "./chat-panel";
import { EditorStoreContext, type FlowCanvasNode, type FlowNodeData } from "./flow-node";
import { RunsList, VersionsList } from "./history-panel";
import { Inspector, type CatalogOption, type CredentialOption } from "./inspector";

interface Props {
  workspaceId: string;
  /** The bot's API path (`/api/workspaces/…/bots/…`). */
  base: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  inspected: { id: string; data: FlowNodeData } | null;
  credentials: CredentialOption[];
  catalog: CatalogOption[];
  onConfigChange: (nodeId: string, config: Record<string, unknown>) => void;
  /** Saves the draft before a test run; false when it could not be saved. */
  save: () => Promise<boolean>;
  draft: FlowGraph;
  onRestoreVersion: (graph: FlowGraph, number: number) => void;
}

const tabs = ["chat", "runs", "versions"] as const;

export function EditorSidebar(props: Props) {
  const { workspaceId, base, open, onOpenChange, inspected, credentials, catalog, onConfigChange, save, draft, onRestoreVersion } = props;
  const store = useContext(EditorStoreContext);
  const flow = useReactFlow();
  const [tab, setTab] = useState<(typeof tabs)[number]>("chat");
  return (
    <>
      {!open && (
        <div className="flex w-10 shrink-0 flex-col items-center border-l border-zinc-200 bg-white py-2">
          <button
            type="button"
            aria-label="Show side panel"
            title="Show the inspector and test chat"
            aria-expanded={false}
            onClick={() => onOpenChange(true)}
            className="rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100"
          >
            <PanelRightOpen className="h-4 w-4" />
          </button>
        </div>
      )}
      {/* hidden rather than unmounted when folded, so the test chat keeps its conversation */}
      <aside className={open ? "flex w-80 shrink-0 flex-col border-l border-zinc-200 bg-white" : "hidden"} aria-label="Side panel">
        {inspected ? (
          <div className="max-h-[55%] overflow-y-auto border-b border-zinc-200">
            <Inspector
              workspaceId={workspaceId}
              node={inspected}
              credentials={credentials}
              catalog={catalog}
              onChange={(config) => onConfigChange(inspected.id, config)}
            />
          </div>
        ) : (
          <p className="border-b border-zinc-200 p-4 text-xs text-zinc-500">Select a node to configure it.</p>
        )}
        <div className="flex border-b border-zinc-200 text-sm" role="tablist">
          {tabs.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={tab === name}
              onClick={() => setTab(name)}
              className={`flex-1 py-2 capitalize ${tab === name ? "border-b-2 border-indigo-600 font-medium text-indigo-700" : "text-zinc-500"}`}
            >
              {name}
            </button>
          ))}
          <button
            type="button"
            aria-label="Hide side panel"
            title="Hide side panel"
            aria-expanded
            onClick={() => onOpenChange(false)}
            className="px-2 text-zinc-500 hover:text-zinc-900"
          >
            <PanelRightClose className="h-4 w-4" />
          </button>
        </div>
        <div className={tab === "chat" ? "flex min-h-0 flex-1 flex-col" : "hidden"}>
          <ChatPanel
            runsUrl={`${base}/runs`}
            beforeRun={save}
            priceKnown={(nodeId, model) =>
              store.priceKnown((flow.getNode(nodeId) as FlowCanvasNode | undefined)?.data.config.credentialId, model)
            }
            pricesHref={store.pricesHref}
          />
        </div>
        {tab === "runs" && <RunsList botUrl={base} />}
        {tab === "versions" && <VersionsList botUrl={base} draft={draft} onRestore={onRestoreVersion} />}
      </aside>
    </>
  );
}

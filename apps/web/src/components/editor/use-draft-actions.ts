"use client";
// The header's actions on the whole draft: publish it as the next version (after saving it), and
// export it to or import it from a flow file. Each reports what happened as an editor notice.
import type { FlowGraph } from "@switchyard/engine";
import { exportFlowFile, parseFlowFile } from "@switchyard/templates";
import { api } from "@/lib/api";
import type { EditorNotice } from "./editor-notices";
import type { POST as publishVersion } from "@/app/api/workspaces/[workspaceId]/bots/[botId]/versions/route";
import type { ResponseOf } from "@/server/route";

interface Options {
  base: string;
  botName: string;
  graph: FlowGraph;
  save: () => Promise<boolean>;
  replaceGraph: (graph: FlowGraph) => void;
  /** Called once an imported graph is on the canvas (to fit the view to it). */
  onImported: () => void;
  notify: (notice: EditorNotice) => void;
}

export function useDraftActions({ base, botName, graph, save, replaceGraph, onImported, notify }: Options) {
  async function publish() {
    if (!(await save())) return;
    try {
      const { version } = await api<ResponseOf<typeof publishVersion>>(`${base}/versions`, { body: { unlessUnchanged: true } });
      notify({
        kind: "info",
        text: version.reused
          ? `Nothing new to publish: the draft is the same as version ${version.number}`
          : `Published version ${version.number}`,
      });
    } catch (caught) {
      notify({ kind: "error", text: (caught as Error).message });
    }
  }

  function exportFile() {
    const blob = new Blob([exportFlowFile(botName, graph)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `${botName.replace(/[^\w-]+/g, "-").toLowerCase() || "flow"}.switchyard.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  async function importFile(file: File) {
    const parsed = parseFlowFile(await file.text());
    if (!parsed.ok) {
      notify({ kind: "error", text: `Import failed: ${parsed.error}. Nothing was changed.` });
      return;
    }
    replaceGraph(parsed.graph);
    notify({ kind: "info", text: `Imported ${parsed.graph.nodes.length} nodes from ${file.name}` });
    onImported();
  }

  return { publish, exportFile, importFile };
}

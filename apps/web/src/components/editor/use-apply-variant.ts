"use client";
// "Use this model" on an eval comparison opens the editor with ?apply=<evalRunId>:<variantKey>: the
// variant's node changes are applied to the draft as one ordinary edit (autosaved, and undone with
// Ctrl+Z like any other), and the parameter is dropped so a reload does not apply it again.
import { useEffect, type Dispatch, type SetStateAction } from "react";
import { api } from "@/lib/api";
import type { FlowCanvasNode } from "./flow-node";
import type { GET as getEvalRun } from "@/app/api/workspaces/[workspaceId]/eval-runs/[evalRunId]/route";
import type { ResponseOf } from "@/server/route";

export function useApplyVariant(
  workspaceId: string,
  setNodes: Dispatch<SetStateAction<FlowCanvasNode[]>>,
  notify: (notice: { kind: "error" | "info"; text: string }) => void,
) {
  useEffect(() => {
    const url = new URL(window.location.href);
    const apply = url.searchParams.get("apply");
    if (!apply) return;
    url.searchParams.delete("apply");
    window.history.replaceState(window.history.state, "", url);
    const [evalRunId, variantKey] = apply.split(":");
    api<ResponseOf<typeof getEvalRun>>(`/api/workspaces/${workspaceId}/eval-runs/${encodeURIComponent(evalRunId ?? "")}`)
      .then(({ evalRun }) => {
        const variant = evalRun.variants.find((candidate) => candidate.key === variantKey);
        if (!variant) throw new Error(`That eval run has no variant "${variantKey}"`);
        setNodes((current) =>
          current.map((node) =>
            variant.overrides[node.id]
              ? { ...node, data: { ...node.data, config: { ...node.data.config, ...variant.overrides[node.id] } } }
              : node,
          ),
        );
        notify({ kind: "info", text: `Applied “${variant.label}” to the draft (Ctrl+Z undoes it)` });
      })
      .catch((error: Error) => notify({ kind: "error", text: `Could not apply the variant: ${error.message}` }));
  }, [workspaceId, setNodes, notify]);
}

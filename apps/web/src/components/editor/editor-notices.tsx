"use client";
// The bar under the editor's header: the latest notice (saved, published, imported, or what failed),
// the missing-provider hint, and the list of problems the engine's validation finds in the draft.
import type { GraphProblem } from "@switchyard/engine";
import { NoProviderNotice } from "./no-provider-notice";

export interface EditorNotice {
  kind: "error" | "info";
  text: string;
}

interface Props {
  workspaceId: string;
  notice: EditorNotice | null;
  onDismiss: () => void;
  /** A save refused because another tab saved first: the notice offers a reload. */
  conflict: boolean;
  hasProvider: boolean;
  problems: GraphProblem[];
  showProblems: boolean;
  onShowNode: (nodeId: string) => void;
}

export function EditorNotices({ workspaceId, notice, onDismiss, conflict, hasProvider, problems, showProblems, onShowNode }: Props) {
  return (
    <>
      {notice && (
        <div
          role={notice.kind === "error" ? "alert" : "status"}
          className={
            notice.kind === "error" ? "bg-red-50 px-4 py-2 text-sm text-red-700" : "bg-emerald-50 px-4 py-2 text-sm text-emerald-800"
          }
        >
          {notice.text}
          {conflict && (
            <button type="button" className="ml-2 underline" onClick={() => window.location.reload()}>
              Reload the latest version
            </button>
          )}
          <button type="button" className="float-right text-xs opacity-60" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
      {!hasProvider && <NoProviderNotice workspaceId={workspaceId} />}
      {showProblems && problems.length > 0 && (
        <ul
          className="max-h-32 overflow-y-auto border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
          aria-label="Problems"
        >
          {problems.map((problem, index) => (
            <li key={index}>
              <button type="button" className="hover:underline" onClick={() => problem.nodeId && onShowNode(problem.nodeId)}>
                {problem.nodeId ? <span className="font-mono text-xs">#{problem.nodeId} </span> : null}
                {problem.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

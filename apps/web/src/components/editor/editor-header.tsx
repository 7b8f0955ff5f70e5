"use client";
// The editor's top bar: save state, problems, tidy-up, export/import and publishing.
import { AlertTriangle, ArrowLeft, Download, LayoutGrid, Upload } from "lucide-react";
import Link from "next/link";
import { useRef } from "react";
import { Button } from "@/components/ui/button";

export type SaveState = "saved" | "saving" | "unsaved" | "conflict" | "error";

const saveLabels: Record<SaveState, string> = {
  saved: "All changes saved",
  saving: "Saving…",
  unsaved: "Unsaved changes",
  conflict: "Changed in another tab",
  error: "Not saved",
};

interface Props {
  workspaceId: string;
  botName: string;
  saveState: SaveState;
  problemCount: number;
  showProblems: boolean;
  onToggleProblems: () => void;
  canEdit: boolean;
  onTidyUp: () => void;
  onExport: () => void;
  onImport: (file: File) => void;
  onPublish: () => void;
}

export function EditorHeader({
  workspaceId,
  botName,
  saveState,
  problemCount,
  showProblems,
  onToggleProblems,
  canEdit,
  onTidyUp,
  onExport,
  onImport,
  onPublish,
}: Props) {
  const importInput = useRef<HTMLInputElement>(null);
  const saveLabel = saveLabels[saveState];
  return (
    <header className="flex items-center gap-3 border-b border-zinc-200 bg-white px-4 py-2">
      <Link href={`/w/${workspaceId}/bots`} className="text-zinc-500 hover:text-zinc-900" aria-label="All bots">
        <ArrowLeft className="h-4 w-4" />
      </Link>
      <h1 className="font-semibold">{botName}</h1>
      <span
        className={saveState === "conflict" || saveState === "error" ? "text-xs text-red-600" : "text-xs text-zinc-400"}
        aria-label="Save status"
      >
        {saveLabel}
      </span>
      <button
        type="button"
        onClick={onToggleProblems}
        className={problemCount ? "flex items-center gap-1 text-xs text-amber-700" : "text-xs text-emerald-600"}
        aria-expanded={showProblems}
      >
        {problemCount ? (
          <>
            <AlertTriangle className="h-3.5 w-3.5" /> {problemCount} problem{problemCount > 1 ? "s" : ""}
          </>
        ) : (
          "Valid flow"
        )}
      </button>
      <div className="ml-auto flex items-center gap-2">
        {canEdit && (
          <Button size="sm" variant="ghost" onClick={onTidyUp} title="Tidy up (Ctrl/⌘ L)">
            <LayoutGrid className="h-3.5 w-3.5" /> Tidy up
          </Button>
        )}
        <Button size="sm" variant="outline" onClick={onExport}>
          <Download className="h-3.5 w-3.5" /> Export
        </Button>
        {canEdit && (
          <>
            <Button size="sm" variant="outline" onClick={() => importInput.current?.click()}>
              <Upload className="h-3.5 w-3.5" /> Import
            </Button>
            <input
              ref={importInput}
              type="file"
              accept="application/json,.json"
              className="hidden"
              aria-label="Import flow file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) onImport(file);
                event.target.value = "";
              }}
            />
            <Button size="sm" onClick={onPublish} disabled={problemCount > 0} title={problemCount ? "Fix the problems first" : undefined}>
              Publish version
            </Button>
          </>
        )}
      </div>
    </header>
  );
}

"use client";
// "Import flow file": a flow exported from an editor becomes a new bot. The server checks the file with
// the same rules as the editor's Import; a file too large is refused before it is sent.
import { MAX_FLOW_FILE_BYTES } from "@switchyard/templates";
import { Upload } from "lucide-react";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import type { POST as importFlow } from "@/app/api/workspaces/[workspaceId]/bots/import/route";
import { api } from "@/lib/api";
import type { ResponseOf } from "@/server/route";

export function ImportFlowButton(props: { workspaceId: string; onImported: (botId: string) => void; onError: (message: string) => void }) {
  const input = useRef<HTMLInputElement>(null);

  async function importFile(file: File) {
    if (file.size > MAX_FLOW_FILE_BYTES) return props.onError("Import failed: the file is larger than 4 MB. No bot was created.");
    try {
      const { bot } = await api<ResponseOf<typeof importFlow>>(`/api/workspaces/${props.workspaceId}/bots/import`, {
        body: { content: await file.text(), fileName: file.name },
      });
      props.onImported(bot.id);
    } catch (caught) {
      props.onError(`Import failed: ${(caught as Error).message}`);
    }
  }

  return (
    <>
      <Button variant="outline" onClick={() => input.current?.click()}>
        <Upload className="h-4 w-4" /> Import flow file
      </Button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        aria-label="Flow file to import"
        className="hidden"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          if (file) void importFile(file);
        }}
      />
    </>
  );
}

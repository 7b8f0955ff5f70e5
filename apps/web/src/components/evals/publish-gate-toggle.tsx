"use client";
// For each bot using this dataset as its default: "require it to pass before publishing". With it on,
// publishing runs the dataset on the draft and refuses when it does worse than the latest version.
import { useState } from "react";
import { api } from "@/lib/api";

export function PublishGateToggles({
  workspaceId,
  datasetId,
  bots,
  onError,
}: {
  workspaceId: string;
  datasetId: string;
  bots: { id: string; name: string; requireToPublish: boolean }[];
  onError: (message: string | null) => void;
}) {
  const [required, setRequired] = useState(() => new Map(bots.map((bot) => [bot.id, bot.requireToPublish])));
  async function toggle(botId: string, on: boolean) {
    onError(null);
    // shown at once; put back if the server refuses
    setRequired((current) => new Map(current).set(botId, on));
    try {
      await api(`/api/workspaces/${workspaceId}/bots/${botId}/default-dataset`, {
        method: "PUT",
        body: { datasetId, requireToPublish: on },
      });
    } catch (caught) {
      setRequired((current) => new Map(current).set(botId, !on));
      onError((caught as Error).message);
    }
  }
  if (!bots.length) return null;
  return (
    <div className="flex flex-col gap-1 text-sm text-zinc-700">
      {bots.map((bot) => (
        <label key={bot.id} className="flex items-center gap-2">
          <input
            type="checkbox"
            aria-label={`Require it to pass before publishing ${bot.name}`}
            checked={required.get(bot.id) ?? false}
            onChange={(event) => void toggle(bot.id, event.target.checked)}
          />
          Default dataset of <strong>{bot.name}</strong>: publishing runs it on the draft and refuses a draft that does worse than the
          latest version
        </label>
      ))}
    </div>
  );
}

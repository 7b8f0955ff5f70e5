"use client";
// What an eval run measures: a bot's draft or one of its saved versions, and a dataset. An empty
// selector always says why and where to fix it.
import Link from "next/link";
import { Label, Select } from "@/components/ui/input";
import type { FormFlow } from "@/server/eval-form-flow";

export type { FormFlow };

export interface FormBot {
  id: string;
  name: string;
  defaultDatasetId: string | null;
  /** `savesAs`: the version number starting saves the draft as; null when it equals the latest version. */
  draft: FormFlow & { savesAs: number | null };
  versions: (FormFlow & { number: number })[];
}

export type Target = "draft" | number;

export function EvalTargetFields({
  workspaceId,
  bots,
  datasets,
  botId,
  target,
  datasetId,
  onBot,
  onTarget,
  onDataset,
}: {
  workspaceId: string;
  bots: FormBot[];
  datasets: { id: string; name: string; versions: number[] }[];
  botId: string;
  target: Target;
  datasetId: string;
  onBot: (id: string) => void;
  onTarget: (target: Target) => void;
  onDataset: (id: string) => void;
}) {
  const bot = bots.find((candidate) => candidate.id === botId);
  const latest = bot?.versions[0]?.number;
  return (
    <>
      <div className="flex flex-col gap-1">
        <Label>Bot and what to measure</Label>
        {bots.length ? (
          <div className="flex gap-2">
            <Select aria-label="Bot" value={botId} onChange={(event) => onBot(event.target.value)}>
              {bots.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </Select>
            <Select
              aria-label="Bot version"
              className="w-36"
              value={String(target)}
              onChange={(event) => onTarget(event.target.value === "draft" ? "draft" : Number(event.target.value))}
            >
              <option value="draft">Draft</option>
              {bot?.versions.map((entry) => (
                <option key={entry.number} value={entry.number}>
                  v{entry.number}
                </option>
              ))}
            </Select>
          </div>
        ) : (
          <p className="text-sm text-zinc-600" data-testid="no-bots">
            No bots in this workspace yet:{" "}
            <Link className="text-indigo-600 hover:underline" href={`/w/${workspaceId}/bots`}>
              create one
            </Link>{" "}
            to measure it.
          </p>
        )}
        {bot && target === "draft" && (
          <p className="text-xs text-zinc-600" data-testid="draft-note">
            {bot.draft.savesAs === null
              ? `The draft is the same as v${latest}: that version is measured.`
              : latest
                ? `The draft differs from v${latest}: starting saves it as v${bot.draft.savesAs}.`
                : `Starting saves the draft as v${bot.draft.savesAs}, its first version.`}
          </p>
        )}
      </div>
      <div className="flex flex-col gap-1">
        <Label>Dataset (latest version)</Label>
        {datasets.length ? (
          <Select aria-label="Dataset" value={datasetId} onChange={(event) => onDataset(event.target.value)}>
            {datasets.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} · v{candidate.versions[0]}
              </option>
            ))}
          </Select>
        ) : (
          <p className="text-sm text-zinc-600">
            No datasets yet:{" "}
            <Link className="text-indigo-600 hover:underline" href={`/w/${workspaceId}/evals`}>
              import one
            </Link>{" "}
            (CSV or JSONL).
          </p>
        )}
      </div>
    </>
  );
}

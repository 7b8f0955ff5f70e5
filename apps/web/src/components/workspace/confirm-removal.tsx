"use client";
// Removing a provider, context store or HTTP credential: first say which bots and live deployments
// use it (they would fail at their next run), then remove only when the user confirms.
import type { ReferenceKind } from "@switchyard/engine";
import { Loader2, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";

interface Usages {
  bots: { id: string; name: string }[];
  deployments: { id: string; slug: string; botName: string; version: number }[];
  /** A provider: the pools it is a member of (removing it takes it out of them). */
  pools?: { id: string; name: string }[];
}

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** "Used by 2 bots and 1 live deployment", or that nothing uses it. */
export function usageSummary({ bots, deployments }: Usages): string {
  const parts = [bots.length ? count(bots.length, "bot") : "", deployments.length ? count(deployments.length, "live deployment") : ""];
  const used = parts.filter(Boolean).join(" and ");
  return used ? `Used by ${used}` : "No bot or deployment uses it";
}

export function ConfirmRemoval({
  workspaceId,
  kind,
  id,
  name,
  onRemove,
  trigger,
}: {
  workspaceId: string;
  kind: ReferenceKind;
  id: string;
  name: string;
  onRemove: () => Promise<void>;
  /** The button that opens the confirmation (default: a trash icon). */
  trigger?: (open: () => void) => ReactNode;
}) {
  const [usages, setUsages] = useState<Usages | null>(null);
  const [opening, setOpening] = useState(false);
  const { error, run } = useApiAction();
  const open = async () => {
    setOpening(true);
    await run(async () => setUsages(await api<Usages>(`/api/workspaces/${workspaceId}/references/${kind}/${id}/usages`)));
    setOpening(false);
  };
  const remove = async () => {
    await run(async () => {
      await onRemove();
      setUsages(null);
    });
  };
  const inUse = usages && usages.bots.length + usages.deployments.length > 0;
  return (
    <>
      {trigger ? (
        trigger(() => void open())
      ) : (
        <Button size="icon" variant="ghost" aria-label={`Remove ${name}`} onClick={() => void open()} disabled={opening}>
          {opening ? <Loader2 className="h-4 w-4 animate-spin" /> : <Trash2 className="h-4 w-4" />}
        </Button>
      )}
      {!usages && error && <FieldError message={error} />}
      {usages && (
        <div className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-900/30 p-4" onClick={() => setUsages(null)}>
          <div
            role="alertdialog"
            aria-modal="true"
            aria-labelledby={`remove-${id}-title`}
            className="w-full max-w-md rounded-xl border border-zinc-200 bg-white p-5 text-sm shadow-xl"
            onClick={(event) => event.stopPropagation()}
          >
            <h2 id={`remove-${id}-title`} className="text-base font-semibold">
              Remove {name}?
            </h2>
            <p className={inUse ? "mt-2 font-medium text-amber-800" : "mt-2 text-zinc-600"}>{usageSummary(usages)}</p>
            {inUse && (
              <>
                <ul className="mt-2 list-disc pl-5 text-zinc-700" aria-label="Used by">
                  {usages.bots.map((bot) => (
                    <li key={bot.id}>
                      Bot{" "}
                      <Link className="underline" href={`/w/${workspaceId}/bots/${bot.id}`}>
                        {bot.name}
                      </Link>
                    </li>
                  ))}
                  {usages.deployments.map((deployment) => (
                    <li key={deployment.id}>
                      Live deployment{" "}
                      <Link className="underline" href={`/w/${workspaceId}/deployments/${deployment.id}`}>
                        {deployment.slug}
                      </Link>{" "}
                      ({deployment.botName} v{deployment.version})
                    </li>
                  ))}
                </ul>
                <p className="mt-2 text-zinc-600">
                  Their runs will fail until they are pointed at something else, and they cannot be published.
                </p>
              </>
            )}
            {!!usages.pools?.length && (
              <p className="mt-2 font-medium text-amber-800" aria-label="Pools">
                Member of {usages.pools.length === 1 ? "pool" : "pools"} {usages.pools.map((pool) => `“${pool.name}”`).join(", ")}: removing
                it takes it out of {usages.pools.length === 1 ? "that pool" : "those pools"}, and a pool left with no members stops its
                bots.
              </p>
            )}
            <FieldError message={error} />
            <div className="mt-4 flex justify-end gap-2">
              <Button variant="ghost" size="sm" autoFocus onClick={() => setUsages(null)}>
                Keep it
              </Button>
              <Button variant="destructive" size="sm" onClick={() => void remove()}>
                {inUse || usages.pools?.length ? "Remove anyway" : "Remove"}
              </Button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}

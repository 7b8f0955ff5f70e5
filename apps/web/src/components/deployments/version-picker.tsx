"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import { ago } from "@/lib/time";

interface Version {
  number: number;
  note: string;
  createdAt: string;
}

/** Which version the deployment serves: a newer one to publish, an earlier one to roll back, in one click. */
export function VersionPicker({
  path,
  current,
  versions,
  canEdit,
}: {
  path: string;
  current: number;
  versions: Version[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [pending, setPending] = useState<number | null>(null);
  const { error, run } = useApiAction();

  async function serve(number: number) {
    setPending(number);
    await run(async () => {
      await api(path, { method: "PATCH", body: { version: number } });
      router.refresh();
    });
    setPending(null);
  }

  return (
    <div className="flex flex-col gap-2">
      <ul className="divide-y divide-zinc-100" aria-label="Versions">
        {versions.map((version) => (
          <li key={version.number} className="flex items-center gap-3 py-2 text-sm">
            <span className="w-10 font-mono font-medium text-zinc-900">v{version.number}</span>
            <span className="min-w-0 flex-1 truncate text-zinc-500">
              {version.note || "No note"} · {ago(version.createdAt)}
            </span>
            {version.number === current ? (
              <span className="rounded-full bg-emerald-100 px-2.5 py-0.5 text-xs font-medium text-emerald-700">Live</span>
            ) : (
              canEdit && (
                <Button size="sm" variant="outline" disabled={pending !== null} onClick={() => serve(version.number)}>
                  {pending === version.number
                    ? "Switching…"
                    : version.number < current
                      ? `Roll back to v${version.number}`
                      : `Deploy v${version.number}`}
                </Button>
              )
            )}
          </li>
        ))}
      </ul>
      <FieldError message={error} />
    </div>
  );
}

"use client";
import { Globe, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { api } from "@/lib/api";
import type { PATCH as updateDeployment } from "@/app/api/workspaces/[workspaceId]/deployments/[deploymentId]/route";
import type { ResponseOf } from "@/server/route";

/** The sites whose pages may use the widget (checked on every public chat request). */
export function AllowedOrigins({ path, initial, canEdit }: { path: string; initial: string[]; canEdit: boolean }) {
  const router = useRouter();
  const [origins, setOrigins] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  async function save(next: string[]) {
    setError(null);
    try {
      const { deployment } = await api<ResponseOf<typeof updateDeployment>>(path, {
        method: "PATCH",
        body: { allowedOrigins: next },
      });
      setOrigins(deployment.allowedOrigins);
      router.refresh();
      return true;
    } catch (caught) {
      setError((caught as Error).message);
      return false;
    }
  }

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const origin = String(new FormData(form).get("origin") ?? "")
      .trim()
      .replace(/\/$/, "");
    if (origin && !origins.includes(origin) && (await save([...origins, origin]))) form.reset();
  }

  return (
    <div className="flex flex-col gap-3">
      {origins.length ? (
        <ul className="flex flex-wrap gap-2" aria-label="Allowed origins">
          {origins.map((origin) => (
            <li key={origin} className="flex items-center gap-1.5 rounded-full border border-zinc-200 bg-zinc-50 py-1 pl-3 pr-1 text-sm">
              <Globe className="h-3.5 w-3.5 text-zinc-400" />
              <code className="text-xs">{origin}</code>
              {canEdit && (
                <button
                  type="button"
                  aria-label={`Remove ${origin}`}
                  onClick={() => save(origins.filter((item) => item !== origin))}
                  className="rounded-full p-0.5 text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700"
                >
                  <X className="h-3.5 w-3.5" />
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-amber-700">No site may embed the widget yet: add the origin of each site that shows it.</p>
      )}
      {canEdit && (
        <form onSubmit={add} className="flex gap-2">
          <Input name="origin" placeholder="https://www.example.com" aria-label="Origin to allow" />
          <Button type="submit" variant="outline">
            Allow
          </Button>
        </form>
      )}
      <FieldError message={error} />
    </div>
  );
}

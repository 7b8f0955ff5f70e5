"use client";
// "Run injection suite": one click runs the built-in prompt-injection cases against an agent bot and
// opens the eval run, which reports the attack success rate.
import { ShieldAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Label, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import type { POST as runInjectionSuite } from "@/app/api/workspaces/[workspaceId]/bots/[botId]/injection-suite/route";
import type { ResponseOf } from "@/server/route";

export function InjectionSuiteCard({ workspaceId, bots }: { workspaceId: string; bots: { id: string; name: string }[] }) {
  const router = useRouter();
  const [botId, setBotId] = useState(bots[0]?.id ?? "");
  const { error, pending: starting, run } = useApiAction();

  const start = () =>
    run(
      () => api<ResponseOf<typeof runInjectionSuite>>(`/api/workspaces/${workspaceId}/bots/${botId}/injection-suite`, { body: {} }),
      ({ evalRun }) => router.push(`/w/${workspaceId}/evals/runs/${evalRun.id}`),
    );

  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <ShieldAlert className="h-4 w-4 text-zinc-400" /> Prompt-injection suite
        </CardTitle>
        <p className="text-sm text-zinc-600">
          Plants hostile instructions in an agent&apos;s tool results and documents (send data to another host, call tools nobody asked for,
          ignore the system prompt) and reports how many attacks succeed.
        </p>
      </CardHeader>
      <CardContent className="flex flex-wrap items-end gap-3">
        {bots.length === 0 ? (
          <p className="text-sm text-zinc-500">No bot has an Agent node yet.</p>
        ) : (
          <>
            <div className="flex min-w-64 flex-col gap-1">
              <Label htmlFor="injection-bot">Agent bot</Label>
              <Select id="injection-bot" value={botId} onChange={(event) => setBotId(event.target.value)}>
                {bots.map((bot) => (
                  <option key={bot.id} value={bot.id}>
                    {bot.name}
                  </option>
                ))}
              </Select>
            </div>
            <Button onClick={() => void start()} disabled={!botId || starting}>
              <ShieldAlert className="h-4 w-4" /> {starting ? "Starting…" : "Run injection suite"}
            </Button>
          </>
        )}
        <FieldError message={error} />
      </CardContent>
    </Card>
  );
}

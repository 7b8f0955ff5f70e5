"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import type { POST as acceptInvite } from "@/app/api/invites/[token]/route";
import type { ResponseOf } from "@/server/route";

export function AcceptInvite({ token }: { token: string }) {
  const router = useRouter();
  const { error, pending, run } = useApiAction();
  return (
    <div className="flex flex-col gap-2">
      <Button
        disabled={pending}
        onClick={() =>
          run(
            () => api<ResponseOf<typeof acceptInvite>>(`/api/invites/${token}`, { method: "POST" }),
            ({ workspace }) => router.push(`/w/${workspace.id}/bots`),
          )
        }
      >
        Accept invitation
      </Button>
      <FieldError message={error} />
    </div>
  );
}

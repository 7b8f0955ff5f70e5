"use client";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/api";

export function DeleteDeployment({ path, back }: { path: string; back: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>
        <Trash2 className="h-4 w-4" /> Unpublish
      </Button>
    );
  return (
    <div className="flex items-center gap-2">
      <span className="text-sm text-zinc-600">The widget and API stop answering.</span>
      <Button
        size="sm"
        variant="destructive"
        onClick={async () => {
          await api(path, { method: "DELETE" });
          router.push(back);
          router.refresh();
        }}
      >
        Unpublish
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
        Keep
      </Button>
    </div>
  );
}

// What a list page shows before it has anything: an icon, a title and a hint at the next step.
import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

export function EmptyState({ icon: Icon, title, children }: { icon: LucideIcon; title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed border-zinc-300 bg-white py-16 text-center">
      <Icon className="h-8 w-8 text-zinc-400" />
      <p className="font-medium">{title}</p>
      {children && <p className="text-sm text-zinc-500">{children}</p>}
    </div>
  );
}

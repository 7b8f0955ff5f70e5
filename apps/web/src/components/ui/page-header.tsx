// The top of a workspace page: its title, one line saying what the page is for, and the page's
// actions on the right. One component so every page reads the same way.
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

interface Props {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  /** Align actions with the title's top when the description runs to several lines. */
  align?: "end" | "start";
  className?: string;
}

export function PageHeader({ title, description, actions, align = "end", className }: Props) {
  return (
    <div className={cn("flex flex-wrap justify-between gap-4", align === "end" ? "items-end" : "items-start", className)}>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="text-sm text-zinc-600">{description}</p>}
      </div>
      {actions}
    </div>
  );
}
